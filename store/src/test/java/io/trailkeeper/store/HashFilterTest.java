package io.trailkeeper.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HashFilterTest {
    @Test
    void everyAddedHashIsFoundAndFewOthersAre() {
        HashFilter filter = new HashFilter(20); // 1M bits, 65,536 hashes
        SplittableRandom random = new SplittableRandom(7);
        long[][] added = new long[60_000][];
        for (int i = 0; i < added.length; i++) {
            added[i] = new long[] {random.nextLong(), random.nextLong()};
            filter.add(added[i][0], added[i][1]);
        }
        for (long[] h : added) {
            assertTrue(filter.mightContain(h[0], h[1]), "a hash added is always found");
        }
        int falsePositives = 0;
        for (int i = 0; i < 100_000; i++) {
            if (filter.mightContain(random.nextLong(), random.nextLong())) {
                falsePositives++;
            }
        }
        // 16 bits a hash and 6 probes: about one in a thousand
        assertTrue(falsePositives < 300, "false positives: " + falsePositives);
        assertFalse(filter.full());
    }

    @Test
    void pastItsCapacityItAnswersYesToEverything() {
        HashFilter filter = new HashFilter(10); // 64 hashes
        for (long i = 1; i <= filter.capacity(); i++) {
            filter.add(i * 0x9E3779B97F4A7C15L, i);
        }
        assertTrue(filter.full());
        assertTrue(filter.mightContain(12345, 678), "a full filter cannot say no");
    }
}
