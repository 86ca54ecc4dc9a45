package io.trailkeeper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.testkit.TrailFileGenerator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills an ingest (SIGKILL) while it writes, then checks that the store opens, holds no half-written batch,
 * and that running the ingest again completes it with no duplicate and no loss.
 */
class CrashTest {
    private static final int EVENTS = 300_000;

    @TempDir
    Path dir;

    @Test
    void aKilledIngestLosesNothingAndDuplicatesNothing() throws Exception {
        Path input = dir.resolve("input");
        TrailFileGenerator.Result generated = TrailFileGenerator.benchmark(42).write(input, EVENTS, 2);
        Path storeFile = dir.resolve("store.duckdb");
        List<Long> killedAt = new ArrayList<>();
        for (long afterRecords : new long[]{40_000, 150_000}) {
            killedAt.add(killDuringIngest(storeFile, input, afterRecords));
            try (EventStore store = EventStore.openForWriting(storeFile, EventStore.StoreOptions.defaults())) {
                assertConsistent(store);
            }
        }
        assertTrue(killedAt.stream().allMatch(n -> n > 0 && n < EVENTS), "both kills landed mid-ingest: " + killedAt);
        try (EventStore store = EventStore.openForWriting(storeFile, EventStore.StoreOptions.defaults())) {
            long before = TestStores.count(store, EventQuery.all());
            assertTrue(before < EVENTS, "the killed runs did not finish");
            Ingest.Summary resumed = TestStores.ingest(store, input);
            assertTrue(resumed.unchanged() > 0, "files completed before the kill are not read again");
            assertEquals(EVENTS - before, resumed.newEvents());
            assertEquals(EVENTS, TestStores.count(store, EventQuery.all()));
            assertEquals(EVENTS, TestStores.scalar(store, "SELECT count(DISTINCT record_hash) FROM events"));
            assertConsistent(store);
            assertEquals(2, TestStores.scalar(store, "SELECT count(*) FROM ingest_runs WHERE status = 'interrupted'"));
            assertEquals(generated.files(), TestStores.scalar(store, "SELECT count(DISTINCT source_name) FROM events"));
        }
    }

    /**
     * Starts an ingest in another JVM and kills it once it has handed the store at least the given number of
     * records (with transactions of 20,000, some are committed by then, and one is under way).
     */
    private long killDuringIngest(Path store, Path input, long afterRecords) throws Exception {
        Process p = ChildJvm.start(IngestProcess.class, store.toString(), input.toString());
        long[] seen = {0};
        ChildJvm.killWhen(p, line -> {
            if (!line.startsWith("records ")) {
                return false;
            }
            seen[0] = Long.parseLong(line.substring(8));
            return seen[0] >= afterRecords;
        });
        return seen[0];
    }

    /**
     * Every file marked complete has all its records stored, no record is stored twice, and every stored
     * record's raw chunk is there exactly once.
     */
    private static void assertConsistent(EventStore store) {
        assertEquals(0, TestStores.scalar(store, "SELECT count(*) FROM (SELECT raw_chunk FROM events GROUP BY raw_chunk"
                + " HAVING count(raw_data) <> 1)"));
        assertEquals(TestStores.scalar(store, "SELECT count(*) FROM events"),
                TestStores.scalar(store, "SELECT count(DISTINCT record_hash) FROM events"));
        assertEquals(0, TestStores.scalar(store, "SELECT count(*) FROM (SELECT f.source_name, any_value(f.records) r,"
                + " count(e.record_hash) n FROM source_files f LEFT JOIN events e USING (source_name)"
                + " GROUP BY f.source_name) WHERE r <> n"));
    }
}
