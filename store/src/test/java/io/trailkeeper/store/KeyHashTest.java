package io.trailkeeper.store;

import static io.trailkeeper.store.TestStores.execute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * key_hash (schema 8): written with every event, equal to what the finders compute for the key, the same in the SQL
 * files that spell the expression out, and filled in when an older store is upgraded.
 */
class KeyHashTest {
    @TempDir
    Path dir;

    @Test
    void everyEventWithAKeyHasItsHash() {
        try (EventStore s = TestStores.open(dir)) {
            TestStores.ingest(s, TestStores.shared("invictus-ir-aws_dataset/CloudTrail"));
            long keyed = TestStores.scalar(s, "SELECT count(*) FROM events WHERE access_key_id IS NOT NULL");
            assertTrue(keyed > 2000, "keyed events: " + keyed);
            assertEquals(keyed, TestStores.scalar(s, "SELECT count(*) FROM events WHERE key_hash = "
                    + KeyHash.of("access_key_id")));
            assertEquals(0, TestStores.scalar(s, "SELECT count(*) FROM events WHERE access_key_id IS NULL"
                    + " AND key_hash IS NOT NULL"));
            // a fixed value: the hash must never change with DuckDB's version (stores keep it)
            assertEquals(TestStores.scalar(s, "SELECT CAST(md5_number_lower('AKIAIOSFODNN7EXAMPLE') % 4294967296 AS"
                    + " BIGINT)"), TestStores.scalar(s, "SELECT " + KeyHash.of("'AKIAIOSFODNN7EXAMPLE'")));
        }
    }

    /** What the readers compute in Java is what the SQL expression computes, for any text (not only key ids). */
    @Test
    void theJavaHashIsTheSqlExpression() throws SQLException {
        Random random = new Random(11);
        KeyHash.Cache cache = new KeyHash.Cache();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             PreparedStatement p = c.prepareStatement("SELECT CAST(" + KeyHash.of("?") + " AS BIGINT)")) {
            for (int i = 0; i < 300; i++) {
                StringBuilder b = new StringBuilder(i % 3 == 0 ? "AKIA" : "");
                int length = random.nextInt(24);
                for (int j = 0; j < length; j++) {
                    // letters and digits, accented letters, CJK, and an emoji (two UTF-16 chars)
                    int kind = random.nextInt(10);
                    b.appendCodePoint(kind < 6 ? 'A' + random.nextInt(26) : kind < 8 ? 0xC0 + random.nextInt(64)
                            : kind < 9 ? 0x4E00 + random.nextInt(500) : 0x1F600 + random.nextInt(40));
                }
                String key = b.toString();
                p.setString(1, key);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    assertEquals(r.getLong(1), cache.of(key), key);
                }
            }
        }
        assertEquals(null, cache.of(null));
    }

    @Test
    void theSqlFilesSpellTheSameExpression() {
        assertTrue(EventStore.resource("schema-8.sql").contains(KeyHash.of("access_key_id")));
        assertTrue(EventStore.resource("investigations/who-key.sql").replace("$subject", "access_key_id")
                .contains(KeyHash.of("access_key_id")));
    }

    @Test
    void anOlderStoreGetsItsKeyHashesWhenUpgraded() {
        try (EventStore s = TestStores.open(dir)) {
            TestStores.ingest(s, TestStores.shared("invictus-ir-aws_dataset/CloudTrail"));
            execute(s, "UPDATE events SET key_hash = NULL");
            execute(s, "UPDATE store_meta SET value = '7' WHERE key = 'schema_version'");
        }
        try (EventStore s = TestStores.open(dir)) {
            assertEquals(0, TestStores.scalar(s, "SELECT count(*) FROM events WHERE access_key_id IS NOT NULL AND"
                    + " key_hash IS DISTINCT FROM " + KeyHash.of("access_key_id")));
            assertEquals(EventStore.SCHEMA_VERSION, TestStores.scalar(s,
                    "SELECT CAST(value AS INTEGER) FROM store_meta WHERE key = 'schema_version'"));
        }
    }
}
