package io.trailkeeper.store;

import java.util.Arrays;

/**
 * A set of 128-bit record hashes in two long arrays (open addressing, linear probing): no object per entry,
 * so the duplicate checks of a batch or a transaction cost the garbage collector nothing. Reusable after
 * {@link #clear()}. The all-zero hash is kept aside, as the empty-slot marker.
 */
final class HashSet128 {
    private long[] hi;
    private long[] lo;
    private int size;
    private boolean zero;

    HashSet128(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
        hi = new long[capacity];
        lo = new long[capacity];
    }

    /** Adds the hash; true when it was not there. */
    boolean add(long h, long l) {
        if (h == 0 && l == 0) {
            boolean added = !zero;
            zero = true;
            return added;
        }
        if (2 * (size + 1) > hi.length) {
            grow();
        }
        int mask = hi.length - 1;
        int i = (int) (h ^ (h >>> 32)) & mask;
        while (hi[i] != 0 || lo[i] != 0) {
            if (hi[i] == h && lo[i] == l) {
                return false;
            }
            i = (i + 1) & mask;
        }
        hi[i] = h;
        lo[i] = l;
        size++;
        return true;
    }

    boolean contains(long h, long l) {
        if (h == 0 && l == 0) {
            return zero;
        }
        int mask = hi.length - 1;
        int i = (int) (h ^ (h >>> 32)) & mask;
        while (hi[i] != 0 || lo[i] != 0) {
            if (hi[i] == h && lo[i] == l) {
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    int size() {
        return size + (zero ? 1 : 0);
    }

    void clear() {
        if (size > 0) {
            Arrays.fill(hi, 0L);
            Arrays.fill(lo, 0L);
        }
        size = 0;
        zero = false;
    }

    private void grow() {
        long[] oldHi = hi;
        long[] oldLo = lo;
        hi = new long[oldHi.length * 2];
        lo = new long[oldLo.length * 2];
        size = 0;
        for (int i = 0; i < oldHi.length; i++) {
            if (oldHi[i] != 0 || oldLo[i] != 0) {
                add(oldHi[i], oldLo[i]);
            }
        }
    }
}
