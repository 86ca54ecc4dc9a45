package io.trailkeeper.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.complex.ListVector;

/**
 * Column builders in plain Java arrays, copied into Arrow buffers in one go when the batch is handed over.
 * Arrow's own per-value setters check capacity and fill gaps on every call; building here and copying once
 * costs a fraction of that.
 */
final class Columns {
    private Columns() {
    }

    /** Nullable UTF-8 text. */
    static final class Text {
        private byte[] data = new byte[64 * 1024];
        private int[] offsets = new int[1024 + 1];
        private long[] valid = new long[16];
        private int size;
        private int length;

        void add(String s) {
            ensureRows(size + 1);
            if (s != null) {
                valid[size >>> 6] |= 1L << (size & 63);
                int n = s.length();
                ensureBytes(length + n * 3);
                int start = length;
                boolean ascii = true;
                for (int i = 0; i < n; i++) {
                    char c = s.charAt(i);
                    if (c >= 0x80) {
                        ascii = false;
                        break;
                    }
                    data[start + i] = (byte) c;
                }
                if (ascii) {
                    length += n;
                } else {
                    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                    ensureBytes(start + utf8.length);
                    System.arraycopy(utf8, 0, data, start, utf8.length);
                    length = start + utf8.length;
                }
            }
            size++;
            offsets[size] = length;
        }

        /** Appends bytes as they are (binary columns), or null. */
        void addBytes(byte[] b) {
            ensureRows(size + 1);
            if (b != null) {
                valid[size >>> 6] |= 1L << (size & 63);
                ensureBytes(length + b.length);
                System.arraycopy(b, 0, data, length, b.length);
                length += b.length;
            }
            size++;
            offsets[size] = length;
        }

        int size() {
            return size;
        }

        void reset() {
            Arrays.fill(valid, 0, Math.min(valid.length, (size + 63) >>> 6), 0L);
            size = 0;
            length = 0;
        }

        private void ensureRows(int rows) {
            if (rows + 1 > offsets.length) {
                offsets = Arrays.copyOf(offsets, offsets.length * 2);
            }
            if ((rows + 63) >>> 6 > valid.length) {
                valid = Arrays.copyOf(valid, valid.length * 2);
            }
        }

        private void ensureBytes(int bytes) {
            if (bytes > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, bytes));
            }
        }

        /** Copies into an Arrow variable-width vector (VarChar). */
        void copyTo(BaseVariableWidthVector v) {
            v.allocateNew(Math.max(1, length), Math.max(1, size));
            copyInts(v.getOffsetBuffer(), offsets, size + 1);
            v.getDataBuffer().setBytes(0, data, 0, length);
            copyBits(v.getValidityBuffer(), valid, size);
            v.setLastSet(size - 1);
            v.setValueCount(size);
        }

        /** Copies as the data vector of a list (every item set). */
        void copyTo(ListVector list, Ints listOffsets) {
            int rows = listOffsets.size() - 1;
            list.setInitialCapacity(Math.max(1, rows));
            list.allocateNew();
            copyTo((BaseVariableWidthVector) list.getDataVector());
            copyInts(list.getOffsetBuffer(), listOffsets.values, rows + 1);
            long[] all = new long[(rows + 63) >>> 6];
            Arrays.fill(all, -1L);
            copyBits(list.getValidityBuffer(), all, rows);
            list.setLastSet(rows - 1);
            list.setValueCount(rows);
        }
    }

    /** Growable int array. */
    static final class Ints {
        private int[] values = new int[1024];
        private int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int size() {
            return size;
        }

        void reset() {
            size = 0;
        }

        int get(int i) {
            return values[i];
        }

        void copyTo(BaseFixedWidthVector v) {
            v.allocateNew(Math.max(1, size));
            copyInts(v.getDataBuffer(), values, size);
            allValid(v.getValidityBuffer(), size);
            v.setValueCount(size);
        }
    }

    /** Growable nullable long array (times, counters). */
    static final class Longs {
        private long[] values = new long[1024];
        private long[] valid = new long[16];
        private int size;

        void add(long v) {
            ensure();
            values[size] = v;
            valid[size >>> 6] |= 1L << (size & 63);
            size++;
        }

        void addNull() {
            ensure();
            size++;
        }

        long get(int i) {
            return values[i];
        }

        void reset() {
            Arrays.fill(valid, 0, Math.min(valid.length, (size + 63) >>> 6), 0L);
            size = 0;
        }

        private void ensure() {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            if ((size + 64) >>> 6 > valid.length) {
                valid = Arrays.copyOf(valid, valid.length * 2);
            }
        }

        void copyTo(BaseFixedWidthVector v) {
            v.allocateNew(Math.max(1, size));
            copyLongs(v.getDataBuffer(), values, size);
            copyBits(v.getValidityBuffer(), valid, size);
            v.setValueCount(size);
        }
    }

    /** Growable nullable booleans. */
    static final class Bools {
        private long[] bits = new long[16];
        private long[] valid = new long[16];
        private int size;

        void add(Boolean b) {
            if ((size + 64) >>> 6 > bits.length) {
                bits = Arrays.copyOf(bits, bits.length * 2);
                valid = Arrays.copyOf(valid, valid.length * 2);
            }
            if (b != null) {
                valid[size >>> 6] |= 1L << (size & 63);
                if (b) {
                    bits[size >>> 6] |= 1L << (size & 63);
                }
            }
            size++;
        }

        boolean get(int i) {
            return (bits[i >>> 6] & (1L << (i & 63))) != 0;
        }

        void reset() {
            int words = Math.min(bits.length, (size + 63) >>> 6);
            Arrays.fill(bits, 0, words, 0L);
            Arrays.fill(valid, 0, words, 0L);
            size = 0;
        }

        void set(int i, boolean b) {
            if (b) {
                bits[i >>> 6] |= 1L << (i & 63);
            } else {
                bits[i >>> 6] &= ~(1L << (i & 63));
            }
        }

        void copyTo(BitVector v) {
            v.allocateNew(Math.max(1, size));
            copyBits(v.getDataBuffer(), bits, size);
            copyBits(v.getValidityBuffer(), valid, size);
            v.setValueCount(size);
        }
    }

    private static void copyInts(ArrowBuf buf, int[] values, int count) {
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(4 * count).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bytes.asIntBuffer().put(values, 0, count);
        buf.setBytes(0, bytes.array(), 0, 4L * count);
    }

    private static void copyLongs(ArrowBuf buf, long[] values, int count) {
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(8 * count).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values, 0, count);
        buf.setBytes(0, bytes.array(), 0, 8L * count);
    }

    /** Arrow validity and boolean buffers are little-endian bit arrays: the same layout as these words. */
    private static void copyBits(ArrowBuf buf, long[] words, int count) {
        int n = (count + 63) >>> 6;
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(8 * n).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(words, 0, n);
        buf.setBytes(0, bytes.array(), 0, Math.min(8L * n, buf.capacity()));
    }

    /** Copies 128-bit values, each as 16 big-endian bytes (Arrow's UUID layout), all valid. */
    static void copyUuids(FixedSizeBinaryVector v, Longs hi, Longs lo, int count) {
        v.allocateNew(Math.max(1, count));
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16 * count); // big-endian
        for (int i = 0; i < count; i++) {
            bytes.putLong(hi.get(i)).putLong(lo.get(i));
        }
        v.getDataBuffer().setBytes(0, bytes.array(), 0, 16L * count);
        allValid(v.getValidityBuffer(), count);
        v.setValueCount(count);
    }

    private static void allValid(ArrowBuf buf, int count) {
        buf.setOne(0L, (long) ((count + 7) >>> 3));
    }
}
