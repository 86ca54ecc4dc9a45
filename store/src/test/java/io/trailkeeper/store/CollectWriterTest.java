package io.trailkeeper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.events.CloudTrailReader;
import io.trailkeeper.events.CollectSink.TimeWindow;
import io.trailkeeper.events.CollectedBatch;
import io.trailkeeper.events.Coverage;
import io.trailkeeper.events.SourceKind;
import io.trailkeeper.testkit.EventGenerator;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectWriterTest {
    private static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");
    private static final EventGenerator GENERATOR = new EventGenerator(7, "111122223333");

    @TempDir
    Path dir;

    private static List<CloudTrailEvent> events(int n, int offsetSeconds) {
        List<CloudTrailEvent> out = new ArrayList<>();
        CloudTrailReader reader = new CloudTrailReader();
        for (int i = 0; i < n; i++) {
            String json = GENERATOR.record(T0.plusSeconds(offsetSeconds + i), "eu-west-1");
            try {
                reader.read("test", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), TestStores.collecting(out));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    private CollectWriter writer() {
        return new CollectWriter(dir.resolve("store.duckdb"), EventStore.StoreOptions.defaults(), "collect test",
                new CollectWriter.Options(Duration.ofHours(1), 1_000_000, 10_000_000));
    }

    private static CollectedBatch.LookupWindow window(int fromSeconds, int toSeconds) {
        return new CollectedBatch.LookupWindow("111122223333", "eu-west-1", "management", T0.plusSeconds(fromSeconds),
                T0.plusSeconds(toSeconds));
    }

    @Test
    void eventsCheckpointsAndCoverageAreWrittenTogetherAndReadBackByTheNextRun() {
        List<CloudTrailEvent> all = events(20_000, 0);
        try (CollectWriter w = writer()) {
            // pages newest first, as LookupEvents gives them; the last page repeats a record of the one before
            w.write(new CollectedBatch("lookup:111122223333/eu-west-1", SourceKind.LOOKUP_EVENTS, 0,
                    all.subList(10_000, 20_000), List.of(), 0, window(10_000, 30_000)));
            w.write(new CollectedBatch("lookup:111122223333/eu-west-1", SourceKind.LOOKUP_EVENTS, 10_000,
                    all.subList(0, 10_001), List.of(), 0, window(0, 10_000)));
            w.write(new CollectedBatch("s3://bucket/AWSLogs/x.json.gz", SourceKind.TRAIL_FILE, 0, List.of(), List.of(),
                    1, new CollectedBatch.S3Object("bucket", "AWSLogs/x.json.gz", "\"etag1\"", 10, T0, "digest")));
            w.coverage(new Coverage("lookup", "111122223333", "eu-south-1", "event history eu-south-1", T0,
                    T0.plusSeconds(5), Coverage.Status.NOT_ENABLED, "opt-in region"));
        }
        try (EventStore store = TestStores.openReadOnly(dir)) {
            assertEquals(20_000, TestStores.scalar(store, "SELECT count(*) FROM events"));
            assertEquals(20_000, TestStores.scalar(store, "SELECT count(*) FROM events WHERE source_kind = 'lookup-events'"));
            assertEquals(1, TestStores.scalar(store, "SELECT count(*) FROM lookup_windows"), "windows merged on close");
            assertEquals(1, TestStores.scalar(store, "SELECT count(*) FROM coverage WHERE status = 'not-enabled'"));
            assertEquals(1, TestStores.scalar(store, "SELECT count(*) FROM ingest_runs WHERE status = 'complete'"
                    + " AND new_events = 20000 AND records = 20001"));
        }
        try (CollectWriter again = writer()) {
            assertEquals(List.of(new TimeWindow(T0, T0.plusSeconds(30_000))),
                    again.lookupDone("111122223333", "eu-west-1", "management"));
            assertEquals(List.of(), again.lookupDone("111122223333", "eu-west-1", "insight"));
            assertEquals("\"etag1\"", again.s3Loaded("bucket").get("AWSLogs/x.json.gz"));
            again.write(new CollectedBatch("lookup:111122223333/eu-west-1", SourceKind.LOOKUP_EVENTS, 0,
                    all.subList(0, 100), List.of(), 0, null));
        }
        try (EventStore store = TestStores.openReadOnly(dir)) {
            assertEquals(20_000, TestStores.scalar(store, "SELECT count(*) FROM events"), "no duplicates on rerun");
        }
    }

    @Test
    void theStoreIsFreeBetweenWrites() {
        try (CollectWriter w = writer()) {
            w.write(new CollectedBatch("lookup:a/eu-west-1", SourceKind.LOOKUP_EVENTS, 0, events(10, 0), List.of(), 0,
                    window(0, 10)));
            w.flush();
            // another reader (query, investigate) gets in while the collector waits for its next page
            try (EventStore reader = TestStores.openReadOnly(dir)) {
                assertEquals(10, TestStores.scalar(reader, "SELECT count(*) FROM events"));
            }
            w.write(new CollectedBatch("lookup:a/eu-west-1", SourceKind.LOOKUP_EVENTS, 10, events(5, 100), List.of(),
                    0, window(90, 110)));
        }
        try (EventStore store = TestStores.openReadOnly(dir)) {
            assertEquals(15, TestStores.scalar(store, "SELECT count(*) FROM events"));
        }
    }

    @Test
    void aBatchNotYetWrittenLeavesNoCheckpointBehind() {
        CollectWriter w = writer();
        w.write(new CollectedBatch("lookup:a/eu-west-1", SourceKind.LOOKUP_EVENTS, 0, events(10, 0), List.of(), 0,
                window(0, 10)));
        w.flush();
        w.write(new CollectedBatch("lookup:a/eu-west-1", SourceKind.LOOKUP_EVENTS, 10, events(5, 100), List.of(), 0,
                window(90, 110)));
        // the process dies here: the second batch was accepted but never written, and neither was its window
        try (EventStore store = TestStores.openReadOnly(dir)) {
            assertEquals(10, TestStores.scalar(store, "SELECT count(*) FROM events"));
            assertEquals(1, TestStores.scalar(store, "SELECT count(*) FROM lookup_windows"));
            assertEquals(1, TestStores.scalar(store, "SELECT count(*) FROM ingest_runs WHERE status = 'running'"));
        }
    }

    @Test
    void windowsMergeWhenTheyOverlapOrTouch() {
        List<TimeWindow> merged = LookupWindows.merge(List.of(
                new TimeWindow(T0.plusSeconds(100), T0.plusSeconds(200)),
                new TimeWindow(T0, T0.plusSeconds(50)),
                new TimeWindow(T0.plusSeconds(51), T0.plusSeconds(60)),
                new TimeWindow(T0.plusSeconds(150), T0.plusSeconds(300))));
        assertEquals(List.of(new TimeWindow(T0, T0.plusSeconds(60)), new TimeWindow(T0.plusSeconds(100),
                T0.plusSeconds(300))), merged);
        assertTrue(LookupWindows.merge(List.of()).isEmpty());
    }

    @Test
    void anOlderStoreIsUpgradedInPlace() throws Exception {
        Path file = dir.resolve("store.duckdb");
        try (EventStore store = EventStore.openForWriting(file, EventStore.StoreOptions.defaults());
             var s = store.connection().createStatement()) {
            s.execute("DROP TABLE lookup_windows; DROP TABLE s3_objects; DROP TABLE coverage;"
                    + " UPDATE store_meta SET value = '1' WHERE key = 'schema_version'");
        }
        try (CollectWriter w = writer()) {
            w.write(new CollectedBatch("lookup:a/eu-west-1", SourceKind.LOOKUP_EVENTS, 0, events(3, 0), List.of(), 0,
                    window(0, 10)));
        }
        try (EventStore store = TestStores.openReadOnly(dir)) {
            assertEquals(EventStore.SCHEMA_VERSION, TestStores.scalar(store, "SELECT value::INT FROM store_meta WHERE key = 'schema_version'"));
            assertEquals(1, TestStores.scalar(store, "SELECT count(*) FROM lookup_windows"));
        }
    }
}
