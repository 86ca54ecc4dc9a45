package io.trailkeeper.events;

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

    private boolean ended;
    private long trailingBytes;
    private boolean trailingZeros = true;

    GzipMembers(InputStream in, int size) throws IOException {
        super(in, size);
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

    /**
     * Bytes after the last member (at least: a failed look for another header may have taken a few), once the data
     * was read to its end; 0 when none followed.
     */
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
}
