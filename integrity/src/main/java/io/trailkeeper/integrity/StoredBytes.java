package io.trailkeeper.integrity;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/** SHA-256 (and MD5) and gunzip of stored objects, and clipping of attacker-controlled text put into reasons. */
final class StoredBytes {
    private static final int MAX_CONTENT = 512 * 1024 * 1024;

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

    /** The uncompressed content; IOException when the bytes are not (whole) gzip. */
    static byte[] gunzip(byte[] bytes) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            byte[] content = in.readNBytes(MAX_CONTENT);
            if (in.read() >= 0) {
                throw new IOException("uncompressed content larger than " + MAX_CONTENT + " bytes");
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
