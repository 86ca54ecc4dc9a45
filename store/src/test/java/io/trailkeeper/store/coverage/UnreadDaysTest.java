package io.trailkeeper.store.coverage;

import static io.trailkeeper.store.coverage.CoverageStores.history;
import static io.trailkeeper.store.coverage.CoverageStores.signIns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.Coverage;
import io.trailkeeper.events.Table;
import io.trailkeeper.store.CollectWriter;
import io.trailkeeper.store.EventStore;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A collector refused on some days of a region only (some days' trail files AccessDenied, LookupEvents refused
 * for part of the window): those days are named, in the gap and in the days, and the others stay covered.
 */
class UnreadDaysTest {
    private static final String FOLDER = "AWSLogs/" + CoverageStores.ACCOUNT + "/CloudTrail/eu-west-1/";
    private static final String SCOPE = "s3://trail-bucket/" + FOLDER;

    @TempDir
    Path dir;

    private CoverageReport report(String since, String region) {
        try (EventStore s = CoverageStores.read(dir.resolve("store.duckdb"))) {
            return new CoverageAnalysis(s, CoverageStores.at("2026-11-26T12:00:00Z")).report(Instant.parse(since),
                    null, Set.of(region));
        }
    }

    private static void s3(CollectWriter w, String from, String to, Coverage.Status status, String reason) {
        w.coverage(new Coverage("s3", CoverageStores.ACCOUNT, "eu-west-1", SCOPE, Instant.parse(from),
                Instant.parse(to), status, reason));
    }

    @Test
    void trailFilesRefusedOnTwoDaysLeaveTheOtherDaysCovered() {
        try (CollectWriter w = CoverageStores.writer(dir.resolve("store.duckdb"), "collect s3")) {
            // of 2026-11-17 one file was read and another refused; of 2026-11-19 every file was refused
            w.write(CoverageStores.trailFile("trail-bucket", FOLDER + "2026/11/17/a.json.gz",
                    signIns("eu-west-1", "2026-11-17T10:00:00Z")));
            w.write(CoverageStores.trailFile("trail-bucket", FOLDER + "2026/11/18/b.json.gz",
                    signIns("eu-west-1", "2026-11-18T10:00:00Z")));
            s3(w, "2026-11-10T00:00:00Z", "2026-11-16T23:59:59Z", Coverage.Status.COMPLETE, "");
            s3(w, "2026-11-17T00:00:00Z", "2026-11-17T23:59:59Z", Coverage.Status.DENIED,
                    "1 object could not be read: " + FOLDER + "2026/11/17/c.json.gz AccessDenied (HTTP 403)");
            s3(w, "2026-11-18T00:00:00Z", "2026-11-18T23:59:59Z", Coverage.Status.COMPLETE, "");
            s3(w, "2026-11-19T00:00:00Z", "2026-11-19T23:59:59Z", Coverage.Status.DENIED,
                    "2 objects could not be read, the first: " + FOLDER + "2026/11/19/d.json.gz AccessDenied (HTTP 403)");
            s3(w, "2026-11-20T00:00:00Z", "2026-11-26T11:00:00Z", Coverage.Status.COMPLETE, "");
        }
        CoverageReport r = report("2026-11-10T00:00:00Z", "eu-west-1");

        CoverageGap refused = r.coverageGaps().stream().filter(g -> g.kind() == CoverageGap.Kind.COLLECTOR)
                .collect(Collectors.collectingAndThen(Collectors.toList(), l -> {
                    assertEquals(1, l.size(), "one gap for the folder's refused days: " + l);
                    return l.get(0);
                }));
        assertEquals(SCOPE + " was denied on 2026-11-17 and 2026-11-19 (collect s3, run 1)", refused.brief());
        assertEquals(List.of(new DayRange(LocalDate.parse("2026-11-17"), LocalDate.parse("2026-11-17")),
                new DayRange(LocalDate.parse("2026-11-19"), LocalDate.parse("2026-11-19"))), refused.days());
        assertTrue(refused.sentence().contains("AccessDenied"), refused.sentence());
        Map<LocalDate, RegionDay> days = r.days().stream().collect(Collectors.toMap(RegionDay::day, d -> d));
        assertEquals("collector", days.get(LocalDate.parse("2026-11-17")).missing(), "one file read, one refused");
        assertEquals("s3 denied", days.get(LocalDate.parse("2026-11-17")).unread());
        assertEquals("history-not-collected", days.get(LocalDate.parse("2026-11-19")).missing(), "nothing of it read");
        assertEquals("s3 denied", days.get(LocalDate.parse("2026-11-19")).unread());
        for (String covered : List.of("2026-11-10", "2026-11-16", "2026-11-18", "2026-11-20", "2026-11-26")) {
            RegionDay d = days.get(LocalDate.parse(covered));
            assertEquals("", d.missing(), covered);
            assertEquals("", d.unread(), covered);
            assertTrue(d.listed(), covered + " was listed completely");
        }
        RegionCoverage west = r.regions().get(0);
        assertEquals("incomplete", west.status());
        assertEquals(2, west.missingDays());
        assertEquals(List.of("s3 complete (run 1)", "s3 denied 2026-11-17, 2026-11-19 (run 1)"), west.collectors());
        Table table = r.dayTable();
        assertEquals("unread", table.columns().get(table.columns().size() - 1));
    }

    @Test
    void theEventHistoryRefusedForItsOlderPartLeavesTheNewerDaysCovered() {
        try (CollectWriter w = CoverageStores.writer(dir.resolve("store.duckdb"), "collect lookup")) {
            // LookupEvents read newest first down to 2026-11-10 14:00, then was refused (a session revoked)
            w.write(history("eu-west-1", signIns("eu-west-1", "2026-11-12T10:00:00Z"), "2026-11-10T14:00:00Z",
                    "2026-11-26T11:45:00Z"));
            w.coverage(new Coverage("lookup", CoverageStores.ACCOUNT, "eu-west-1", "event history eu-west-1",
                    Instant.parse("2026-08-28T12:00:00Z"), Instant.parse("2026-11-10T13:59:59Z"),
                    Coverage.Status.DENIED, "AccessDeniedException: explicit deny (AWSRevokeOlderSessions)"));
        }
        CoverageReport r = report("2026-11-01T00:00:00Z", "eu-west-1");

        List<String> briefs = r.coverageGaps().stream().filter(g -> g.kind() == CoverageGap.Kind.COLLECTOR)
                .map(CoverageGap::brief).toList();
        assertEquals(List.of("the event history of eu-west-1 was denied on 2026-11-01..2026-11-10 (collect lookup,"
                + " run 1)"), briefs);
        Map<LocalDate, RegionDay> days = r.days().stream().collect(Collectors.toMap(RegionDay::day, d -> d));
        assertEquals("collector", days.get(LocalDate.parse("2026-11-10")).missing(), "read from 14:00 only");
        assertEquals("lookup denied", days.get(LocalDate.parse("2026-11-10")).unread());
        assertEquals("", days.get(LocalDate.parse("2026-11-11")).missing());
        assertEquals("", days.get(LocalDate.parse("2026-11-26")).unread());
        assertEquals(10, r.regions().get(0).missingDays(), "2026-11-01..2026-11-10");
    }
}
