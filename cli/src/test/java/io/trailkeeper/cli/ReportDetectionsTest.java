package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.detect.InMemoryEngine;
import io.trailkeeper.detect.RuleSet;
import io.trailkeeper.store.EventQuery;
import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.ReportQueries;
import io.trailkeeper.testkit.TrailFileGenerator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's detection pass reads each record of the window once and finds what an engine that evaluates the
 * correlations over all the window's events at the end finds.
 */
class ReportDetectionsTest {
    @TempDir
    Path dir;

    private final PrintWriter err = new PrintWriter(new StringWriter());

    /**
     * 150,000 generated events over two days, and a leaked key used from five addresses five hours apart across
     * the second night, which a day-long correlation finds: the pass ran in slices of 100,000 events, each reading
     * again the 24 hours before it (about 225,000 records parsed).
     */
    @Test
    void eachRecordOfALargeWindowIsReadOnceAndTheDayLongCorrelationStillFires() throws Exception {
        Path store = dir.resolve("store.duckdb");
        new TrailFileGenerator(7, "123456789012", Instant.parse("2024-03-01T00:00:00Z"), Duration.ofDays(2), 1_000,
                5_000).write(dir.resolve("trail"), 150_000, 2);
        IncidentRecords leaked = new IncidentRecords();
        for (int i = 0; i < 5; i++) {
            leaked.call(Instant.parse("2024-03-01T20:00:00Z").plus(Duration.ofHours(5L * i)).toString(), "ListBuckets",
                    "s3.amazonaws.com", "eu-west-1", "arn:aws:iam::123456789012:user/ci", "ci", "AKIALEAKEDEXAMPLE002",
                    "203.0.113." + (10 + i), Map.of(), List.of(), Map.of());
        }
        Cli.Result ingest = Cli.run(store, "ingest", dir.resolve("trail").toString(),
                leaked.write(dir.resolve("leaked/records.json")).toString());
        assertEquals(0, ingest.code(), ingest.toString());
        try (EventStore s = EventStore.openForReading(store, EventStore.StoreOptions.defaults())) {
            IncidentReportBuilder.Filters all = new IncidentReportBuilder.Filters(null, null, null, List.of());
            IncidentReportBuilder.Window w = new IncidentReportBuilder(s, Cli.CLOCK, err).window(null, null, all);
            assertEquals(150_005, new EventSearch(s).count(all.query(w.since(), w.until())), "the window holds all");

            ReportDetections found = ReportDetections.run(s, all, w, err);
            assertEquals(150_005, found.eventsRead(), "each record parsed once");
            assertEquals(Duration.ofHours(24), found.ruleOf().get("AWS Access Key Used From Many Source IP Addresses")
                    .correlation().timespan(), "the day-long correlation fired: " + found.perRule());
            assertEquals(atTheEnd(s, all.query(w.since(), w.until())), new TreeMap<>(found.perRule()));
        }
    }

    /** Real trail files (Invictus, Stratus Red Team: years apart) and a leaked key's calls, an hour apart. */
    @Test
    void theRealSamplesGiveWhatTheEngineFindsOverAllTheirEvents() throws Exception {
        Path store = dir.resolve("store.duckdb");
        // a leaked key used from a new address every hour: the correlation fires at the fourth
        IncidentRecords leaked = new IncidentRecords();
        for (int i = 1; i <= 6; i++) {
            leaked.call("2024-03-01T0" + i + ":30:00Z", "ListBuckets", "s3.amazonaws.com", "eu-west-1",
                    "arn:aws:iam::111122223333:user/ci", "ci", "AKIALEAKEDEXAMPLE001", "203.0.113." + i, Map.of(),
                    List.of(), Map.of());
        }
        Cli.Result ingest = Cli.run(store, "ingest", Cli.shared("invictus-ir-aws_dataset/CloudTrail").toString(),
                Cli.shared("stratus-red-team/docs/detonation-logs").toString(),
                leaked.write(dir.resolve("leaked/records.json")).toString());
        assertEquals(0, ingest.code(), ingest.toString());
        try (EventStore s = EventStore.openForReading(store, EventStore.StoreOptions.defaults())) {
            IncidentReportBuilder.Filters all = new IncidentReportBuilder.Filters(null, null, null, List.of());
            IncidentReportBuilder.Window w = new IncidentReportBuilder(s, Cli.CLOCK, err).window(null, null, all);
            ReportDetections found = ReportDetections.run(s, all, w, err);
            assertTrue(found.total() > 20 && found.perRule().size() > 5, found.perRule().toString());
            assertTrue(found.perRule().containsKey("AWS Access Key Used From Many Source IP Addresses"),
                    "the leaked key's correlation fired: " + found.perRule());
            assertEquals(atTheEnd(s, all.query(w.since(), w.until())), new TreeMap<>(found.perRule()));
            assertEquals(new EventSearch(s).count(all.query(w.since(), w.until())), found.eventsRead());
        }
    }

    /** The matches per rule title of the report's rules over the events, correlations evaluated at the end. */
    private Map<String, Long> atTheEnd(EventStore s, EventQuery q) {
        RuleSet set = RulesCommand.load(List.of(), true, TrailBuckets.placeholders(s));
        InMemoryEngine engine = new InMemoryEngine(set.rules());
        Map<String, Long> perRule = new TreeMap<>();
        try (RecordBatches batches = new RecordBatches(e -> engine.accept(e,
                m -> perRule.merge(m.rule().title(), 1L, Long::sum)))) {
            new ReportQueries(s).records(q, batches::add);
        }
        engine.finish(m -> perRule.merge(m.rule().title(), 1L, Long::sum));
        return perRule;
    }
}
