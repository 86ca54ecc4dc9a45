package io.trailkeeper.events;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Gzip data of one or more members that, at its end, tells what followed the last member. Java's GZIPInputStream
 * ends in silence where the bytes after a member are not another member's header: zero padding, text, or a member
 * whose header is damaged, whose records would then be lost without a word.
 */
final class GzipMembers extends GZIPInputStream {
    /** A gzip member's trailer: CRC-32 and length. */
    private static final int TRAILER_BYTES = 8;

    private final Direct direct;
    private boolean ended;
    private long trailingBytes;
    private boolean trailingZeros = true;

    GzipMembers(InputStream in, int size) throws IOException {
        this(new Direct(in), size);
    }

    private GzipMembers(Direct in, int size) throws IOException {
        super(in, size);
        direct = in;
        direct.fillBuffer = buf;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0 && !ended) {
            ended = true;
            countTrailing();
        }
        return n;
    }

    /** Bytes after the last member, once the data was read to its end; 0 when none followed. */
    long trailingBytes() {
        return trailingBytes;
    }

    /** Whether every byte after the last member is zero (padding, not a lost member). */
    boolean trailingZeros() {
        return trailingZeros;
    }

    private void countTrailing() throws IOException {
        // what the inflater holds past the last member's compressed data: its trailer, then whatever followed
        int afterTrailer = Math.max(0, inf.getRemaining() - TRAILER_BYTES);
        note(buf, len - afterTrailer, afterTrailer);
        // what was read from the source past the buffer: the trailer's rest, then the look for another header
        direct.noteTrailing(this, Math.max(0, TRAILER_BYTES - inf.getRemaining()));
        byte[] chunk = new byte[8192];
        int r;
        while ((r = in.read(chunk)) > 0) {
            note(chunk, 0, r);
        }
    }

    private void note(byte[] bytes, int from, int count) {
        trailingBytes += count;
        for (int i = from; i < from + count && trailingZeros; i++) {
            trailingZeros = bytes[i] == 0;
        }
    }

    /**
     * The source, keeping what GZIPInputStream reads from it past its buffer since the buffer was last filled: the
     * part of a trailer the buffer did not hold, and the bytes of a failed look for another member's header, which
     * would otherwise go uncounted. Only the first few are kept; of the rest, the count and whether all are zero.
     */
    private static final class Direct extends FilterInputStream {
        private final byte[] first = new byte[TRAILER_BYTES + 2];
        private byte[] fillBuffer;
        private long count;
        private boolean restZeros = true;

        Direct(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                direct((byte) b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (b == fillBuffer) {
                count = 0;
                restZeros = true;
            } else {
                for (int i = 0; i < n; i++) {
                    direct(b[off + i]);
                }
            }
            return n;
        }

        private void direct(byte b) {
            if (count < first.length) {
                first[(int) count] = b;
            } else {
                restZeros &= b == 0;
            }
            count++;
        }

        /** Notes the bytes read past the buffer after the trailer's {@code trailerPart} to {@code members}. */
        void noteTrailing(GzipMembers members, int trailerPart) {
            int kept = (int) Math.min(count, first.length);
            if (kept > trailerPart) {
                members.note(first, trailerPart, kept - trailerPart);
            }
            if (count > first.length) {
                members.trailingBytes += count - first.length;
                members.trailingZeros &= restZeros;
            }
        }
    }
}
