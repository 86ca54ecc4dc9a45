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
 * event time, and a page ends where the next begins). On a store whose events view also reads lake files (days
 * prune moved, still counted in day_counts), a page reads only the files of its own days: the lake is partitioned by
 * UTC day, so each file is read by one page, not by every page.
 */
final class TimePages {
    static final long PAGE_EVENTS = 250_000;
    /**
     * The page of an answer that carries whole records (a lake's rows come with theirs, about 1.3 KB each, where the
     * store's give a place in a raw chunk): a quarter of {@link #PAGE_EVENTS}.
     */
    static final long PAGE_WHOLE_RECORDS = PAGE_EVENTS / 4;

    private TimePages() {
    }

    /**
     * One page: what it reads ({@code from}, a relation named events, for a FROM clause, with {@code lakeFiles} the
     * lake files it reads) and its condition on event_time ({@code condition}, with {@code params}; empty for a page
     * that is the whole answer).
     */
    record Page(String from, List<String> lakeFiles, String condition, List<Object> params) {
        /** The whole answer from the events view, in one page. */
        static final Page WHOLE = new Page("events", List.of(), "", List.of());

        /** The query's WHERE clause ("" or " WHERE ...") with this page's condition added. */
        String where(String queryWhere) {
            if (condition.isEmpty()) {
                return queryWhere;
            }
            return queryWhere.isEmpty() ? " WHERE " + condition
                    : " WHERE (" + queryWhere.substring(" WHERE ".length()) + ") AND " + condition;
        }
    }

    /**
     * The pages of an answer over the window [since, until] (either may be null): the first before the first cut, the
     * last from the last cut on with the events without a time (NULLS LAST), one page when there is no cut. Each
     * reads the lake files of its days within the window only.
     */
    static List<Page> pages(EventStore store, Instant since, Instant until, long pageEvents) throws SQLException {
        List<Instant> cuts = cuts(store, since, until, pageEvents);
        List<LocalDate> bounds = new ArrayList<>();
        bounds.add(since == null ? null : day(since));
        cuts.forEach(c -> bounds.add(day(c)));
        bounds.add(until == null ? null : day(until).plusDays(1));
        // with a window, no event without a time is in the answer: the files of such events need not be read
        boolean undated = since == null && until == null;
        List<Page> pages = new ArrayList<>();
        for (int i = 0; i <= cuts.size(); i++) {
            boolean last = i == cuts.size();
            List<String> files = store.lakeFilesOfDays(bounds.get(i), bounds.get(i + 1), last && undated);
            String condition;
            List<Object> params = new ArrayList<>();
            if (cuts.isEmpty()) {
                condition = "";
            } else if (i == 0) {
                condition = "event_time < ?";
                params.add(Times.toLocal(cuts.get(0)));
            } else if (!last) {
                condition = "event_time >= ? AND event_time < ?";
                params.add(Times.toLocal(cuts.get(i - 1)));
                params.add(Times.toLocal(cuts.get(i)));
            } else {
                condition = "(event_time >= ? OR event_time IS NULL)";
                params.add(Times.toLocal(cuts.get(i - 1)));
            }
            pages.add(new Page(store.eventsReading(files), files, condition, params));
        }
        return pages;
    }

    /** Reads one page of an answer; returns how many rows it gave. */
    interface PageRead {
        /**
         * @param page the page, whose relation ({@link Page#from}) follows "FROM "
         * @param rest the page's WHERE, the order and the limit left, to follow the relation
         * @param params the query's parameters, then the page's
         */
        long read(Page page, String rest, List<Object> params) throws SQLException;
    }

    /**
     * Reads {@code pages} one after the other: the events {@code where} selects (a clause with bound parameters, or
     * "") within each page, in {@code order} within each page; a {@code limit} (null: none) counts over all pages.
     * The first page is read even when the limit is 0: an answer's columns come with it.
     */
    static void readEach(List<Page> pages, String where, String order, List<Object> params, Long limit,
                         PageRead read) throws SQLException {
        long left = limit == null ? Long.MAX_VALUE : limit;
        for (int i = 0; i < pages.size() && (i == 0 || left > 0); i++) {
            Page page = pages.get(i);
            List<Object> pageParams = new ArrayList<>(params);
            pageParams.addAll(page.params());
            left -= read.read(page, page.where(where) + order + (limit == null ? "" : " LIMIT " + left), pageParams);
        }
    }

    private static LocalDate day(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC);
    }

    /**
     * The starts of the pages after the first (UTC midnights strictly inside the window, ascending), each page
     * holding at most {@code pageEvents} of the store's events unless a single day holds more; none when the store
     * keeps no day counts (a store of schema 4 or older opened for reading), or when the window fits in one page.
     */
    static List<Instant> cuts(EventStore store, Instant since, Instant until, long pageEvents) throws SQLException {
        List<Instant> cuts = new ArrayList<>();
        if (!hasDayCounts(store)) {
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
