package io.trailkeeper.integrity;

import java.io.ByteArrayInputStream;
import java.io.IOException;
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

    /**
     * The SHA-256 of the uncompressed content, read as a stream: a log file's content is only hashed, and may be far
     * larger than the heap (a gzip bomb placed in a log folder must not end the whole verify). IOException when the
     * bytes are not (whole) gzip.
     */
    static String contentSha256(byte[] bytes) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha256.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
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

    /** A value from a file, shortened for a message. */
    static String clip(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
