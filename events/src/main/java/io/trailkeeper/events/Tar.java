package io.trailkeeper.events;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the members of a tar archive (POSIX ustar, with GNU long names and pax paths), the way evidence is
 * often handed over ({@code tar czf evidence.tar.gz AWSLogs/}). Only what finding and reading the files
 * needs: names, sizes and types. Each member's content is read through {@link #content()} before the next.
 */
final class Tar {
    private static final int BLOCK = 512;
    /** What {@link #isTar} looks at: the first header block. */
    static final int HEADER_BYTES = BLOCK;

    private final InputStream in;
    private final byte[] header = new byte[BLOCK];
    private long left;
    private long padding;

    /** One member: its path in the archive, and whether it is a regular file (not a folder, link or device). */
    record Entry(String name, boolean regularFile) {
    }

    /** The archive's structure cannot be read. */
    static final class Damaged extends IOException {
        Damaged(String message) {
            super(message);
        }
    }

    Tar(InputStream in) {
        this.in = in;
    }

    /**
     * Whether the input starts with a tar header: the magic at byte 257 followed by the NUL that POSIX (or GNU)
     * puts after it, which JSON text cannot hold, and a checksum that adds up. A trail file whose text happens to
     * hold "ustar" there (a session name an attacker chose) is still read as the JSON it is.
     */
    static boolean isTar(byte[] start) {
        if (start.length < BLOCK || !hasMagic(start)) {
            return false;
        }
        boolean posix = start[262] == 0;
        boolean gnu = start[262] == ' ' && start[263] == ' ' && start[264] == 0;
        return (posix || gnu) && checksumMatches(start);
    }

    private static boolean hasMagic(byte[] b) {
        return b.length >= 262 && b[257] == 'u' && b[258] == 's' && b[259] == 't' && b[260] == 'a' && b[261] == 'r';
    }

    /** The next member, or null at the archive's end. */
    Entry next() throws IOException {
        skipRest();
        String longName = null;
        while (true) {
            if (!readBlock()) {
                return null; // the end without the two zero blocks: tar itself accepts that
            }
            if (allZero(header)) {
                return null;
            }
            if (!checksumMatches(header)) {
                throw new Damaged("a header block's checksum does not match");
            }
            long size = octal(header, 124, 12);
            char type = (char) header[156];
            left = size;
            padding = (BLOCK - size % BLOCK) % BLOCK;
            if (type == 'L' || type == 'x') {
                // GNU: the next member's long name; pax: its attributes, of which "path" matters here
                String text = new String(readSmall(size), StandardCharsets.UTF_8);
                String name = type == 'L' ? trimNul(text) : paxPath(text);
                if (name != null) {
                    longName = name;
                }
                continue;
            }
            if (type == 'g') {
                skipRest();
                continue;
            }
            String name = longName != null ? longName : ustarName();
            boolean regular = type == '0' || type == 0 || type == '7';
            return new Entry(name, regular);
        }
    }

    /** The current member's bytes; it ends where the member does. */
    InputStream content() {
        return new ChunkedInputStream() {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left == 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, left));
                if (n < 0) {
                    throw new EOFException("the archive ends inside a member");
                }
                left -= n;
                return n;
            }
        };
    }

    private void skipRest() throws IOException {
        skipFully(left + padding);
        left = 0;
        padding = 0;
    }

    private byte[] readSmall(long size) throws IOException {
        if (size > 1024 * 1024) {
            throw new Damaged("a name or attribute header of " + size + " bytes");
        }
        byte[] b = in.readNBytes((int) size);
        if (b.length < size) {
            throw new EOFException("the archive ends inside a header");
        }
        left = 0;
        skipFully(padding);
        padding = 0;
        return b;
    }

    private void skipFully(long n) throws IOException {
        while (n > 0) {
            long skipped = in.skip(n);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("the archive ends inside a member");
                }
                skipped = 1;
            }
            n -= skipped;
        }
    }

    private boolean readBlock() throws IOException {
        int got = in.readNBytes(header, 0, BLOCK);
        if (got == 0) {
            return false;
        }
        if (got < BLOCK) {
            throw new EOFException("the archive ends inside a header block");
        }
        return true;
    }

    private String ustarName() {
        String name = field(0, 100);
        String prefix = hasMagic(header) ? field(345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private String field(int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] header, int offset, int length) throws Damaged {
        if ((header[offset] & 0x80) != 0) {
            // GNU base-256 for sizes of 8 GiB and more
            long v = header[offset] & 0x7F;
            for (int i = offset + 1; i < offset + length; i++) {
                v = (v << 8) | (header[i] & 0xFF);
            }
            return v;
        }
        long v = 0;
        for (int i = offset; i < offset + length; i++) {
            byte b = header[i];
            if (b == 0 || b == ' ') {
                if (v > 0 || b == 0) {
                    break;
                }
                continue;
            }
            if (b < '0' || b > '7') {
                throw new Damaged("a header field holds '" + (char) b + "' where an octal number belongs");
            }
            v = v * 8 + (b - '0');
        }
        return v;
    }

    private static boolean checksumMatches(byte[] block) {
        long expected;
        try {
            expected = octal(block, 148, 8);
        } catch (Damaged e) {
            return false;
        }
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += i >= 148 && i < 156 ? ' ' : block[i] & 0xFF;
        }
        return sum == expected;
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String trimNul(String s) {
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }

    /** A pax header's "path" record ("<length> path=<value>\n"), or null. */
    private static String paxPath(String records) {
        for (String line : records.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0 && line.startsWith("path=", space + 1)) {
                return line.substring(space + 6);
            }
        }
        return null;
    }
}
