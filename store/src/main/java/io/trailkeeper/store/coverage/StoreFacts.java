package io.trailkeeper.store.coverage;

import io.trailkeeper.events.Coverage;
import io.trailkeeper.events.TableSink;
import io.trailkeeper.store.EventSearch;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * What the store holds, read with a few aggregate queries: events per region and day and source, the regions
 * and first and last day of the whole store, the event-history windows read, and the collectors' entries. The
 * events table is read once when the window is the whole store, twice otherwise; the collector tables are small.
 */
final class StoreFacts {
    /** Events of one region and UTC day, by where they came from. */
    record DayCount(String region, LocalDate day, long events, long trailFiles, long eventHistory, long dataEvents) {
        long otherFiles() {
            return events - trailFiles - eventHistory;
        }
    }

    /**
     * A region's time read completely: an event-history window ({@code lookup}) or a complete listing of the
     * region's trail folder ({@code s3}); null ends are open.
     */
    record Interval(String collector, String region, Instant from, Instant to) {
    }

    /** Days as text: a DATE through JDBC would pass through the JVM's time zone. */
    private static final String DAYS = "SELECT region, CAST(day AS VARCHAR), events, trail_files, event_history,"
            + " data_events FROM (SELECT coalesce(aws_region, '') AS region, CAST(event_time AS DATE) AS day,"
            + " count(*) AS events, count(*) FILTER (WHERE source_kind = 'trail-file') AS trail_files,"
            + " count(*) FILTER (WHERE source_kind = 'lookup-events') AS event_history,"
            + " %s AS data_events FROM events %s GROUP BY ALL)";
    private static final String REGIONS = "SELECT coalesce(aws_region, '') AS region, count(*) AS events FROM events"
            + " GROUP BY ALL";

    final List<DayCount> days = new ArrayList<>();
    /** Events per region in the whole store (region empty: records naming none). */
    final Map<String, Long> regions = new LinkedHashMap<>();
    final List<Interval> readCompletely = new ArrayList<>();
    final List<CollectorEntry> latestEntries = new ArrayList<>();
    /** Regions a collector found enabled: event-history windows or entries other than not-enabled. */
    final Set<String> lookupEnabled = new HashSet<>();
    /** Regions named by any collector entry, whatever its status. */
    final Set<String> entryRegions = new HashSet<>();
    /**
     * Days of a region whose trail-file events all came from files CloudTrail delivered on another day (the next
     * day's first files carry the last minutes over midnight): the day's own files were not read. Read by
     * {@link #readCarriedOver} only.
     */
    final Map<String, Set<LocalDate>> carriedOver = new HashMap<>();
    /** The days the window holds in part, counted whole: whether they are held is told by the whole day. */
    PartDays partDays = new PartDays();
    long eventsWithoutTime;
    long events;
    /** Whether the store has the collectors' tables (lookup_windows, coverage, s3_objects: schema version 2). */
    boolean collectorTables;

    private final EventSearch search;
    private final Instant since;
    private final Instant until;
    /** Read at the first {@link #regionSwitches()} call: only a region a collector found not enabled needs them. */
    private RegionSwitches regionSwitches;

    private StoreFacts(EventSearch search, Instant since, Instant until) {
        this.search = search;
        this.since = since;
        this.until = until;
    }

    /**
     * Reads the facts about [since, until] (null: the whole store).
     *
     * @param dataEvents whether to count data events (else they are counted as none)
     */
    static StoreFacts read(EventSearch search, Instant since, Instant until, boolean dataEvents) {
        StoreFacts f = new StoreFacts(search, since, until);
        f.readEvents(since, until, dataEvents);
        f.collectorTables = f.scalar("SELECT count(*) FROM duckdb_tables() WHERE table_name IN ('lookup_windows',"
                + " 'coverage') AND database_name = current_database()", List.of()) == 2;
        if (f.collectorTables) {
            f.readCollectors();
        }
        return f;
    }

    private void readEvents(Instant since, Instant until, boolean dataEvents) {
        boolean whole = since == null && until == null;
        // without data events the column is not read at all: a tenth of the time on a large store
        String data = dataEvents ? "count(*) FILTER (WHERE event_category = 'Data')" : "0";
        if (scalar("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'day_counts'"
                + " AND database_name = current_database()", List.of()) == 0) {
            // a store of schema version 4 or older opened for reading (not upgraded): group the events
            scanDays(data, since, until, true, whole);
            partDays = whole ? partDays : PartDays.read(this::rows, since, until, false, dataEvents);
            if (!whole) {
                // which regions are in use at all, whatever the window: one more pass over a single column
                rows(REGIONS, List.of(), r -> regions.put((String) r.get(0), num(r.get(1))));
            }
        } else {
            readCounted(dataEvents, since, until);
            partDays = PartDays.read(this::rows, since, until, true, dataEvents);
            rows("SELECT region, sum(events) FROM day_counts GROUP BY ALL", List.of(),
                    r -> regions.put((String) r.get(0), num(r.get(1))));
        }
        regions.values().forEach(n -> events += n);
    }

    /**
     * The counts of day_counts for the whole days of the window, and the events of the window's first and last
     * day grouped exactly when the window starts or ends within a day.
     */
    private void readCounted(boolean dataEvents, Instant since, Instant until) {
        String data = dataEvents ? "sum(events) FILTER (WHERE data)" : "0";
        String counted = "SELECT region, CAST(day AS VARCHAR), sum(events), sum(events) FILTER (WHERE source_kind ="
                + " 'trail-file'), sum(events) FILTER (WHERE source_kind = 'lookup-events'), " + data
                + " FROM day_counts %s GROUP BY region, day";
        if (since == null && until == null) {
            rows(String.format(counted, ""), List.of(), r -> addDay(r, false)); // regions: from day_counts below
            return;
        }
        String exactData = dataEvents ? "count(*) FILTER (WHERE event_category = 'Data')" : "0";
        // whole days: from the first midnight at or after since, to the last midnight at or before until's end
        LocalDate fullFrom = since == null ? null : firstWholeDay(since);
        LocalDate fullTo = until == null ? null : LocalDate.ofInstant(until.plusNanos(1000), ZoneOffset.UTC);
        if (fullFrom != null && fullTo != null && !fullFrom.isBefore(fullTo)) {
            scanDays(exactData, since, until, true, false);
            return;
        }
        List<Object> params = new ArrayList<>();
        List<String> where = new ArrayList<>(List.of("day IS NOT NULL"));
        if (fullFrom != null) {
            where.add("day >= CAST(? AS DATE)");
            params.add(fullFrom.toString());
            if (since.isBefore(fullFrom.atStartOfDay(ZoneOffset.UTC).toInstant())) {
                scanDays(exactData, since, fullFrom.atStartOfDay(ZoneOffset.UTC).toInstant(), false, false);
            }
        }
        if (fullTo != null) {
            where.add("day < CAST(? AS DATE)");
            params.add(fullTo.toString());
            Instant start = fullTo.atStartOfDay(ZoneOffset.UTC).toInstant();
            if (!until.isBefore(start)) {
                scanDays(exactData, start, until, true, false);
            }
        }
        rows(String.format(counted, "WHERE " + String.join(" AND ", where)), params, r -> addDay(r, false));
    }

    private static LocalDate firstWholeDay(Instant since) {
        LocalDate day = LocalDate.ofInstant(since, ZoneOffset.UTC);
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().equals(since) ? day : day.plusDays(1);
    }

    /** Groups the events of [from, to] (to included or not; null ends: the whole store) by region and day. */
    private void scanDays(String data, Instant from, Instant to, boolean toIncluded, boolean whole) {
        List<Object> params = new ArrayList<>();
        String where = "";
        if (!whole) {
            where = "WHERE event_time >= ? AND event_time " + (toIncluded ? "<=" : "<") + " ?";
            params.add(local(from == null ? Instant.EPOCH.minusSeconds(86_400L * 365 * 2000) : from));
            params.add(local(to == null ? Instant.parse("9999-12-31T23:59:59Z") : to));
        }
        rows(String.format(DAYS, data, where), params, r -> addDay(r, whole));
    }

    /** One row of region, day, events, trail-file events, event-history events, data events. */
    private void addDay(List<Object> r, boolean whole) {
        String region = (String) r.get(0);
        long n = num(r.get(2));
        LocalDate day = r.get(1) == null ? null : LocalDate.parse(r.get(1).toString());
        if (day == null) {
            eventsWithoutTime += n;
        } else {
            days.add(new DayCount(region, day, n, num(r.get(3)), num(r.get(4)), num(r.get(5))));
        }
        if (whole) {
            regions.merge(region, n, Long::sum);
        }
    }

    /** Per region, the days of {@link #days} on which the store holds data events (none when they were not counted). */
    Map<String, Set<LocalDate>> dataEventDays() {
        Map<String, Set<LocalDate>> out = new HashMap<>();
        days.stream().filter(d -> d.dataEvents() > 0)
                .forEach(d -> out.computeIfAbsent(d.region(), k -> new TreeSet<>()).add(d.day()));
        return out;
    }

    /**
     * Finds {@link #carriedOver} days in [since, until] (nulls: open): a trail file's name says when it was delivered
     * ({@code ACCOUNT_CloudTrail_REGION_20240309T0005Z_...}); a file not named so counts as the day's own.
     */
    void readCarriedOver(Instant windowSince, Instant windowUntil) {
        // the days the window holds in part are judged whole: the day's own files may carry none of its events
        Instant since = PartDays.dayStart(windowSince);
        Instant until = PartDays.dayEnd(windowUntil);
        String delivered = "try_strptime(nullif(regexp_extract(source_name, '_CloudTrail_[A-Za-z0-9-]+_([0-9]{8})T[0-9]{4}Z',"
                + " 1), ''), '%Y%m%d')";
        rows("SELECT region, CAST(day AS VARCHAR) FROM (SELECT coalesce(aws_region, '') AS region, CAST(event_time AS"
                + " DATE) AS day, bool_or(" + delivered + " IS NULL OR CAST(" + delivered + " AS DATE) = CAST(event_time"
                + " AS DATE)) AS own FROM events WHERE source_kind = 'trail-file' AND event_time >= ? AND event_time <= ?"
                + " GROUP BY ALL) WHERE NOT own", List.of(local(since == null ? Instant.EPOCH.minusSeconds(86_400L * 365 * 2000)
                        : since), local(until == null ? Instant.parse("9999-12-31T23:59:59Z") : until)),
                r -> carriedOver.computeIfAbsent((String) r.get(0), k -> new HashSet<>())
                        .add(LocalDate.parse((String) r.get(1))));
    }

    /** The first day with events among those read, or null. */
    LocalDate firstEventDay() {
        LocalDate first = null;
        for (DayCount c : days) {
            if (first == null || c.day().isBefore(first)) {
                first = c.day();
            }
        }
        return first;
    }

    private void readCollectors() {
        rows("SELECT region, window_from, window_to FROM lookup_windows WHERE category = 'management'", List.of(),
                r -> {
                    readCompletely.add(new Interval("lookup", (String) r.get(0), (Instant) r.get(1),
                            (Instant) r.get(2)));
                    lookupEnabled.add((String) r.get(0));
                });
        // a complete listing of a region's trail folder: days without files there had no activity
        rows("SELECT region, window_from, max(window_to) FROM coverage WHERE collector = 's3' AND status = 'complete'"
                + " AND region IS NOT NULL GROUP BY ALL", List.of(),
                r -> readCompletely.add(new Interval("s3", (String) r.get(0), (Instant) r.get(1),
                        (Instant) r.get(2))));
        // one pass over the entries (a year of `watch` every 5 minutes is 1.8 million): each region and scope's
        // latest run, and whether a collector ever found the region enabled
        Set<Long> latestRuns = new TreeSet<>();
        Map<String, Long> latestRun = new HashMap<>();
        rows("SELECT collector, region, scope, max(run_id), bool_or(status <> 'not-enabled') FROM coverage"
                + " GROUP BY ALL", List.of(), r -> {
                    String region = (String) r.get(1);
                    latestRuns.add(num(r.get(3)));
                    latestRun.put(r.get(0) + "\u0000" + region + "\u0000" + r.get(2), num(r.get(3)));
                    if (region != null) {
                        entryRegions.add(region);
                        if ("lookup".equals(r.get(0)) && Boolean.TRUE.equals(r.get(4))) {
                            lookupEnabled.add(region);
                        }
                    }
                });
        if (latestRuns.isEmpty()) {
            return;
        }
        // the latest run's entries for each region and scope: an earlier failure a later run repaired is gone
        List<Object> runs = new ArrayList<>(latestRuns);
        String in = "?" + ", ?".repeat(runs.size() - 1);
        Map<Long, String> commands = new HashMap<>();
        rows("SELECT run_id, command FROM ingest_runs WHERE run_id IN (" + in + ")", runs,
                r -> commands.put(num(r.get(0)), (String) r.get(1)));
        List<Object> params = new ArrayList<>();
        params.add(runs.get(0));
        params.addAll(runs);
        rows("SELECT run_id, collector, region, scope, window_from, window_to, status, reason FROM coverage"
                + " WHERE run_id >= ? AND run_id IN (" + in + ") ORDER BY collector, region NULLS FIRST, scope,"
                + " window_from NULLS FIRST", params, r -> {
                    long run = num(r.get(0));
                    if (latestRun.get(r.get(1) + "\u0000" + r.get(2) + "\u0000" + r.get(3)) == run) {
                        latestEntries.add(new CollectorEntry(run, commands.getOrDefault(run, ""), (String) r.get(1),
                                (String) r.get(2), (String) r.get(3), (Instant) r.get(4), (Instant) r.get(5),
                                status((String) r.get(6)), (String) r.get(7)));
                    }
                });
    }

    private static Coverage.Status status(String label) {
        try {
            return Coverage.Status.ofLabel(label);
        } catch (IllegalArgumentException e) {
            return Coverage.Status.FAILED; // a label of a newer version: not complete, whatever it means
        }
    }

    private long scalar(String sql, List<Object> params) {
        long[] out = {0};
        rows(sql, params, r -> out[0] = num(r.get(0)));
        return out[0];
    }

    /**
     * The EnableRegion and DisableRegion calls that tell a region was on in the window: a pass over the events (the
     * lake's files too), so read once, when a collector entry says a region is not enabled.
     */
    RegionSwitches regionSwitches() {
        if (regionSwitches == null) {
            regionSwitches = RegionSwitches.read(this::rows, since, until);
        }
        return regionSwitches;
    }

    private void rows(String sql, List<Object> params, Consumer<List<Object>> row) {
        rows(search, sql, params, row);
    }

    /** Runs a statement of the coverage's own, giving each row to {@code row}. */
    static void rows(EventSearch search, String sql, List<Object> params, Consumer<List<Object>> row) {
        search.statement(sql, params, new TableSink() {
            @Override
            public void columns(List<String> names) {
            }

            @Override
            public void row(List<Object> values) {
                row.accept(values);
            }
        });
    }

    private static long num(Object v) {
        return v == null ? 0 : ((Number) v).longValue();
    }

    private static LocalDateTime local(Instant t) {
        return LocalDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
