package io.trailkeeper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.events.CloudTrailReader;
import io.trailkeeper.events.CollectedBatch;
import io.trailkeeper.events.SourceKind;
import io.trailkeeper.store.lake.LakeExport;
import io.trailkeeper.store.lake.LocalLakeTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records whose day {@code prune} moved to the lake, read again (the same trail file ingested again, an S3 object
 * collected again): duplicates, not new events, as long as the lake's file can be read; stored again when it cannot.
 */
class MovedDuplicatesTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    private static final String US_EAST = "lake/events/account=111122223333/region=us-east-1/date=2026-05-10/"
            + "events.parquet";
    private static final String EU_WEST = "lake/events/account=111122223333/region=eu-west-1/date=2026-05-10/"
            + "events.parquet";

    @TempDir
    Path dir;
    private Path trailFile;

    /** Six records over two days in two regions (one without), two accounts, about 200 days before NOW; moved. */
    @BeforeEach
    void ingestAndMoveToTheLake() throws IOException {
        trailFile = TestStores.sixRecords(dir.resolve("trail.json"));
        assertEquals(6, ingest().newEvents());
        new LakeExport(() -> TestStores.open(dir), new LocalLakeTarget(dir.resolve("lake")), NOW,
                Duration.ofSeconds(30)).run(null, null, LakeExport.Listener.NONE);
        try (EventStore s = TestStores.open(dir)) {
            new Prune(s, dir.resolve("lake"), new RetentionPolicy(90, 5000), NOW).run();
        }
        assertEquals(0, inStoreTable(), "all six days moved to the lake");
    }

    private Ingest.Summary ingest() {
        try (EventStore s = EventStore.openForWriting(dir.resolve("store.duckdb"),
                EventStore.StoreOptions.defaults().withClock(NOW))) {
            return TestStores.ingest(s, Ingest.Options.defaults().withRescan(true), new ArrayList<>(), trailFile);
        }
    }

    private long inStoreTable() {
        try (EventStore s = TestStores.open(dir)) { // opened for writing, events is the store's table alone
            return TestStores.scalar(s, "SELECT count(*) FROM events");
        }
    }

    private String dayCounts() {
        try (EventStore s = TestStores.openReadOnly(dir)) {
            return TestStores.text(s, "SELECT region, day, source_kind, data, sum(events) FROM day_counts GROUP BY ALL"
                    + " ORDER BY ALL");
        }
    }

    private long read(String sql) {
        try (EventStore s = TestStores.openReadOnly(dir)) {
            return TestStores.scalar(s, sql);
        }
    }

    @Test
    void theSameFileIngestedAgainAfterItsDaysMovedAddsNothing() throws IOException {
        String counts = dayCounts();
        Ingest.Summary again = ingest();
        assertEquals(0, again.newEvents());
        assertEquals(6, again.duplicates());
        // a copy of the file under another name (an evidence folder), not skipped by the checkpoints
        Files.copy(trailFile, dir.resolve("copy.json"));
        trailFile = dir.resolve("copy.json");
        assertEquals(0, ingest().newEvents());
        assertEquals(0, inStoreTable(), "nothing stored again");
        assertEquals(counts, dayCounts(), "coverage's counts unchanged");
        assertEquals(6, read("SELECT sum(events) FROM day_counts"));
        assertEquals(6, read("SELECT count(*) FROM events"), "each record shown once");
        assertEquals(6, read("SELECT count(DISTINCT event_id) FROM events"));
    }

    @Test
    void theCollectorsWriterFindsThemInTheLakeToo() {
        List<CloudTrailEvent> events = new ArrayList<>();
        new CloudTrailReader().read(trailFile, TestStores.collecting(events));
        String counts = dayCounts();
        try (CollectWriter w = new CollectWriter(dir.resolve("store.duckdb"), EventStore.StoreOptions.defaults(),
                "collect test", CollectWriter.Options.defaults())) {
            w.write(new CollectedBatch("s3://bucket/trail.json", SourceKind.TRAIL_FILE, 0, events, List.of(), 0, null));
            w.flush();
            assertEquals(0, w.totals().newEvents());
            assertEquals(6, w.totals().records());
        }
        assertEquals(0, inStoreTable());
        assertEquals(counts, dayCounts());
    }

    @Test
    void recordsOfALakeFileThatCannotBeReadAreStoredAgain() throws IOException {
        Path cut = dir.resolve(US_EAST); // e1 and e2: a restore that did not finish, no footer
        Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(cut), 40));
        // e3: a footer's magic at the end, but nothing readable before it (read_parquet fails on it)
        Files.write(dir.resolve(EU_WEST), ("x".repeat(96) + "PAR1").getBytes(StandardCharsets.US_ASCII));
        Ingest.Summary again = ingest();
        assertEquals(3, again.newEvents(), "the records of the two unreadable files stored, not lost");
        assertEquals(3, again.duplicates(), "the readable files' records found there");
        try (EventStore s = TestStores.open(dir)) {
            assertEquals("e1,e2,e3", TestStores.text(s, "SELECT string_agg(event_id, ',' ORDER BY event_id)"
                    + " FROM events"));
        }
    }

    @Test
    void aMissingLakeFileLeavesItsRecordsToBeStoredAgainAndShownOnce() throws IOException {
        Files.delete(dir.resolve(US_EAST));
        Ingest.Summary again = ingest();
        assertEquals(2, again.newEvents());
        assertEquals(4, again.duplicates());
        assertEquals(6, read("SELECT count(*) FROM events"), "each record shown once");
    }
}
