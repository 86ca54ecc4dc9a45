package io.trailkeeper.cli;

import io.trailkeeper.detect.InMemoryEngine;
import io.trailkeeper.detect.Match;
import io.trailkeeper.detect.RuleSet;
import io.trailkeeper.detect.SigmaRule;
import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.events.Table;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.ReportQueries;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The bundled Sigma rules run over the report's events, as {@code detect} runs them: one pass of the in-memory
 * engine over the records in time order. Every match is counted (per rule and per timeline bucket); the table
 * keeps at most {@link #SHOWN} of them, the most severe first, so that a noisy rule cannot flood the report. A
 * match is kept as its row only: a correlation's match holds every event that made it fire, and holding those
 * for a year of a busy account would not fit in memory.
 */
final class ReportDetections {
    static final int SHOWN = 1_000;
    /** Events an engine sees before it finishes: what its correlations count stays in memory until then. */
    static final long SLICE_EVENTS = 100_000;
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

    private ReportDetections(Duration bucket) {
        this.bucket = bucket;
    }

    /**
     * Runs the bundled rules over the events the filters select in the window; rules that cannot be used are
     * named on {@code err}. The engine keeps what its correlations count until it finishes, so a long window is
     * run in slices of about {@link #SLICE_EVENTS} events, each with an engine of its own that also reads the
     * longest correlation timespan before the slice (so that a correlation sees what it would have seen) and
     * keeps only the matches inside the slice.
     */
    static ReportDetections run(EventStore store, IncidentReportBuilder.Filters filters,
                                IncidentReportBuilder.Window w, PrintWriter err) {
        // the pass over every event of the window is most of a report's time (2 million events: 30 s): say how far
        // it is on a terminal
        Progress bar = new Progress(err, Terminal.errorsInteractive());
        ReportDetections d = run(store, filters, w, err, SLICE_EVENTS, bar);
        bar.clear();
        return d;
    }

    /** As {@link #run(EventStore, IncidentReportBuilder.Filters, IncidentReportBuilder.Window, PrintWriter)}, in
     * slices of about {@code sliceEvents}. */
    static ReportDetections run(EventStore store, IncidentReportBuilder.Filters filters,
                                IncidentReportBuilder.Window w, PrintWriter err, long sliceEvents) {
        return run(store, filters, w, err, sliceEvents, new Progress(err, false));
    }

    private static ReportDetections run(EventStore store, IncidentReportBuilder.Filters filters,
                                        IncidentReportBuilder.Window w, PrintWriter err, long sliceEvents,
                                        Progress bar) {
        RuleSet set = RulesCommand.load(List.of(), true, TrailBuckets.placeholders(store));
        RulesCommand.report(set, err);
        Duration lookBack = set.rules().stream().filter(r -> r.correlation() != null)
                .map(r -> r.correlation().timespan()).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
        ReportQueries queries = new ReportQueries(store);
        List<ReportQueries.Bucket> hours = queries.timeline(filters.query(w.since(), w.until()), Duration.ofHours(1));
        List<Instant> cuts = cuts(hours, sliceEvents);
        bar.start(0, hours.stream().mapToLong(ReportQueries.Bucket::events).sum());
        long[] done = {0};
        ReportDetections d = new ReportDetections(w.bucket());
        Instant start = w.since();
        for (int i = 0; i <= cuts.size(); i++) {
            Instant end = i < cuts.size() ? cuts.get(i).minus(1, ChronoUnit.MICROS) : w.until();
            Instant from = i == 0 ? start : latest(w.since(), start.minus(lookBack));
            Instant keepFrom = start;
            Consumer<Match> keep = m -> {
                Instant t = m.event().eventTime();
                if (t == null || !t.isBefore(keepFrom)) {
                    d.add(m);
                }
            };
            InMemoryEngine engine = new InMemoryEngine(set.rules());
            try (RecordBatches batches = new RecordBatches(e -> {
                Instant t = e.eventTime();
                if (t == null || !t.isBefore(keepFrom)) {
                    bar.events(++done[0]); // each event once: the look-back before a slice is read again
                }
                engine.accept(e, keep);
            })) {
                queries.records(filters.query(from, end), batches::add);
            }
            engine.finish(keep);
            start = i < cuts.size() ? cuts.get(i) : start;
        }
        return d;
    }

    /** Where slices after the first start: at whole hours, each slice holding about {@code limit} events. */
    static List<Instant> cuts(List<ReportQueries.Bucket> hours, long limit) {
        List<Instant> cuts = new ArrayList<>();
        long inSlice = 0;
        for (ReportQueries.Bucket h : hours) {
            if (inSlice > 0 && inSlice + h.events() > limit) {
                cuts.add(h.start());
                inSlice = 0;
            }
            inSlice += h.events();
        }
        return cuts;
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
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
