package io.trailkeeper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.Table;
import io.trailkeeper.events.TableCollector;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A search's answer read a page of event time after another ({@link TimePages}) is the answer of one query: the
 * same rows in the same order, events without a time last, a limit counted over the pages, whatever the pages.
 */
class EventSearchPagesTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void ingest() {
        TestStores.ingestSamples(dir);
    }

    private static EventQuery query(String since, String until, String name, Long limit) {
        return new EventQuery(since == null ? null : Instant.parse(since), until == null ? null : Instant.parse(until),
                null, name == null ? null : List.of(name), null, null, null, null, null, null, null, null, limit);
    }

    @Test
    void pagesOfEventTimeGiveTheRowsOfOneQueryInItsOrder() throws Exception {
        try (EventStore store = TestStores.openReadOnly(dir)) {
            EventSearch search = new EventSearch(store);
            assertTrue(TimePages.cuts(store, null, null, 100).size() > 3, "cuts: " + TimePages.cuts(store, null, null, 100));
            assertTrue(TestStores.scalar(store, "SELECT count(*) FROM events WHERE event_time IS NULL") > 0,
                    "Panther's records without a time are in the store");
            for (EventQuery q : List.of(query(null, null, null, null), query(null, null, null, 25L),
                    query(null, null, null, 0L), query(null, null, "Get*", null), query(null, null, null, 3_500L),
                    query("2023-07-10T11:00:00Z", "2023-07-12T00:00:00Z", null, null),
                    query("2020-01-01T00:00:00Z", null, "Describe*", 40L))) {
                Table one = answer(search, q, Long.MAX_VALUE);
                assertTrue(TimePages.cuts(store, q.since(), q.until(), Long.MAX_VALUE).isEmpty());
                for (long page : new long[] {1, 50, 1_000}) {
                    Table paged = answer(search, q, page);
                    assertEquals(one.columns(), paged.columns());
                    assertEquals(one.rows(), paged.rows(), q + " in pages of " + page);
                }
            }
            assertEquals(3_500, answer(search, query(null, null, null, 3_500L), 50).rows().size());
        }
    }

    private static Table answer(EventSearch search, EventQuery q, long pageEvents) {
        TableCollector out = new TableCollector();
        search.events(q, EventSearch.FULL, out, pageEvents);
        return out.table("events");
    }
}
