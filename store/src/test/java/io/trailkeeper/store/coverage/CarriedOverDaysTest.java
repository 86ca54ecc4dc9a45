package io.trailkeeper.store.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A day held only by the minutes before midnight that the next day's first trail file carries (a responder who read
 * the folder of 2026-03-10 has a few events of 2026-03-09) is a gap, not a day held.
 */
class CarriedOverDaysTest {
    private static final Clock NOW = CoverageStores.at("2026-11-27T12:00:00Z");

    @TempDir
    Path dir;

    /** A gzipped trail file named as CloudTrail names it (or as given), with one event at each time. */
    private void trailFile(String name, String... times) throws IOException {
        StringBuilder b = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < times.length; i++) {
            b.append(i == 0 ? "" : ",").append("{\"eventVersion\":\"1.08\",\"eventID\":\"").append(name).append(i)
                    .append("\",\"eventTime\":\"").append(times[i]).append("\",\"awsRegion\":\"us-east-1\",")
                    .append("\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"DescribeInstances\",")
                    .append("\"recipientAccountId\":\"111122223333\",\"userIdentity\":{\"type\":\"IAMUser\"}}");
        }
        Files.createDirectories(dir.resolve("logs"));
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("logs").resolve(name)))) {
            out.write(b.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private CoverageReport report(String since, String until) {
        Path store = dir.resolve("store.duckdb");
        CoverageStores.ingest(store, dir.resolve("logs"));
        try (EventStore s = CoverageStores.read(store)) {
            return new CoverageAnalysis(s, NOW).report(Instant.parse(since), Instant.parse(until),
                    Set.of("us-east-1"));
        }
    }

    private static List<String> missing(CoverageReport r) {
        return r.days().stream().map(d -> d.day() + " " + d.missing()).toList();
    }

    @Test
    void aDayHeldOnlyByTheNextDaysFirstFileIsAPartialDay() throws IOException {
        trailFile("111122223333_CloudTrail_us-east-1_20260310T0005Z_a1.json.gz", "2026-03-09T23:57:00Z",
                "2026-03-09T23:59:30Z", "2026-03-10T00:01:00Z");
        trailFile("111122223333_CloudTrail_us-east-1_20260310T1200Z_a2.json.gz", "2026-03-10T11:55:00Z");
        CoverageReport r = report("2026-03-09T00:00:00Z", "2026-03-10T23:59:59Z");
        assertEquals(List.of("2026-03-09 partial-day", "2026-03-10 "), missing(r));
        assertEquals(List.of(CoverageGap.Kind.PARTIAL_DAY, CoverageGap.Kind.NO_DATA_EVENTS),
                r.coverageGaps().stream().map(CoverageGap::kind).toList());
        assertTrue(r.coverageGaps().get(0).sentence().contains("us-east-1 on 2026-03-09"), r.gaps().toString());
        assertEquals("incomplete", r.regions().get(0).status());
        try (EventStore s = CoverageStores.read(dir.resolve("store.duckdb"))) {
            // an investigation over the day warns as coverage does
            assertEquals(List.of("only the minutes before midnight of us-east-1 on 2026-03-09 are held (from trail"
                    + " files delivered the next day)"), new CoverageAnalysis(s, NOW).caveats(
                    Instant.parse("2026-03-09T00:00:00Z"), Instant.parse("2026-03-09T23:59:59Z"), Set.of("us-east-1"),
                    false));
        }
    }

    @Test
    void theDaysOwnFileOrAFileNotNamedByCloudTrailHoldsIt() throws IOException {
        trailFile("111122223333_CloudTrail_us-east-1_20260310T0005Z_a1.json.gz", "2026-03-09T23:57:00Z");
        trailFile("111122223333_CloudTrail_us-east-1_20260309T1200Z_a0.json.gz", "2026-03-09T11:55:00Z");
        trailFile("merged-by-a-colleague.json.gz", "2026-03-08T23:59:00Z");
        CoverageReport r = report("2026-03-08T00:00:00Z", "2026-03-09T23:59:59Z");
        assertEquals(List.of("2026-03-08 ", "2026-03-09 "), missing(r));
    }
}
