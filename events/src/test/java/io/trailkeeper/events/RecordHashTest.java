package io.trailkeeper.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The key each record is stored under: stable, sensitive to every byte, blind to where the bytes live. */
class RecordHashTest {

    private static byte[] pattern(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void sameBytesSameHash() {
        for (int length = 0; length <= 40; length++) {
            byte[] a = pattern(length);
            assertEquals(RecordHash.of(a), RecordHash.of(a), "twice on one array");
            assertEquals(RecordHash.of(a), RecordHash.of(a.clone()), "on a copy");
        }
    }

    @Test
    void identicalContentFromDifferentPlacesHashesTheSame() {
        byte[] record = ascii("{\"eventVersion\":\"1.08\",\"eventName\":\"StopLogging\",\"eventID\":\"e-1\"}");
        byte[] buffer = new byte[record.length + 13];
        System.arraycopy(record, 0, buffer, 13, record.length);
        byte[] cut = Arrays.copyOfRange(buffer, 13, buffer.length);
        assertEquals(RecordHash.of(record), RecordHash.of(cut));
        assertEquals(RecordHash.of(record), RecordHash.of(new String(record, StandardCharsets.UTF_8)
                .getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Lengths 0 to 40 cover no block, one and two 16-byte blocks, and every tail length (1-15 bytes, split
     * over the two tail words at 8): a byte the tail loop forgot would leave the hash unchanged here.
     */
    @Test
    void changingAnyOneByteChangesTheHash() {
        Set<UUID> seen = new HashSet<>();
        int variants = 0;
        for (int length = 0; length <= 40; length++) {
            byte[] base = pattern(length);
            UUID baseHash = RecordHash.of(base);
            seen.add(baseHash);
            variants++;
            for (int pos = 0; pos < length; pos++) {
                for (int bit : new int[] {0x01, 0x80}) {
                    byte[] changed = base.clone();
                    changed[pos] ^= (byte) bit;
                    UUID h = RecordHash.of(changed);
                    assertNotEquals(baseHash, h, "length " + length + ", byte " + pos + ", bit " + bit);
                    seen.add(h);
                    variants++;
                }
            }
        }
        assertEquals(variants, seen.size(), "every variant hashes differently");
    }

    @Test
    void lengthCountsEvenForZeroBytes() {
        Set<UUID> seen = new HashSet<>();
        for (int length = 0; length <= 40; length++) {
            assertTrue(seen.add(RecordHash.of(new byte[length])), "zeros of length " + length);
        }
    }

    @Test
    void bothHalvesOfTheKeyChange() {
        // a hash whose second half ignored the input would still pass the tests above on the first half
        Set<Long> high = new HashSet<>();
        Set<Long> low = new HashSet<>();
        for (int length = 0; length <= 40; length++) {
            UUID h = RecordHash.of(pattern(length));
            high.add(h.getMostSignificantBits());
            low.add(h.getLeastSignificantBits());
        }
        assertEquals(41, high.size());
        assertEquals(41, low.size());
    }

    /**
     * Pinned: stores key their records by these values, so a change here orphans every stored record. The
     * expected values come from an independent implementation of MurmurHash3 x64-128 (seeded with
     * "TRKEEPER" in both halves) that reproduces the reference vectors of the unseeded function.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                                    | e2102fd1-698f-e669-a8db-34a1d3971b84
            a                                                     | e525d19e-16ad-be3c-1efe-6eadeb234a74
            0123456789abcdef                                      | 6324bf90-8395-4999-4d6a-97fda64a917d
            0123456789abcdef0123456789abcde                       | ab549de4-3199-8107-1aba-52ccd15f5ead
            {"eventVersion":"1.08","eventName":"StopLogging"}     | 514419cd-d61b-b6de-e681-ebab063b2a5d
            """)
    void knownValues(String text, String expected) {
        assertEquals(UUID.fromString(expected), RecordHash.of(ascii(text)));
    }

    @Test
    void knownValueOverManyBlocks() {
        byte[] all = new byte[768];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        assertEquals(UUID.fromString("fbd95a68-670b-500a-f84e-5fcd3ac5188d"), RecordHash.of(all));
    }
}
