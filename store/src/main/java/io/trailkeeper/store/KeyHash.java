package io.trailkeeper.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The events table's {@code key_hash} (schema 8): 32 bits of the MD5 of an access key id, so that finding one key's
 * events tests a 4-byte number a row instead of the key's text. The same expression writes it, fills it for older
 * stores and lake rows, and finds a key: MD5 rather than DuckDB's own hash(), which may change between versions.
 */
public final class KeyHash {
    private KeyHash() {
    }

    /**
     * The key hash of an access key id, as {@link #of} computes it in SQL, for writing it with the event: DuckDB's
     * md5_number_lower is bytes 8 to 15 of the MD5 of the text's UTF-8, read little-endian, and the hash its low 32
     * bits. The readers compute it once per distinct key of a column builder (see {@link Cache}) instead of the
     * writer's insert for every event.
     */
    static long ofKey(MessageDigest md5, String key) {
        byte[] d = md5.digest(key.getBytes(StandardCharsets.UTF_8));
        return (d[8] & 0xffL) | (d[9] & 0xffL) << 8 | (d[10] & 0xffL) << 16 | (d[11] & 0xffL) << 24;
    }

    /**
     * The key hashes of a column builder's recent keys (a few thousand distinct keys in a day of an account's
     * events); used by one thread at a time.
     */
    static final class Cache {
        private static final int MAX_KEYS = 8192;
        private final MessageDigest md5;
        private final java.util.HashMap<String, Long> hashes = new java.util.HashMap<>();

        Cache() {
            try {
                md5 = MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform has MD5", e);
            }
        }

        /** The key's hash; null for null. */
        Long of(String key) {
            if (key == null) {
                return null;
            }
            Long h = hashes.get(key);
            if (h == null) {
                if (hashes.size() >= MAX_KEYS) {
                    hashes.clear();
                }
                h = ofKey(md5, key);
                hashes.put(key, h);
            }
            return h;
        }
    }

    /** The SQL expression of the key hash of {@code keyExpression} (a column or a parameter); NULL for NULL. */
    public static String of(String keyExpression) {
        return "CAST(md5_number_lower(" + keyExpression + ") % 4294967296 AS UINTEGER)";
    }
}
