package io.trailkeeper.cli;

import io.trailkeeper.detect.InMemoryEngine;
import io.trailkeeper.detect.Match;
import io.trailkeeper.detect.RuleSet;
import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.events.CloudTrailReader;
import io.trailkeeper.events.IngestProblem;
import io.trailkeeper.events.RecordSink;
import io.trailkeeper.events.SourceKind;
import io.trailkeeper.events.Table;
import io.trailkeeper.store.EventQuery;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.ReportQueries;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The bundled Sigma rules run over the report's events, as {@code detect} runs them: one pass of the in-memory
 * engine over the records in time order. Every match is counted (per rule and per timeline bucket); the table
 * keeps at most {@link #SHOWN} of them, the most severe first, so that a noisy rule cannot flood the report.
 */
final class ReportDetections {
    static final int SHOWN = 1_000;
    private static final Comparator<Match> MOST_SEVERE_FIRST = Comparator
            .comparingInt((Match m) -> -DetectCommand.rank(m.rule().level()))
            .thenComparing(m -> m.event().eventTime(), Comparator.nullsLast(Comparator.naturalOrder()));

    private final List<Match> shown = new ArrayList<>();
    private final Map<String, Long> perRule = new LinkedHashMap<>();
    private final Map<String, Match> firstOfRule = new LinkedHashMap<>();
    private final Map<Instant, Long> perBucket = new java.util.HashMap<>();
    private final Duration bucket;
    private long total;

    private ReportDetections(Duration bucket) {
        this.bucket = bucket;
    }

    /** Runs the bundled rules over the events {@code query} selects; rules that cannot be used are named on {@code err}. */
    static ReportDetections run(EventStore store, EventQuery query, Duration bucket, PrintWriter err) {
        RuleSet set = RulesCommand.load(List.of(), true, TrailBuckets.placeholders(store));
        set.problems().forEach(p -> err.println("rule not used: " + p.describe()));
        ReportDetections d = new ReportDetections(bucket);
        InMemoryEngine engine = new InMemoryEngine(set.rules());
        try (RecordBatches batches = new RecordBatches(e -> engine.accept(e, d::add))) {
            new ReportQueries(store).records(query, batches::add);
        }
        engine.finish(d::add);
        return d;
    }

    /**
     * Stored records parsed in batches, in order: a batch is read as one JSON array, so the reader's buffers are
     * set up once per batch instead of once per record (most of the time a record took on its own).
     */
    private static final class RecordBatches implements RecordSink, AutoCloseable {
        private static final int BATCH_BYTES = 1 << 20;
        private final CloudTrailReader reader = new CloudTrailReader();
        private final ByteArrayOutputStream batch = new ByteArrayOutputStream(BATCH_BYTES + (64 << 10));
        private final Consumer<CloudTrailEvent> out;

        RecordBatches(Consumer<CloudTrailEvent> out) {
            this.out = out;
        }

        void add(byte[] raw) {
            batch.write(batch.size() == 0 ? '[' : ',');
            batch.writeBytes(raw);
            if (batch.size() >= BATCH_BYTES) {
                flush();
            }
        }

        private void flush() {
            if (batch.size() == 0) {
                return;
            }
            batch.write(']');
            try {
                reader.read("store", new ByteArrayInputStream(batch.toByteArray()), this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            batch.reset();
        }

        @Override
        public void close() {
            flush();
        }

        @Override
        public void event(CloudTrailEvent event, String source, SourceKind kind, long index) {
            out.accept(event);
        }

        @Override
        public void digest(String source) {
        }

        @Override
        public void problem(IngestProblem problem) {
            // a stored record was read once already; one that no longer reads as a record names no event
        }
    }

    private void add(Match m) {
        total++;
        String key = m.rule().title();
        perRule.merge(key, 1L, Long::sum);
        firstOfRule.putIfAbsent(key, m);
        Instant time = m.event().eventTime();
        if (time != null) {
            perBucket.merge(bucketStart(time, bucket), 1L, Long::sum);
        }
        shown.add(m);
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

    /** The first match of each rule (by title). */
    Map<String, Match> firstOfRule() {
        return firstOfRule;
    }

    /** The matches shown: time, rule, level, author (the Detection Rule License asks for it), principal, call, region, rule id. */
    Table table() {
        List<Match> matches = new ArrayList<>(shown);
        matches.sort(MOST_SEVERE_FIRST);
        if (matches.size() > SHOWN) {
            matches = new ArrayList<>(matches.subList(0, SHOWN));
        }
        matches.sort(Comparator.comparing((Match m) -> m.event().eventTime(),
                Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(m -> m.rule().title()));
        List<List<Object>> rows = new ArrayList<>();
        for (Match m : matches) {
            CloudTrailEvent e = m.event();
            List<Object> row = new ArrayList<>();
            row.add(e.eventTime());
            row.add(m.rule().title());
            row.add(m.rule().level());
            row.add(m.rule().author());
            row.add(e.principalArn() != null ? e.principalArn() : e.userName());
            row.add(e.eventName());
            row.add(e.awsRegion());
            row.add(m.rule().id());
            rows.add(row);
        }
        return new Table("detections", List.of("time", "rule", "level", "author", "principal", "call", "region",
                "rule_id"), rows);
    }
}
