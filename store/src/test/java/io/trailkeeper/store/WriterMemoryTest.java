package io.trailkeeper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.CloudTrailReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While a writer is open DuckDB may use half as much again as the store's budget, and after a commit the tables'
 * cached blocks are evicted and the rows it holds in memory written out, so that between transactions it holds no
 * more than two thirds of the budget; the budget is back when the writer closes.
 */
class WriterMemoryTest {
    private static final long MIB = 1 << 20;
    private static final long BUDGET = 60 * MIB;
    private static final String LIMIT = "60MiB";

    @TempDir
    Path dir;

    @Test
    void readsDuckDbSizes() {
        assertEquals((long) (366.2 * MIB), WriterMemory.bytes("366.2 MiB"));
        assertEquals(384_000_000L, WriterMemory.bytes("384MB"));
        assertEquals(1_000_000_000L, WriterMemory.bytes("1GB"));
        assertEquals(3L << 30, WriterMemory.bytes("3 GiB"));
        assertEquals(512L, WriterMemory.bytes("512 bytes"));
        assertEquals(2048L, WriterMemory.bytes("2 KiB"));
        assertEquals(3000L, WriterMemory.bytes("3kB"));
        assertEquals(1L << 50, WriterMemory.bytes("1.0 PiB"));
        // DuckDB's "no limit", as it prints it: more than a long holds
        assertEquals(Long.MAX_VALUE, WriterMemory.bytes("16384.0 PiB"));
        assertThrows(IllegalArgumentException.class, () -> WriterMemory.bytes("lots"));
        assertThrows(IllegalArgumentException.class, () -> WriterMemory.bytes("12 parsecs"));
    }

    @Test
    void raisesTheLimitWhileWritingAndRestoresIt() throws SQLException {
        try (Connection c = open()) {
            String before = limit(c);
            WriterMemory m = WriterMemory.raise(c, LIMIT);
            assertEquals(BUDGET * 3 / 2, WriterMemory.bytes(limit(c)), 2 * MIB);
            m.restore();
            assertEquals(before, limit(c));
        }
    }

    @Test
    void leavesAnUnboundedLimitAlone() throws SQLException {
        try (Connection c = open()) {
            StoreSql.execute(c, "SET memory_limit = '-1'", List.of());
            String unbounded = limit(c);
            WriterMemory m = WriterMemory.raise(c, "-1");
            assertEquals(unbounded, limit(c));
            m.afterCommit();
            m.restore();
            assertEquals(unbounded, limit(c));
        }
    }

    /**
     * A step that fails (here a checkpoint, refused in a transaction with changes of its own) aborts the
     * transaction it ran in; that one is rolled back, and the writer's next transaction goes through.
     */
    @Test
    void aStepThatFailsLeavesTheConnectionWorking() throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (i BIGINT, s VARCHAR)");
            s.execute("CREATE TABLE other (i BIGINT)");
            WriterMemory m = WriterMemory.raise(c, LIMIT);
            c.setAutoCommit(false);
            holdRowsInMemory(c, s);
            s.execute("INSERT INTO other VALUES (1)");
            m.afterCommit();
            s.execute("INSERT INTO t VALUES (-1, 'after')");
            c.commit();
            c.setAutoCommit(true);
            assertEquals(80_001, Long.parseLong(StoreSql.scalar(c, "SELECT count(*) FROM t", List.of())));
            assertEquals(0, Long.parseLong(StoreSql.scalar(c, "SELECT count(*) FROM other", List.of())));
            assertEquals(BUDGET * 3 / 2, WriterMemory.bytes(limit(c)), 2 * MIB);
        }
    }

    @Test
    void evictsCachedBlocksAfterACommitOnceOverTwoThirdsOfTheBudget() throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t AS SELECT i, repeat(md5(i::VARCHAR), 8) AS s FROM range(400000) r(i)");
            s.execute("CHECKPOINT");
            WriterMemory m = WriterMemory.raise(c, LIMIT);
            // reading the table back caches its blocks
            s.execute("SELECT sum(length(s)) FROM t");
            long cachedBefore = tagged(c, "BASE_TABLE");
            assertTrue(total(c) > BUDGET * 2 / 3, "the test needs DuckDB above two thirds of the budget: " + total(c));
            m.afterCommit();
            assertTrue(tagged(c, "BASE_TABLE") < cachedBefore / 4, "cached blocks evicted: " + cachedBefore + " -> "
                    + tagged(c, "BASE_TABLE"));
            assertTrue(total(c) <= BUDGET * 2 / 3, "held after the commit: " + total(c));
            assertEquals(BUDGET * 3 / 2, WriterMemory.bytes(limit(c)), 2 * MIB, "the raised limit is back");
            // and what was evicted still reads
            try (ResultSet r = s.executeQuery("SELECT count(*), count(DISTINCT s) FROM t")) {
                r.next();
                assertEquals(400_000, r.getLong(1));
                assertEquals(400_000, r.getLong(2));
            }
        }
    }

    @Test
    void writesTablesHeldInMemoryOnceTheyTakeAThirdOfTheBudget() throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (i BIGINT, s VARCHAR)");
            WriterMemory m = WriterMemory.raise(c, LIMIT);
            c.setAutoCommit(false);
            long held = holdRowsInMemory(c, s);
            m.afterCommit();
            assertTrue(tagged(c, "IN_MEMORY_TABLE") < held / 4, "written: " + held + " -> "
                    + tagged(c, "IN_MEMORY_TABLE"));
            c.commit();
            c.setAutoCommit(true);
            try (ResultSet r = s.executeQuery("SELECT count(*), count(DISTINCT i) FROM t")) {
                r.next();
                assertEquals(80_000, r.getLong(1));
                assertEquals(80_000, r.getLong(2));
            }
        }
    }

    @Test
    void anIngestLeavesTheStoresSettingsAsItFoundThem() {
        try (EventStore s = EventStore.openForWriting(dir.resolve("store.duckdb"),
                EventStore.StoreOptions.defaults().withMemoryLimit("100MB"))) {
            String limit = TestStores.text(s, "SELECT current_setting('memory_limit')");
            String threads = TestStores.text(s, "SELECT current_setting('threads')");
            Ingest.Options small = new Ingest.Options(2, false, CloudTrailReader.DEFAULT_MAX_RECORD_BYTES, 300);
            TestStores.ingest(s, small, new ArrayList<>(), TestStores.shared("invictus-ir-aws_dataset/CloudTrail"));
            assertTrue(TestStores.scalar(s, "SELECT count(*) FROM events") > 2000);
            assertEquals(limit, TestStores.text(s, "SELECT current_setting('memory_limit')"));
            assertEquals(threads, TestStores.text(s, "SELECT current_setting('threads')"));
        }
    }

    /**
     * Writes 80,000 rows into t in small transactions, each below a row group, which DuckDB keeps in memory until a
     * checkpoint; returns the memory they hold, more than a third of the budget.
     */
    private static long holdRowsInMemory(Connection c, Statement s) throws SQLException {
        for (int k = 0; k < 40; k++) {
            s.execute("INSERT INTO t SELECT i, repeat(md5(i::VARCHAR), 8) FROM range(" + k * 2000 + ", "
                    + (k + 1) * 2000 + ") r(i)");
            c.commit();
        }
        long held = tagged(c, "IN_MEMORY_TABLE");
        assertTrue(held > BUDGET / 3, "the test needs more than a third of the budget held: " + held);
        return held;
    }

    private Connection open() throws SQLException {
        Properties p = new Properties();
        p.setProperty("memory_limit", LIMIT);
        p.setProperty("threads", "1");
        Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("m.duckdb").toAbsolutePath(), p);
        // as the store sets it: DuckDB would otherwise write the rows out itself after 16 MB of its log
        StoreSql.execute(c, "SET checkpoint_threshold = '256MB'", List.of());
        return c;
    }

    private static String limit(Connection c) throws SQLException {
        return StoreSql.scalar(c, "SELECT current_setting('memory_limit')", List.of());
    }

    private static long total(Connection c) throws SQLException {
        return Long.parseLong(StoreSql.scalar(c, "SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory()",
                List.of()));
    }

    private static long tagged(Connection c, String tag) throws SQLException {
        return Long.parseLong(StoreSql.scalar(c, "SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory()"
                + " WHERE tag = ?", List.of(tag)));
    }
}
