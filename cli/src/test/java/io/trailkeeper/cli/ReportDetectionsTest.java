package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.ReportQueries;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's detection pass over real trail files (Invictus and Stratus Red Team, whose records span years and
 * fire both plain and correlation rules): run in many small slices it finds what one engine over the whole
 * window finds, so a long window can be cut to keep the engine's memory small.
 */
class ReportDetectionsTest {
    @TempDir
    Path dir;

    @Test
    void slicesFindWhatOnePassFinds() throws Exception {
        Path store = dir.resolve("store.duckdb");
        // a leaked key used from a new address every hour: the correlation fires at the fourth, whose slice
        // must look back at the three hours before it
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
        PrintWriter err = new PrintWriter(new StringWriter());
        try (EventStore s = EventStore.openForReading(store, EventStore.StoreOptions.defaults())) {
            IncidentReportBuilder.Filters all = new IncidentReportBuilder.Filters(null, null, null, List.of());
            IncidentReportBuilder.Window w = new IncidentReportBuilder(s, Cli.CLOCK, err).window(null, null, all);
            List<Instant> cuts = ReportDetections.cuts(new ReportQueries(s).timeline(all.query(w.since(), w.until()),
                    Duration.ofHours(1)), 20);
            assertTrue(cuts.size() >= 5, "several slices: " + cuts);

            ReportDetections whole = ReportDetections.run(s, all, w, err, Long.MAX_VALUE);
            ReportDetections sliced = ReportDetections.run(s, all, w, err, 20);
            assertTrue(whole.total() > 20 && whole.perRule().size() > 5, whole.perRule().toString());
            assertTrue(whole.ruleOf().values().stream().anyMatch(r -> r.correlation() != null),
                    "a correlation fired: " + whole.perRule());
            assertEquals(whole.perRule(), sliced.perRule());
            assertEquals(whole.table().rows(), sliced.table().rows());
            assertEquals(whole.total(), sliced.total());
        }
    }

    @Test
    void cutsFallOnHoursWithoutSplittingOne() {
        Instant t = Instant.parse("2024-01-01T00:00:00Z");
        List<ReportQueries.Bucket> hours = List.of(new ReportQueries.Bucket(t, 60, 0, 0),
                new ReportQueries.Bucket(t.plusSeconds(3_600), 50, 0, 0),
                new ReportQueries.Bucket(t.plusSeconds(7_200), 500, 0, 0),
                new ReportQueries.Bucket(t.plusSeconds(36_000), 10, 0, 0));
        assertEquals(List.of(t.plusSeconds(3_600), t.plusSeconds(7_200), t.plusSeconds(36_000)),
                ReportDetections.cuts(hours, 100));
        assertEquals(List.of(), ReportDetections.cuts(hours, 1_000));
    }
}
