package io.trailkeeper.events;

import java.io.IOException;
import java.io.InputStream;

/**
 * Passes valid UTF-8 through untouched and replaces each invalid sequence with U+FFFD, remembering
 * where it did so. A record with one bad byte in its userAgent is still evidence: it is stored, with a
 * warning, instead of being lost (and an attacker cannot hide an event behind a bad byte).
 */
final class Utf8Sanitizer extends ChunkedInputStream {
    private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};
    private static final java.lang.invoke.VarHandle WORDS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    private final InputStream in;
    private final byte[] input = new byte[64 * 1024 + 4];
    private int inputStart;
    private int inputEnd;
    private boolean eof;
    private byte[] output = new byte[3 * (64 * 1024 + 4)];
    private int outputStart;
    private int outputEnd;
    private long outputOffset;
    private long[] replacedAt = new long[8];
    private int replacedCount;
    /** Whether the last byte passed on ended a line (the input's start counts as a line's start). */
    private boolean lastNewline = true;

    Utf8Sanitizer(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (outputStart == outputEnd) {
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, outputEnd - outputStart);
        System.arraycopy(output, outputStart, b, off, n);
        outputStart += n;
        return n;
    }

    /** Removes and returns how many replacements were made before {@code offset} in the output. */
    int takeReplacementsBefore(long offset) {
        int taken = 0;
        while (taken < replacedCount && replacedAt[taken] < offset) {
            taken++;
        }
        if (taken > 0) {
            System.arraycopy(replacedAt, taken, replacedAt, 0, replacedCount - taken);
            replacedCount -= taken;
        }
        return taken;
    }

    private boolean fill() throws IOException {
        if (eof && inputStart == inputEnd) {
            return false;
        }
        if (!eof) {
            System.arraycopy(input, inputStart, input, 0, inputEnd - inputStart);
            inputEnd -= inputStart;
            inputStart = 0;
            int n = in.read(input, inputEnd, input.length - inputEnd);
            if (n < 0) {
                eof = true;
            } else {
                inputEnd += n;
            }
        }
        outputStart = 0;
        outputEnd = 0;
        int i = inputStart;
        while (i < inputEnd) {
            // JSON is nearly all ASCII: check and copy eight bytes at a time while they are
            int ascii = i;
            while (ascii + 8 <= inputEnd && ((long) WORDS.get(input, ascii) & 0x8080808080808080L) == 0) {
                ascii += 8;
            }
            if (ascii > i) {
                System.arraycopy(input, i, output, outputEnd, ascii - i);
                outputEnd += ascii - i;
                i = ascii;
                if (i >= inputEnd) {
                    break;
                }
            }
            int b = input[i] & 0xFF;
            if (b < 0x80) {
                output[outputEnd++] = (byte) b;
                i++;
                continue;
            }
            int need = sequenceLength(b);
            if (need == 0) {
                replace();
                i++;
                continue;
            }
            if (i + need > inputEnd && !eof) {
                break; // an incomplete sequence at the end of the chunk: wait for the next one
            }
            int valid = validContinuations(i, need);
            if (valid == need && need == 3 && isByteOrderMark(i) && lastOutputIsNewline()) {
                // files written with a byte order mark and then concatenated (cat, PowerShell's Out-File):
                // a mark at a line's start is not text, and JSON would stop at it
                i += 3;
                continue;
            }
            if (valid == need) {
                System.arraycopy(input, i, output, outputEnd, need);
                outputEnd += need;
                i += need;
            } else {
                replace();
                i += Math.max(1, valid);
            }
        }
        inputStart = i;
        outputOffset += outputEnd;
        if (outputEnd > 0) {
            lastNewline = output[outputEnd - 1] == '\n';
        }
        return true;
    }

    private boolean isByteOrderMark(int i) {
        return input[i] == (byte) 0xEF && input[i + 1] == (byte) 0xBB && input[i + 2] == (byte) 0xBF;
    }

    private boolean lastOutputIsNewline() {
        return outputEnd > 0 ? output[outputEnd - 1] == '\n' : lastNewline;
    }

    private static int sequenceLength(int lead) {
        if (lead >= 0xC2 && lead <= 0xDF) {
            return 2;
        }
        if (lead >= 0xE0 && lead <= 0xEF) {
            return 3;
        }
        if (lead >= 0xF0 && lead <= 0xF4) {
            return 4;
        }
        return 0;
    }

    /** How many bytes from {@code i} form a valid prefix of a sequence of {@code need} bytes. */
    private int validContinuations(int i, int need) {
        int lead = input[i] & 0xFF;
        int count = 1;
        for (int k = 1; k < need; k++) {
            if (i + k >= inputEnd) {
                return count;
            }
            int c = input[i + k] & 0xFF;
            int low = 0x80;
            int high = 0xBF;
            if (k == 1) {
                if (lead == 0xE0) {
                    low = 0xA0;
                } else if (lead == 0xED) {
                    high = 0x9F;
                } else if (lead == 0xF0) {
                    low = 0x90;
                } else if (lead == 0xF4) {
                    high = 0x8F;
                }
            }
            if (c < low || c > high) {
                return count;
            }
            count++;
        }
        return count;
    }

    private void replace() {
        if (replacedCount == replacedAt.length) {
            replacedAt = java.util.Arrays.copyOf(replacedAt, replacedCount * 2);
        }
        replacedAt[replacedCount++] = outputOffset + outputEnd;
        System.arraycopy(REPLACEMENT, 0, output, outputEnd, 3);
        outputEnd += 3;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
