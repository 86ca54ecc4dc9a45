package io.trailkeeper.cli;

import io.trailkeeper.detect.InMemoryEngine;
import io.trailkeeper.detect.Match;
import io.trailkeeper.detect.RuleSet;
import io.trailkeeper.detect.SigmaRule;
import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.events.Table;
import io.trailkeeper.store.EventQuery;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.ReportQueries;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bundled Sigma rules run over the report's events, as {@code detect} runs them: one pass of the in-memory
 * engine over the records in time order, each record read once; the engine's correlations hold the matches of their
 * timespan only ({@link InMemoryEngine#forEventsInTimeOrder}), whatever the window. Every match is counted (per rule
 * and per timeline bucket); the table keeps at most {@link #SHOWN} of them, the most severe first, so that a noisy
 * rule cannot flood the report. A match is kept as its row only: a correlation's match holds every event that made
 * it fire, and holding those for a year of a busy account would not fit in memory.
 */
final class ReportDetections {
    static final int SHOWN = 1_000;
    private static final Comparator<Row> MOST_SEVERE_FIRST = Comparator.comparingInt((Row r) -> -r.rank())
            .thenComparing(Row::time, Comparator.nullsLast(Comparator.naturalOrder()));

    /** A match as the table shows it. */
    private record Row(Instant time, int rank, SigmaRule rule, String principal, String call, String region) {
    }

    private final List<Row> shown = new ArrayList<>();
    private final Map<String, Long> perRule = new LinkedHashMap<>();
    private final Map<String, SigmaRule> ruleOf = new LinkedHashMap<>();
    private final Map<Instant, Long> perBucket = new java.util.HashMap<>();
    private final Duration bucket;
    private long total;
    private long eventsRead;

    private ReportDetections(Duration bucket) {
        this.bucket = bucket;
    }

    /** Runs the bundled rules over the events the filters select in the window; rules that cannot be used are named on {@code err}. */
    static ReportDetections run(EventStore store, IncidentReportBuilder.Filters filters,
                                IncidentReportBuilder.Window w, PrintWriter err) {
        // the pass over every event of the window is most of a report's time (2 million events: 30 s): say how far
        // it is on a terminal
        Progress bar = new Progress(err, Terminal.errorsInteractive());
        ReportDetections d = run(store, filters, w, err, bar);
        bar.clear();
        return d;
    }

    private static ReportDetections run(EventStore store, IncidentReportBuilder.Filters filters,
                                        IncidentReportBuilder.Window w, PrintWriter err, Progress bar) {
        RuleSet set = RulesCommand.load(List.of(), true, TrailBuckets.placeholders(store));
        RulesCommand.report(set, err);
        ReportQueries queries = new ReportQueries(store);
        EventQuery q = filters.query(w.since(), w.until());
        if (Terminal.errorsInteractive()) {
            bar.start(0, queries.timeline(q, Duration.ofHours(1)).stream().mapToLong(ReportQueries.Bucket::events).sum());
        }
        ReportDetections d = new ReportDetections(w.bucket());
        // the matches are counted, and the table sorted by severity: they need no exact time order
        d.eventsRead = StoreDetection.pass(store, set.rules(), records -> queries.records(q, records), d::add,
                settled -> { }, bar::events);
        return d;
    }

    private void add(Match m) {
        total++;
        String key = m.rule().title();
        perRule.merge(key, 1L, Long::sum);
        ruleOf.putIfAbsent(key, m.rule());
        CloudTrailEvent e = m.event();
        Instant time = e.eventTime();
        if (time != null) {
            perBucket.merge(bucketStart(time, bucket), 1L, Long::sum);
        }
        shown.add(new Row(time, DetectCommand.rank(m.rule().level()), m.rule(),
                e.principalArn() != null ? e.principalArn() : e.userName(), e.eventName(), e.awsRegion()));
        if (shown.size() >= 2 * SHOWN) {
            shown.sort(MOST_SEVERE_FIRST);
            shown.subList(SHOWN, shown.size()).clear();
        }
    }

    long total() {
        return total;
    }

    /** The records the pass read (and parsed). */
    long eventsRead() {
        return eventsRead;
    }

    /** The matches whose event falls in the bucket starting at {@code start}. */
    long inBucket(Instant start) {
        return perBucket.getOrDefault(start, 0L);
    }

    /** The start of the bucket holding {@code time}: buckets are whole multiples of their size since the epoch. */
    static Instant bucketStart(Instant time, Duration bucket) {
        long size = bucket.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(time.getEpochSecond(), size) * size);
    }

    /** How many matches each rule (by title) had, in the order they first matched. */
    Map<String, Long> perRule() {
        return perRule;
    }

    /** The rule of each title that matched. */
    Map<String, SigmaRule> ruleOf() {
        return ruleOf;
    }

    /**
     * The matches shown: time, rule, level, author (the Detection Rule License asks for it), principal, call,
     * region, rule id.
     */
    Table table() {
        List<Row> matches = new ArrayList<>(shown);
        matches.sort(MOST_SEVERE_FIRST);
        if (matches.size() > SHOWN) {
            matches = new ArrayList<>(matches.subList(0, SHOWN));
        }
        matches.sort(Comparator.comparing(Row::time, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(r -> r.rule().title()));
        List<List<Object>> rows = new ArrayList<>();
        for (Row m : matches) {
            List<Object> row = new ArrayList<>();
            row.add(m.time());
            row.add(m.rule().title());
            row.add(m.rule().level());
            row.add(m.rule().author());
            row.add(m.principal());
            row.add(m.call());
            row.add(m.region());
            row.add(m.rule().id());
            rows.add(row);
        }
        return new Table("detections", List.of("time", "rule", "level", "author", "principal", "call", "region",
                "rule_id"), rows);
    }
}
