package io.trailkeeper.events;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Drops the time that starts each line of a CloudWatch Logs export to S3 ({@code 2024-03-10T12:00:00.000Z
 * {"eventVersion":...}}), leaving JSON lines. A line that does not start with such a time passes unchanged, so
 * it is read, or reported, as any line would be.
 */
final class TimestampedLines extends ChunkedInputStream {
    /** An ISO-8601 time in UTC or with an offset, then one space. */
    private static final Pattern PREFIX = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:?\\d{2}) ");
    private static final int LONGEST_PREFIX = 36;

    private final byte[] pending = new byte[LONGEST_PREFIX];
    private int pendingLength;
    private int pendingPos;
    private boolean atLineStart = true;

    private final InputStream in;

    TimestampedLines(InputStream in) {
        this.in = in;
    }

    /** Whether the text starts like an export's line: a time, a space and a JSON object. */
    static boolean looksLikeExport(byte[] start) {
        String head = new String(start, 0, Math.min(start.length, LONGEST_PREFIX + 1), StandardCharsets.US_ASCII);
        int space = head.indexOf(' ');
        return space > 0 && space + 1 < head.length() && head.charAt(space + 1) == '{'
                && PREFIX.matcher(head.substring(0, space + 1)).matches();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = 0;
        while (n < len) {
            if (pendingPos < pendingLength) {
                b[off + n++] = pending[pendingPos++];
                continue;
            }
            if (atLineStart) {
                if (!readPrefix()) {
                    break;
                }
                continue;
            }
            int c = in.read();
            if (c < 0) {
                break;
            }
            b[off + n++] = (byte) c;
            if (c == '\n') {
                atLineStart = true;
            }
        }
        return n == 0 ? -1 : n;
    }

    /**
     * Reads the start of a line up to its first space (at most a time's length): a time and its space are
     * dropped, anything else is kept to be passed on. False at the end of the input.
     */
    private boolean readPrefix() throws IOException {
        atLineStart = false;
        pendingLength = 0;
        pendingPos = 0;
        while (pendingLength < LONGEST_PREFIX) {
            int c = in.read();
            if (c < 0) {
                return pendingLength > 0;
            }
            pending[pendingLength++] = (byte) c;
            if (c == ' ' || c == '\n') {
                if (c == '\n') {
                    atLineStart = true;
                }
                break;
            }
        }
        if (PREFIX.matcher(new String(pending, 0, pendingLength, StandardCharsets.US_ASCII)).matches()) {
            pendingLength = 0;
        }
        return true;
    }

    @Override
    public int available() {
        return pendingLength - pendingPos;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
