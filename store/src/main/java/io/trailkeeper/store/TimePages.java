package io.trailkeeper.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Where to cut an answer in event-time order into pages of about {@value #PAGE_EVENTS} stored events, whole UTC days
 * each, from the store's {@code day_counts}. DuckDB's JDBC driver holds a query's whole result before it gives the
 * first row: 2 million events with every typed column held 1.5 GB beside the sort. A page's result is bounded by
 * the page, and the pages' rows, one after the other, are the answer's in its order (the order starts with the
 * event time, and a page ends where the next begins).
 */
final class TimePages {
    static final long PAGE_EVENTS = 250_000;

    private TimePages() {
    }

    /**
     * The starts of the pages after the first (UTC midnights strictly inside the window, ascending), each page
     * holding at most {@code pageEvents} of the store's events unless a single day holds more; none when the store
     * keeps no day counts (a store of schema 4 or older opened for reading), when its events view also reads lake
     * files (each page would read them all again: their days are not pruned by the time of a page), or when the
     * window fits in one page.
     */
    static List<Instant> cuts(EventStore store, Instant since, Instant until, long pageEvents) throws SQLException {
        List<Instant> cuts = new ArrayList<>();
        if (!store.lakeFiles().isEmpty() || !hasDayCounts(store)) {
            return cuts;
        }
        long inPage = 0;
        try (PreparedStatement p = store.connection().prepareStatement("SELECT day, sum(events) FROM day_counts"
                + " WHERE day IS NOT NULL GROUP BY day ORDER BY day");
             ResultSet r = p.executeQuery()) {
            while (r.next()) {
                Instant start = r.getObject(1, LocalDate.class).atStartOfDay(ZoneOffset.UTC).toInstant();
                long events = r.getLong(2);
                boolean inside = (since == null || start.isAfter(since)) && (until == null || !start.isAfter(until));
                if (inside && inPage > 0 && inPage + events > pageEvents) {
                    cuts.add(start);
                    inPage = 0;
                }
                boolean overlaps = (since == null || start.plus(java.time.Duration.ofDays(1)).isAfter(since))
                        && (until == null || !start.isAfter(until));
                if (overlaps) {
                    inPage += events;
                }
            }
        }
        return cuts;
    }

    private static boolean hasDayCounts(EventStore store) throws SQLException {
        try (PreparedStatement p = store.connection().prepareStatement("SELECT count(*) FROM duckdb_tables()"
                + " WHERE table_name = 'day_counts' AND database_name = current_database()");
             ResultSet r = p.executeQuery()) {
            return r.next() && r.getLong(1) > 0;
        }
    }
}
