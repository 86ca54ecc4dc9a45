package io.trailkeeper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HashSet128Test {
    @Test
    void behavesLikeASetOfUuidsThroughGrowthAndClear() {
        HashSet128 set = new HashSet128(4);
        Set<UUID> reference = new HashSet<>();
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 50_000; i++) {
            // a small value range forces repeats; zero and near-zero hashes are included on purpose
            long hi = random.nextInt(3) == 0 ? 0 : random.nextLong(20_000);
            long lo = random.nextLong(3);
            assertEquals(reference.add(new UUID(hi, lo)), set.add(hi, lo), "add " + hi + "/" + lo);
        }
        assertEquals(reference.size(), set.size());
        for (UUID u : reference) {
            assertTrue(set.contains(u.getMostSignificantBits(), u.getLeastSignificantBits()));
        }
        assertFalse(set.contains(99_999, 7));
        set.clear();
        assertEquals(0, set.size());
        assertFalse(set.contains(0, 0));
        assertTrue(set.add(0, 0));
        assertFalse(set.add(0, 0));
    }
}
