package io.trailkeeper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.lake.LakeExport;
import io.trailkeeper.store.lake.LocalLakeTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The UTC day's edges at both cuts, in the test JVM's non-UTC zone: the last millisecond of the day before the hot
 * window moves and the first of its first day stays; the last of the day before the total retention goes and the
 * first of its first day is kept (in the lake); every lake file is under the UTC day of its events.
 */
class PruneDayBoundaryTest {
    /** hot_days 90: the store keeps 2026-08-29 on; total_days 400: kept from 2025-10-23 (in Chatham: 11-28 already). */
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    private static final RetentionPolicy POLICY = new RetentionPolicy(90, 400);

    @TempDir
    Path dir;

    private Path records(String... times) throws IOException {
        StringBuilder b = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < times.length; i++) {
            b.append(i == 0 ? "" : ",").append("{\"eventVersion\":\"1.08\",\"eventID\":\"edge-").append(i)
                    .append("\",\"eventTime\":\"").append(times[i]).append("\",\"awsRegion\":\"us-east-1\",")
                    .append("\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"CreateUser\",")
                    .append("\"recipientAccountId\":\"111122223333\",\"userIdentity\":{\"type\":\"IAMUser\"}}");
        }
        Path file = dir.resolve("edges.json");
        Files.writeString(file, b.append("]}").toString());
        return file;
    }

    @Test
    void eachEdgeOfTheUtcDayFallsOnItsOwnSideOfBothCuts() throws IOException {
        TestStores.ingestAt(dir, NOW, records("2025-10-22T23:59:59.999Z", "2025-10-23T00:00:00Z",
                "2026-08-28T23:59:59.999Z", "2026-08-29T00:00:00Z"));
        new LakeExport(() -> EventStore.openForWriting(dir.resolve("store.duckdb"), EventStore.StoreOptions.defaults()),
                new LocalLakeTarget(dir.resolve("lake")), NOW, Duration.ofSeconds(30))
                .run(null, null, Prune.exported(POLICY, NOW), LakeExport.Listener.NONE);
        List<String> steps;
        try (EventStore s = TestStores.open(dir)) {
            steps = new Prune(s, dir.resolve("lake"), POLICY, NOW).run().stream()
                    .map(st -> st.action() + " " + st.date() + " " + st.events()).sorted().toList();
        }
        assertEquals(List.of("DELETE 2025-10-22 1", "MOVE 2025-10-23 1", "MOVE 2026-08-28 1"), steps);
        try (EventStore s = TestStores.openReadOnly(dir)) {
            assertEquals("edge-1 2025-10-23 00:00:00 lake; edge-2 2026-08-28 23:59:59.999 lake;"
                    + " edge-3 2026-08-29 00:00:00 store", TestStores.text(s, "SELECT string_agg(event_id || ' '"
                    + " || CAST(event_time AS VARCHAR) || CASE WHEN raw_inline IS NULL THEN ' store' ELSE ' lake' END,"
                    + " '; ' ORDER BY event_time) FROM events"));
            assertEquals("2025-10-23=1; 2026-08-28=1; 2026-08-29=1", TestStores.text(s, "SELECT string_agg("
                    + "CAST(day AS VARCHAR) || '=' || n, '; ' ORDER BY day) FROM (SELECT day, sum(events) n FROM"
                    + " day_counts GROUP BY day HAVING n <> 0)"));
            // each file under its events' UTC day, the time as written (TIMESTAMP, no zone applied)
            assertEquals("2025-10-23 2025-10-23 00:00:00; 2026-08-28 2026-08-28 23:59:59.999;"
                    + " 2026-08-29 2026-08-29 00:00:00", TestStores.text(s, "SELECT string_agg(regexp_extract(filename,"
                    + " 'date=([0-9-]+)', 1) || ' ' || CAST(event_time AS VARCHAR), '; ' ORDER BY event_time) FROM"
                    + " read_parquet('" + dir.resolve("lake") + "/events/*/*/*/*.parquet', filename = true)"));
            assertEquals("TIMESTAMP", TestStores.text(s, "SELECT typeof(event_time) FROM read_parquet('"
                    + dir.resolve("lake") + "/events/*/*/*/*.parquet') LIMIT 1"));
            // Parquet's timestamp not adjusted to UTC, in microseconds: what Spark reads as TIMESTAMP_NTZ (spark.sql)
            String type = TestStores.text(s, "SELECT logical_type FROM parquet_schema('" + dir.resolve("lake")
                    + "/events/*/*/*/*.parquet') WHERE name = 'event_time' LIMIT 1");
            assertTrue(type.contains("isAdjustedToUTC=0") && type.contains("MICROS=MicroSeconds()"), type);
        }
    }
}
