package io.trailkeeper.store;

/**
 * A Bloom filter of 128-bit record hashes, of fixed size: {@link #mightContain} is false only for hashes never added,
 * and true for an added one always (for others rarely, while the filter holds at most {@link #capacity} hashes). Past
 * its capacity it is full and answers true to everything, so memory does not grow with what it is given. The record
 * hashes are uniform already: their two halves make the probe positions.
 */
final class HashFilter {
    private static final int PROBES = 6;

    private final long[] bits;
    private final long mask;
    private final long capacity;
    private long added;

    /** @param log2Bits the filter's size, 2^log2Bits bits; it holds a sixteenth of that many hashes */
    HashFilter(int log2Bits) {
        if (log2Bits < 6 || log2Bits > 36) {
            throw new IllegalArgumentException("log2Bits must be between 6 and 36: " + log2Bits);
        }
        bits = new long[(int) (1L << (log2Bits - 6))];
        mask = (1L << log2Bits) - 1;
        capacity = (1L << log2Bits) / 16;
    }

    void add(long hi, long lo) {
        if (full()) {
            return;
        }
        added++;
        for (int i = 0; i < PROBES; i++) {
            long bit = (hi + i * lo) & mask;
            bits[(int) (bit >>> 6)] |= 1L << bit;
        }
    }

    boolean mightContain(long hi, long lo) {
        if (full()) {
            return true;
        }
        for (int i = 0; i < PROBES; i++) {
            long bit = (hi + i * lo) & mask;
            if ((bits[(int) (bit >>> 6)] & (1L << bit)) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether it holds more than it can answer for (then every answer is true). */
    boolean full() {
        return added >= capacity;
    }

    long capacity() {
        return capacity;
    }
}
