package io.trailkeeper.integrity;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/** SHA-256 (and MD5) and gunzip of stored objects, and clipping of attacker-controlled text put into reasons. */
final class StoredBytes {
    /**
     * The most a digest's content may hold: it is parsed whole, in the command's small heap (320 MB). A digest lists an
     * hour's log files of one account and region at about 350 bytes each: 32 MB would be some 90,000 of them.
     */
    static final int MAX_DIGEST = 32 * 1024 * 1024;

    /**
     * The most a stored (gzipped) digest may be: gzip stores content it cannot shrink in blocks of at most 64 KB with
     * 5 bytes of framing each, so a digest whose content is within {@link #MAX_DIGEST} is stored in well under 1 MB
     * more. A larger object in a digest folder is no digest, and is refused by its size, unread.
     */
    static final long MAX_STORED_DIGEST = MAX_DIGEST + 1024 * 1024;

    /**
     * The most a stored (gzipped) log file may be. CloudTrail documents no maximum for a log file; it delivers an
     * account's events of a region about every 5 minutes, each event at most 256 KB (event version 1.05 and newer,
     * "Quotas in AWS CloudTrail"), and spreads a busy period over several files. 1 GB of gzip is some 7 GB of JSON
     * (CloudTrail's JSON gzips about 7 to 1), millions of events in one delivery, far past any CloudTrail log file.
     * Log files are hashed as a stream, so the heap is not the reason: an object past this (planted by anyone who can
     * write to the bucket) is refused by its size rather than downloaded and hashed for minutes, and reported by name.
     */
    static final long MAX_LOG = 1024L * 1024 * 1024;

    private StoredBytes() {
    }

    static String sha256(byte[] bytes) {
        return hex("SHA-256", bytes);
    }

    /** The MD5 of the bytes, as a public key's fingerprint is. */
    static String md5(byte[] bytes) {
        return hex("MD5", bytes);
    }

    private static String hex(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has " + algorithm, e);
        }
    }

    /** The SHA-256 of the bytes, read as a stream (none of them held). */
    static String sha256(InputStream bytes) throws IOException {
        MessageDigest sha256 = newSha256();
        try (DigestInputStream in = new DigestInputStream(bytes, sha256)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /**
     * The SHA-256 of the uncompressed content, read as a stream: content may be far larger than the heap (a gzip bomb
     * must not end the whole verify). IOException when the bytes are not (whole) gzip.
     */
    static String contentSha256(InputStream bytes) throws IOException {
        return sha256(new GZIPInputStream(bytes));
    }

    /**
     * The SHA-256 of an object's bytes as stored, and of its content (null when it is not whole gzip: why). Bytes that
     * are no gzip but begin as a JSON object are {@code decoded}: the file as a server or proxy that undid its
     * {@code Content-Encoding: gzip} serves it, its content the bytes themselves.
     */
    record Hashes(String stored, String content, String notGzip, boolean decoded) {
    }

    /** Why a file served decoded is checked by its bytes, for a verdict's reason. */
    static final String SERVED_DECODED = "not gzip but JSON: served decoded (a server or proxy undoing its"
            + " Content-Encoding: gzip) or stored so; checked by its content";

    /** Whether bytes that are no gzip are a JSON object: a CloudTrail file served decoded. */
    static boolean jsonObject(byte[] bytes) {
        for (byte b : bytes) {
            if (!Character.isWhitespace(b)) {
                return b == '{';
            }
        }
        return false;
    }

    /**
     * Both SHA-256s of an object read once, as a stream (neither its bytes nor its content are held). A failure to
     * read the object (the connection dropped, {@link ObjectTooLarge}) is thrown, never taken for bytes that are not
     * gzip: it shows inside gzip's reading too, and the stream may then end as if the object did.
     */
    static Hashes hashes(InputStream bytes) throws IOException {
        MessageDigest stored = newSha256();
        MessageDigest content = newSha256();
        ReadFailures source = new ReadFailures(bytes);
        DigestInputStream raw = new DigestInputStream(source, stored);
        byte[] buffer = new byte[64 * 1024];
        String notGzip = null;
        try {
            GZIPInputStream in = new GZIPInputStream(raw, buffer.length);
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                content.update(buffer, 0, n);
            }
        } catch (IOException e) {
            if (source.failure != null) {
                throw source.failure;
            }
            notGzip = e.getMessage();
        }
        while (raw.read(buffer) >= 0) {
            // the rest of the stored bytes, for their SHA-256: after gzip's end, or after where it was not gzip
        }
        HexFormat hex = HexFormat.of();
        String storedHex = hex.formatHex(stored.digest());
        if (notGzip != null && source.first == '{') {
            return new Hashes(storedHex, storedHex, notGzip, true);
        }
        return new Hashes(storedHex, notGzip == null ? hex.formatHex(content.digest()) : null, notGzip, false);
    }

    /**
     * A stream that keeps the first failure to read it, to tell it from what gzip finds wrong in the bytes, and the
     * first byte that is not white space (-1 before it), to tell JSON served decoded.
     */
    private static final class ReadFailures extends FilterInputStream {
        IOException failure;
        int first = -1;

        ReadFailures(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                int b = super.read();
                if (b >= 0) {
                    seen(new byte[] {(byte) b}, 0, 1);
                }
                return b;
            } catch (IOException e) {
                throw failed(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = super.read(b, off, len);
                seen(b, off, n);
                return n;
            } catch (IOException e) {
                throw failed(e);
            }
        }

        private void seen(byte[] b, int off, int n) {
            for (int i = off; first < 0 && i < off + n; i++) {
                if (!Character.isWhitespace(b[i])) {
                    first = b[i] & 0xFF;
                }
            }
        }

        private IOException failed(IOException e) {
            if (failure == null) {
                failure = e;
            }
            return e;
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The uncompressed content (of a digest, which is parsed); IOException when the bytes are not (whole) gzip. */
    static byte[] gunzip(byte[] bytes) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            byte[] content = in.readNBytes(MAX_DIGEST);
            if (in.read() >= 0) {
                throw new IOException("uncompressed content larger than " + MAX_DIGEST / 1024 / 1024 + " MB, far more"
                        + " than a digest lists in an hour");
            }
            return content;
        }
    }

    /** Why an object refused by its size is no CloudTrail file of its kind ("log file", "digest file"). */
    static String tooLarge(String kind, ObjectTooLarge e) {
        return "larger than any CloudTrail " + kind + " could be: " + e.size() + " bytes (not read)";
    }

    /** A value from a file, shortened for a message. */
    static String clip(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
