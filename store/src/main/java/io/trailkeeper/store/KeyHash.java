package io.trailkeeper.store;

/**
 * The events table's {@code key_hash} (schema 8): 32 bits of the MD5 of an access key id, so that finding one key's
 * events tests a 4-byte number a row instead of the key's text. The same expression writes it, fills it for older
 * stores and lake rows, and finds a key: MD5 rather than DuckDB's own hash(), which may change between versions.
 */
public final class KeyHash {
    private KeyHash() {
    }

    /** The SQL expression of the key hash of {@code keyExpression} (a column or a parameter); NULL for NULL. */
    public static String of(String keyExpression) {
        return "CAST(md5_number_lower(" + keyExpression + ") % 4294967296 AS UINTEGER)";
    }
}
