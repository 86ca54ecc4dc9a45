package io.trailkeeper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.Table;
import io.trailkeeper.events.TableCollector;
import io.trailkeeper.store.lake.LakeExport;
import io.trailkeeper.store.lake.LocalLakeTarget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A search over a store whose old days prune moved to the lake is read a page of event time after another, as one
 * over the store alone is: each page reads the lake files of its own days only, so every file is read by one page
 * and no page holds more than its days; the rows and records are those of the store before prune, in its order, and
 * each page's records are given before the next page is read.
 */
class LakePagesTest {
    private static final Instant NOW = Instant.parse("2024-05-06T12:00:00Z");

    @TempDir
    static Path dir;

    private static Table eventsBefore;
    private static List<String> recordsBefore;
    private static Table windowBefore;
    private static List<String> withColumnsBefore;
    private static List<Table> statsBefore;

    private static final EventQuery ALL = EventQuery.all();
    /** A window of two days of the Invictus incident, moved to the lake. */
    private static final EventQuery WINDOW = new EventQuery(Instant.parse("2023-07-10T11:00:00Z"),
            Instant.parse("2023-07-11T23:59:59Z"), null, null, null, null, null, null, null, null, null, null, null);

    @BeforeAll
    static void storeThenPrune() {
        try (EventStore s = TestStores.open(dir)) {
            TestStores.ingest(s, TestStores.shared("invictus-ir-aws_dataset/CloudTrail"),
                    TestStores.shared("panther-analysis/rule_test_events.records.json"),
                    TestStores.shared("lookup-events"));
        }
        try (EventStore s = TestStores.openReadOnly(dir)) {
            assertTrue(s.lakeFiles().isEmpty());
            eventsBefore = events(new EventSearch(s), ALL, Long.MAX_VALUE);
            recordsBefore = records(new EventSearch(s), ALL, Long.MAX_VALUE);
            windowBefore = events(new EventSearch(s), WINDOW, Long.MAX_VALUE);
            withColumnsBefore = withColumns(new EventSearch(s), r -> { });
            statsBefore = new StoreStats(s).sections();
        }
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        new LakeExport(() -> EventStore.openForWriting(dir.resolve("store.duckdb"), EventStore.StoreOptions.defaults()),
                new LocalLakeTarget(dir.resolve("lake")), clock, Duration.ofSeconds(30))
                .run(null, null, LakeExport.Listener.NONE);
        try (EventStore s = TestStores.open(dir)) {
            new Prune(s, dir.resolve("lake"), new RetentionPolicy(90, 5000), clock).run();
        }
    }

    @Test
    void eachLakeFileIsReadByTheOnePageOfItsDay() throws Exception {
        try (EventStore store = TestStores.openReadOnly(dir)) {
            List<String> lake = store.lakeFiles();
            assertTrue(lake.size() > 10, "moved partitions: " + lake.size());
            assertTrue(TestStores.scalar(store, "SELECT count(*) FROM events WHERE event_time IS NULL") > 0,
                    "Panther's records without a time stay in the store, read by the last page");
            assertTrue(TimePages.cuts(store, null, null, 100).size() > 3, "a lake store's answer is cut in pages");
            List<TimePages.Page> pages = TimePages.pages(store, null, null, 100);
            List<String> read = new ArrayList<>();
            for (TimePages.Page page : pages) {
                assertTrue(page.lakeFiles().size() < lake.size(), "a page reads its days' files only: " + page);
                read.addAll(page.lakeFiles());
            }
            assertEquals(new HashSet<>(lake), new HashSet<>(read), "every lake file is read");
            assertEquals(lake.size(), read.size(), "and by one page only");
        }
    }

    @Test
    void aWindowReadsOnlyTheLakeFilesOfItsDays() throws Exception {
        try (EventStore store = TestStores.openReadOnly(dir)) {
            Set<String> days = new HashSet<>();
            for (TimePages.Page page : TimePages.pages(store, WINDOW.since(), WINDOW.until(), Long.MAX_VALUE)) {
                for (String f : page.lakeFiles()) {
                    days.add(f.replaceAll(".*/date=([^/]+)/.*", "$1"));
                }
            }
            // the lake holds no 2023-07-11 (the Invictus incident is one day)
            assertEquals(Set.of("2023-07-10"), days);
            assertEquals(windowBefore.rows(), events(new EventSearch(store), WINDOW, Long.MAX_VALUE).rows());
            assertEquals(windowBefore.rows(), events(new EventSearch(store), WINDOW, 100).rows());
        }
    }

    @Test
    void pagedAnswersOverStoreAndLakeAreTheStoresBeforePrune() {
        try (EventStore store = TestStores.openReadOnly(dir)) {
            EventSearch search = new EventSearch(store);
            assertFalse(store.lakeFiles().isEmpty());
            for (long page : new long[] {1, 100, 1_000, Long.MAX_VALUE}) {
                Table events = events(search, ALL, page);
                assertEquals(eventsBefore.columns(), events.columns());
                assertEquals(eventsBefore.rows(), events.rows(), "rows in pages of " + page);
                assertEquals(recordsBefore, records(search, ALL, page), "records in pages of " + page);
            }
            EventQuery some = ALL.withLimit(2_500L);
            assertEquals(eventsBefore.rows().subList(0, 2_500), events(search, some, 100).rows());
            assertEquals(recordsBefore.subList(0, 2_500), records(search, some, 100));
            assertEquals(recordsBefore, records(search, ALL, TimePages.PAGE_WHOLE_RECORDS));
        }
    }

    /**
     * Records are given as their page is read, not after every lake file was: a lake file of a later page taken away
     * once the first record is given fails the read (in time order for query --format jsonl and detect, in stored
     * order, and with columns for export ocsf). Read at once, as before, every record would already have been read by
     * then.
     */
    @Test
    void aLaterPagesLakeFileIsReadOnlyAfterTheFirstRecordsAreGiven() throws Exception {
        try (EventStore store = TestStores.openReadOnly(dir)) {
            List<TimePages.Page> pages = TimePages.pages(store, null, null, 100);
            List<String> last = pages.stream().map(TimePages.Page::lakeFiles).filter(f -> !f.isEmpty())
                    .reduce((a, b) -> b).orElseThrow();
            assertFalse(pages.get(0).lakeFiles().containsAll(last));
            Path later = Path.of(last.get(0));
            Path aside = later.resolveSibling("aside.parquet");
            EventSearch search = new EventSearch(store);
            List<java.util.function.Consumer<java.util.function.Consumer<byte[]>>> reads = List.of(
                    out -> search.records(ALL, out, 100), out -> search.recordsInStoredOrder(ALL, out, 100),
                    out -> withColumns(search, out));
            for (var read : reads) {
                long[] given = {0};
                try {
                    assertThrows(io.trailkeeper.events.TrailKeeperException.class, () -> read.accept(r -> {
                        if (given[0]++ == 0) {
                            move(later, aside);
                        }
                    }));
                } finally {
                    move(aside, later);
                }
                assertTrue(given[0] > 0 && given[0] < recordsBefore.size(), "records given: " + given[0]);
            }
            List<String> stored = new ArrayList<>();
            search.recordsInStoredOrder(ALL, r -> stored.add(new String(r, StandardCharsets.UTF_8)), 100);
            assertEquals(recordsBefore.stream().sorted().toList(), stored.stream().sorted().toList());
            assertEquals(withColumnsBefore, withColumns(search, r -> { }), "export ocsf's rows, in their order");
        }
    }

    /** stats counts store and lake from one reading of the events: the same sections as before prune. */
    @Test
    void statsOverStoreAndLakeAreTheStoresBeforePrune() {
        try (EventStore store = TestStores.openReadOnly(dir)) {
            List<Table> after = new StoreStats(store).sections();
            assertEquals(statsBefore.size(), after.size());
            for (int i = 0; i < after.size(); i++) {
                assertEquals(statsBefore.get(i).columns(), after.get(i).columns());
                // by_source and by_account order ties as they come: compared as sets of rows
                assertEquals(new HashSet<>(statsBefore.get(i).rows()), new HashSet<>(after.get(i).rows()),
                        after.get(i).columns().toString());
            }
            assertTrue(((Number) after.get(0).rows().get(0).get(6)).longValue() > 0, "events without a time counted");
        }
    }

    /** The rows export ocsf reads: typed columns and record, in time order. */
    private static List<String> withColumns(EventSearch search, java.util.function.Consumer<byte[]> each) {
        List<String> out = new ArrayList<>();
        search.recordsWithColumns(List.of("event_time", "event_name", "aws_region"), " WHERE event_time IS NOT NULL",
                " ORDER BY event_time, record_hash", List.of(), (values, record) -> {
                    each.accept(record);
                    out.add(values + " " + new String(record, StandardCharsets.UTF_8));
                }, 100);
        return out;
    }

    private static void move(Path from, Path to) {
        try {
            java.nio.file.Files.move(from, to);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Table events(EventSearch search, EventQuery q, long pageEvents) {
        TableCollector out = new TableCollector();
        search.events(q, EventSearch.FULL, out, pageEvents);
        return out.table("events");
    }

    private static List<String> records(EventSearch search, EventQuery q, long pageEvents) {
        List<String> out = new ArrayList<>();
        search.records(q, r -> out.add(new String(r, StandardCharsets.UTF_8)), pageEvents);
        return out;
    }
}
