package io.trailkeeper.store.coverage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The days a window holds in part only (it starts or ends inside them: the hour of an incident), counted whole.
 * Whether such a day is held is told by the whole day: a region whose trail files of the day were read is not
 * missing because none of its events fall in the hour asked about, nor is the hour before midnight a partial day
 * when the day's own files were read, nor does a region lack data events because the hour holds none. The events
 * counted are still the window's.
 */
final class PartDays {
    /** Runs a statement, giving each row to {@code row}. */
    interface Rows {
        void each(String sql, List<Object> params, java.util.function.Consumer<List<Object>> row);
    }

    /** The days the window starts or ends inside (none for a window of whole days). */
    final TreeSet<LocalDate> days = new TreeSet<>();
    /** Their whole counts, by region and day. */
    private final Map<String, Map<LocalDate, StoreFacts.DayCount>> counts = new HashMap<>();

    /** No day in part: a window of whole days, or the whole store. */
    PartDays() {
    }

    /**
     * The window's part days counted whole, from day_counts when the store keeps it ({@code counted}), else from
     * the events.
     *
     * @param dataEvents whether to count data events (else they are counted as none, as the window's are)
     */
    static PartDays read(Rows rows, Instant since, Instant until, boolean counted, boolean dataEvents) {
        PartDays p = new PartDays();
        if (since != null && !since.equals(LocalDate.ofInstant(since, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC)
                .toInstant())) {
            p.days.add(LocalDate.ofInstant(since, ZoneOffset.UTC));
        }
        // a window ends with a whole day at 23:59:59.999999 (--until DAY); at midnight it ends the day before
        boolean endsDay = until != null && dayStart(until.plusNanos(1000)).equals(until.plusNanos(1000));
        boolean endsBefore = until != null && dayStart(until).equals(until) && (since == null || since.isBefore(until));
        if (until != null && !endsDay && !endsBefore) {
            p.days.add(LocalDate.ofInstant(until, ZoneOffset.UTC));
        }
        for (LocalDate d : p.days) {
            List<Object> params = new ArrayList<>();
            String sql;
            if (counted) {
                sql = "SELECT region, CAST(day AS VARCHAR), sum(events), sum(events) FILTER (WHERE source_kind ="
                        + " 'trail-file'), sum(events) FILTER (WHERE source_kind = 'lookup-events'), "
                        + (dataEvents ? "sum(events) FILTER (WHERE data)" : "0")
                        + " FROM day_counts WHERE day = CAST(? AS DATE) GROUP BY region, day";
                params.add(d.toString());
            } else {
                sql = "SELECT coalesce(aws_region, '') AS region, CAST(CAST(event_time AS DATE) AS VARCHAR), count(*),"
                        + " count(*) FILTER (WHERE source_kind = 'trail-file'), count(*) FILTER (WHERE source_kind ="
                        + " 'lookup-events'), " + (dataEvents ? "count(*) FILTER (WHERE event_category = 'Data')" : "0")
                        + " FROM events WHERE event_time >= ? AND event_time < ?"
                        + " GROUP BY ALL";
                params.add(d.atStartOfDay());
                params.add(d.plusDays(1).atStartOfDay());
            }
            rows.each(sql, params, r -> p.counts.computeIfAbsent((String) r.get(0), k -> new HashMap<>()).put(d,
                    new StoreFacts.DayCount((String) r.get(0), d, num(r.get(2)), num(r.get(3)), num(r.get(4)),
                            num(r.get(5)))));
        }
        return p;
    }

    /**
     * The region's day counted whole when the window holds it in part, else {@code window} (the window's count of
     * it, or null when it has none).
     */
    StoreFacts.DayCount whole(String region, LocalDate day, StoreFacts.DayCount window) {
        return days.contains(day) ? counts.getOrDefault(region, Map.of()).get(day) : window;
    }

    /** The first and last instants of the window's part days, widened to whole days (nulls stay open). */
    static Instant dayStart(Instant t) {
        return t == null ? null : LocalDate.ofInstant(t, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    static Instant dayEnd(Instant t) {
        return t == null ? null : dayStart(t).plusSeconds(86_400).minusNanos(1000);
    }

    private static long num(Object v) {
        return v == null ? 0 : ((Number) v).longValue();
    }
}
