package io.trailkeeper.cli;

import io.trailkeeper.store.EventQuery;
import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.Prune;
import io.trailkeeper.store.RetentionPolicy;
import io.trailkeeper.store.lake.LakeLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The measurements of {@code bench lake} beside the export: DuckDB's plain COPY as the export's baseline, and each
 * question asked of the whole store (as {@code query --format jsonl} reads it: typed filter, then the original
 * records), of a copy whose older half prune moved to the lake (the same reading, hot and cold together), and of
 * the lake alone (DuckDB in memory, read_parquet over the partitions, the raw column), with the same answer.
 */
final class BenchLakeQueries {
    private static final int RUNS = 3;

    private final Path store;
    private final Path lake;
    private final EventStore.StoreOptions options;
    private Path pruned;

    BenchLakeQueries(Path store, Path lake, EventStore.StoreOptions options) {
        this.store = store;
        this.lake = lake;
        this.options = options;
    }

    record Copy(long rows, double seconds, long bytes) {
    }

    /** One question: the store's filter, and the same rows' filter over the lake (SQL with one bound value). */
    record Question(String key, String label, EventQuery hot, String coldWhere, String value) {
    }

    record Timing(double hotSeconds, long hotRows, double prunedSeconds, double coldSeconds, long coldRows) {
    }

    /**
     * A copy of the store with its older half of days moved to the lake by prune (a retention policy whose hot
     * window is the later half), so that the store answers from both tiers; returns the partitions moved.
     */
    long prune(Path copy) throws SQLException, IOException {
        String[] range = one("SELECT CAST(min(CAST(event_time AS DATE)) AS VARCHAR) || ' ' || CAST(max(CAST(event_time"
                + " AS DATE)) AS VARCHAR) FROM events").split(" ");
        LocalDate first = LocalDate.parse(range[0]);
        LocalDate end = LocalDate.parse(range[1]).plusDays(1);
        int hotDays = (int) Math.max(1, java.time.temporal.ChronoUnit.DAYS.between(first, end) / 2);
        Files.copy(store, copy);
        java.time.Clock atEnd = java.time.Clock.fixed(end.atStartOfDay(ZoneOffset.UTC).toInstant(), ZoneOffset.UTC);
        try (EventStore s = EventStore.openForWriting(copy, options)) {
            pruned = copy;
            return new Prune(s, lake, new RetentionPolicy(hotDays, 36_500), atEnd).run().stream()
                    .filter(step -> step.action() == Prune.Action.MOVE).count();
        }
    }

    /** The first day the pruned copy holds itself (days before it are read from the lake). */
    String coldBefore() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + pruned.toAbsolutePath(), readOnlyProperties());
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT CAST(min(CAST(event_time AS DATE)) AS VARCHAR) FROM events")) {
            r.next();
            return r.getString(1);
        }
    }

    Copy copyBaseline(Path file) throws SQLException, IOException {
        String columns = LakeLayout.COLUMNS.stream().map(c -> c[0]).filter(c -> !c.equals("raw"))
                .map(c -> c.equals("record_hash") ? "CAST(record_hash AS VARCHAR) AS record_hash" : c)
                .collect(Collectors.joining(", "));
        try (Connection c = readOnly(); Statement s = c.createStatement()) {
            long t0 = System.nanoTime();
            long rows = s.executeUpdate("COPY (SELECT " + columns + " FROM events) TO '" + file
                    + "' (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1)");
            return new Copy(rows, (System.nanoTime() - t0) / 1e9, Files.size(file));
        }
    }

    /**
     * An event name over all days; the busiest region's busiest day among those prune moved to the lake (us-east-1
     * aside: global services). Call after {@link #prune}.
     */
    List<Question> questions() throws SQLException {
        // an API call that about one event in 500 is: what an investigation asks across the whole time
        String name = one("SELECT event_name FROM events GROUP BY 1 ORDER BY abs(count(*) - (SELECT count(*) / 500"
                + " FROM events)), 1 LIMIT 1");
        String[] regionDay = one("SELECT aws_region || ' ' || CAST(CAST(event_time AS DATE) AS VARCHAR) FROM events"
                + " WHERE aws_region <> 'us-east-1' AND event_time < TIMESTAMP '" + coldBefore() + "' GROUP BY ALL"
                + " ORDER BY count(*) DESC LIMIT 1").split(" ");
        LocalDate day = LocalDate.parse(regionDay[1]);
        Instant since = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant until = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1000);
        return List.of(
                new Question("event_name", "every " + name + " call, all days",
                        new EventQuery(null, null, List.of(), List.of(name), List.of(), null, null, null, null, null,
                                null, null, null), "lower(event_name) = lower(?)", name),
                new Question("region_day", "one region's day (" + regionDay[0] + " " + day + ")",
                        new EventQuery(since, until, List.of(regionDay[0]), List.of(), List.of(), null, null, null, null,
                                null, null, null, null), "region = ? AND date = DATE '" + day + "'", regionDay[0]));
    }

    Timing time(Question q) throws SQLException {
        double hot = Double.MAX_VALUE;
        double both = Double.MAX_VALUE;
        double cold = Double.MAX_VALUE;
        long hotRows = 0;
        long coldRows = 0;
        for (int i = 0; i < RUNS; i++) {
            long t0 = System.nanoTime();
            long[] n = {0};
            try (EventStore s = EventStore.openForReading(store, options)) {
                new EventSearch(s).records(q.hot(), b -> n[0]++);
            }
            hot = Math.min(hot, (System.nanoTime() - t0) / 1e9);
            hotRows = n[0];
            t0 = System.nanoTime();
            n[0] = 0;
            try (EventStore s = EventStore.openForReading(pruned, options)) {
                new EventSearch(s).records(q.hot(), b -> n[0]++);
            }
            both = Math.min(both, (System.nanoTime() - t0) / 1e9);
            if (n[0] != hotRows) {
                throw new IllegalStateException(q.label() + ": the pruned store answered " + n[0] + " records, the"
                        + " whole store " + hotRows);
            }
            t0 = System.nanoTime();
            coldRows = 0;
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                 PreparedStatement p = c.prepareStatement("SELECT raw FROM read_parquet('" + lake
                         + "/events/*/*/*/*.parquet', hive_partitioning = true) WHERE " + q.coldWhere()
                         + " ORDER BY event_time")) {
                p.setString(1, q.value());
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        r.getString(1);
                        coldRows++;
                    }
                }
            }
            cold = Math.min(cold, (System.nanoTime() - t0) / 1e9);
        }
        if (hotRows != coldRows) {
            throw new IllegalStateException(q.label() + ": the store answered " + hotRows + " records, the lake "
                    + coldRows);
        }
        return new Timing(hot, hotRows, both, cold, coldRows);
    }

    /** An investigation timed on the whole store and on the pruned copy (best of 3), and whether they agree. */
    record Investigated(double hotSeconds, double prunedSeconds, boolean same) {
    }

    Investigated investigate(String name, java.time.Clock clock) {
        double hot = Double.MAX_VALUE;
        double both = Double.MAX_VALUE;
        String hotAnswer = null;
        String bothAnswer = null;
        for (int i = 0; i < RUNS; i++) {
            long t0 = System.nanoTime();
            try (EventStore s = EventStore.openForReading(store, options)) {
                hotAnswer = answer(new io.trailkeeper.store.investigate.Investigator(s, clock).run(name,
                        io.trailkeeper.store.investigate.InvestigationArgs.none()));
            }
            hot = Math.min(hot, (System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            try (EventStore s = EventStore.openForReading(pruned, options)) {
                bothAnswer = answer(new io.trailkeeper.store.investigate.Investigator(s, clock).run(name,
                        io.trailkeeper.store.investigate.InvestigationArgs.none()));
            }
            both = Math.min(both, (System.nanoTime() - t0) / 1e9);
        }
        return new Investigated(hot, both, java.util.Objects.equals(hotAnswer, bothAnswer));
    }

    /**
     * The answer's sections and notes (its coverage warnings differ: the copy's lake is not the store's; so does the
     * note that says the lake was read).
     */
    private static String answer(io.trailkeeper.store.investigate.InvestigationResult r) {
        StringBuilder b = new StringBuilder();
        r.sections().forEach(t -> b.append(t.name()).append(t.columns()).append(t.rows()).append('\n'));
        return b.append(r.notes().stream().filter(n -> !n.startsWith(io.trailkeeper.store.MovedPartitions
                .READ_IN_LAKE)).toList()).toString();
    }

    private String one(String sql) throws SQLException {
        try (Connection c = readOnly(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    private Connection readOnly() throws SQLException {
        return DriverManager.getConnection("jdbc:duckdb:" + store.toAbsolutePath(), readOnlyProperties());
    }

    private static java.util.Properties readOnlyProperties() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("access_mode", "READ_ONLY");
        return p;
    }

}
