package io.trailkeeper.store.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's day_counts table (schema 5): kept by the writer with the events, rebuilt by the upgrade, and read by
 * the coverage analysis with the same facts as grouping the events themselves, whatever the window.
 */
class DayCountsTest {
    private static final String BY_DAY = "SELECT coalesce(aws_region, '') AS region, CAST(event_time AS DATE) AS day,"
            + " source_kind, coalesce(event_category = 'Data', false) AS data, count(*) AS n FROM events GROUP BY ALL";
    private static final String COUNTED = "SELECT region, day, source_kind, data, sum(events) AS n FROM day_counts"
            + " GROUP BY ALL";

    @TempDir
    Path dir;

    private Path ingestShared() {
        Path store = dir.resolve("store.duckdb");
        CoverageStores.ingest(store, CoverageStores.shared("invictus-ir-aws_dataset/CloudTrail"),
                CoverageStores.shared("panther-analysis"), CoverageStores.shared("stratus-red-team"),
                CoverageStores.shared("otrf-security-datasets"));
        return store;
    }

    @Test
    void theCountsEqualTheEventsGroupedAndReingestingAddsNothing() throws Exception {
        Path store = ingestShared();
        List<String> counted = rows(store, COUNTED);
        assertTrue(counted.size() > 20, "region-days counted: " + counted.size());
        assertEquals(rows(store, BY_DAY), counted);
        assertTrue(counted.stream().anyMatch(r -> r.contains("|true|")), "some data events are counted: " + counted);
        CoverageStores.ingest(store, CoverageStores.shared("invictus-ir-aws_dataset/CloudTrail"),
                CoverageStores.shared("panther-analysis"));
        assertEquals(counted, rows(store, COUNTED));
    }

    @Test
    void theUpgradeFromSchemaFourCountsWhatTheStoreHolds() throws Exception {
        Path store = ingestShared();
        List<String> expected = rows(store, BY_DAY);
        execute(store, "DROP TABLE day_counts; UPDATE store_meta SET value = '4' WHERE key = 'schema_version'");
        EventStore.openForWriting(store, EventStore.StoreOptions.defaults()).close();
        assertEquals(expected, rows(store, COUNTED));
        assertEquals(List.of(String.valueOf(EventStore.SCHEMA_VERSION)),
                rows(store, "SELECT value FROM store_meta WHERE key = 'schema_version'"));
    }

    @Test
    void countedFactsEqualGroupedEventsForEveryKindOfWindow() throws Exception {
        Path store = ingestShared();
        Path old = dir.resolve("schema-4.duckdb");
        Files.copy(store, old);
        // a schema-4 store opened for reading is not upgraded: its facts come from grouping the events
        execute(old, "DROP TABLE day_counts; UPDATE store_meta SET value = '4' WHERE key = 'schema_version'");
        Instant[][] windows = {
            {null, null},
            {Instant.parse("2023-07-11T00:00:00Z"), Instant.parse("2023-07-20T23:59:59.999999Z")},
            {Instant.parse("2023-07-11T09:30:00Z"), Instant.parse("2023-07-19T14:00:00Z")},
            {Instant.parse("2023-07-11T09:30:00Z"), Instant.parse("2023-07-11T21:00:00Z")},
            {Instant.parse("2023-07-11T09:30:00Z"), Instant.parse("2023-07-12T08:00:00Z")},
            {Instant.parse("2020-01-01T12:00:00Z"), null},
            {null, Instant.parse("2022-06-01T00:00:00Z")},
            {Instant.parse("2019-05-04T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z")},
        };
        for (Instant[] w : windows) {
            for (boolean data : new boolean[] {true, false}) {
                String counted = facts(store, w[0], w[1], data);
                String grouped = facts(old, w[0], w[1], data);
                assertEquals(grouped, counted, "window " + w[0] + " .. " + w[1] + ", data events " + data);
                if (w[0] == null && w[1] == null) {
                    assertTrue(counted.contains("us-east-1"), counted);
                }
            }
        }
    }

    private static String facts(Path store, Instant since, Instant until, boolean data) {
        try (EventStore s = CoverageStores.read(store)) {
            StoreFacts f = StoreFacts.read(new EventSearch(s), since, until, data);
            List<StoreFacts.DayCount> days = new ArrayList<>(f.days);
            days.sort(Comparator.comparing(StoreFacts.DayCount::region).thenComparing(StoreFacts.DayCount::day));
            return "events " + f.events + ", without time " + f.eventsWithoutTime + ", regions " + new java.util.TreeMap<>(f.regions)
                    + ", days " + days;
        }
    }

    private static List<String> rows(Path store, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + store.toAbsolutePath());
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT * FROM (" + sql + ") ORDER BY ALL")) {
            List<String> out = new ArrayList<>();
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(i > 1 ? "|" : "").append(r.getString(i));
                }
                out.add(b.toString());
            }
            return out;
        }
    }

    private static void execute(Path store, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + store.toAbsolutePath());
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
