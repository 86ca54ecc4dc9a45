package io.trailkeeper.events;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Keeps the bytes a parser has read since the reader's last {@link #release}, so that the reader can
 * cut out a record's original bytes by the offsets the parser reports, and can start again from an
 * earlier offset after a syntax error. Memory stays bounded: past {@code maxRetained} bytes it stops
 * keeping, and {@link #slice} then says so.
 */
final class RetainingInputStream extends ChunkedInputStream {
    private final InputStream in;
    private final int maxRetained;
    private byte[] buffer = new byte[128 * 1024];
    /** Stream offset of buffer[0]. */
    private long bufferStart;
    /** Bytes held in the buffer. */
    private int held;
    /** Stream offset of the next byte to hand out. */
    private long position;
    private long released;
    /** Set when the source has ended. */
    private boolean ended;

    RetainingInputStream(InputStream in, int maxRetained) {
        this.in = in;
        this.maxRetained = maxRetained;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        long bufferEnd = bufferStart + held;
        if (position < bufferEnd && position >= bufferStart) {
            int n = (int) Math.min(len, bufferEnd - position);
            System.arraycopy(buffer, (int) (position - bufferStart), b, off, n);
            position += n;
            return n;
        }
        int n = in.read(b, off, len);
        if (n > 0) {
            keep(b, off, n);
            position += n;
        } else if (n < 0) {
            ended = true;
        }
        return n;
    }

    /** True when the source has ended and every byte of it has been handed out. */
    boolean exhausted() {
        return ended && position == bufferStart + held;
    }

    /** The offset of the next byte the parser will get. */
    long position() {
        return position;
    }

    /** Bytes before {@code offset} are no longer needed. */
    void release(long offset) {
        released = Math.max(released, offset);
    }

    /** Hands out bytes again from {@code offset}, which must not have been released. */
    void rewind(long offset) {
        if (offset < bufferStart || offset > bufferStart + held) {
            throw new IllegalStateException("offset " + offset + " is no longer held");
        }
        position = offset;
    }

    /** True when the bytes in {@code [start, end)} are all still held. */
    boolean holds(long start, long end) {
        return start >= bufferStart && end <= bufferStart + held;
    }

    /** A copy of the bytes in {@code [start, end)}; call {@link #holds} first. */
    byte[] slice(long start, long end) {
        if (!holds(start, end)) {
            throw new IllegalStateException("bytes " + start + ".." + end + " are no longer held");
        }
        int from = (int) (start - bufferStart);
        return Arrays.copyOfRange(buffer, from, from + (int) (end - start));
    }

    /** Up to {@code max} held bytes from {@code start}, for an excerpt; empty when not held. */
    byte[] excerpt(long start, int max) {
        if (start < bufferStart || start >= bufferStart + held) {
            return new byte[0];
        }
        int from = (int) (start - bufferStart);
        return Arrays.copyOfRange(buffer, from, from + Math.min(max, held - from));
    }

    private void keep(byte[] b, int off, int n) {
        // forget what was released
        if (released > bufferStart) {
            int drop = (int) Math.min(held, released - bufferStart);
            if (drop > 0) {
                System.arraycopy(buffer, drop, buffer, 0, held - drop);
                held -= drop;
                bufferStart += drop;
            }
        }
        if ((long) held + n > maxRetained + 256 * 1024L) {
            // too much since the release point: drop the oldest; a record that began there is no longer held
            int drop = (int) Math.min(held, (long) held + n - maxRetained);
            System.arraycopy(buffer, drop, buffer, 0, held - drop);
            held -= drop;
            bufferStart += drop;
        }
        if (held + n > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, held + n));
        }
        System.arraycopy(b, off, buffer, held, n);
        held += n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /**
     * Finds the end of the JSON object or array that starts at {@code from} by its brackets alone (strings and their
     * escapes followed), and stands there (rewound to it, what comes before it released): for a value the parser
     * refused for its depth, since counting brackets has no depth limit. Returns the offset after its closing bracket
     * and the line breaks inside it, or null when the value does not start with a bracket, is no longer held, or the
     * input ends first. Scanning far, it keeps only the last {@code window} bytes.
     */
    long[] endOfValue(long from, long window) throws IOException {
        byte first = holds(from, from + 1) ? buffer[(int) (from - bufferStart)] : 0;
        if (first != '{' && first != '[') {
            return null;
        }
        rewind(from);
        long offset = from;
        long lines = 0;
        long depth = 0;
        boolean inString = false;
        boolean escaped = false;
        int b;
        while ((b = read()) >= 0) {
            offset++;
            if (escaped) {
                escaped = false;
            } else if (inString) {
                escaped = b == '\\';
                inString = b != '"';
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                depth++;
            } else if ((b == '}' || b == ']') && --depth == 0) {
                rewind(offset);
                release(offset);
                return new long[]{offset, lines};
            } else if (b == '\n') {
                lines++;
            }
            if (offset - from > window) {
                release(offset - window / 2);
            }
        }
        return null;
    }

    /**
     * Finds the next line after {@code from} whose first byte other than blanks is {@code first}, and stands there
     * (rewound to it, what comes before it released). Returns its offset and the lines passed, or null at the end.
     * Scanning far, it keeps only the last {@code window} bytes.
     */
    long[] nextLineStartingWith(int first, long from, long window) throws IOException {
        long lines = 0;
        long offset = from;
        rewind(from);
        boolean afterNewline = false;
        int b;
        while ((b = read()) >= 0) {
            if (afterNewline && b == first) {
                rewind(offset);
                release(offset);
                return new long[]{offset, lines};
            }
            if (b == '\n') {
                lines++;
                afterNewline = true;
            } else if (b != '\r' && b != ' ' && b != '\t') {
                afterNewline = false; // an indented line starts where its first byte is
            }
            offset++;
            if (offset - from > window) {
                release(offset - window / 2);
            }
        }
        return null;
    }
}
