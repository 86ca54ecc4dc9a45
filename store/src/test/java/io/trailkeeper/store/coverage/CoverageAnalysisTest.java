package io.trailkeeper.store.coverage;

import static io.trailkeeper.store.coverage.CoverageStores.at;
import static io.trailkeeper.store.coverage.CoverageStores.history;
import static io.trailkeeper.store.coverage.CoverageStores.signIns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.Coverage;
import io.trailkeeper.events.Table;
import io.trailkeeper.store.CollectWriter;
import io.trailkeeper.store.EventStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gaps of stores built from real files and from what collectors write, at a fixed clock. */
class CoverageAnalysisTest {
    private static final Path INVICTUS = CoverageStores.shared("invictus-ir-aws_dataset/CloudTrail");
    private static final Instant EPOCH_TO = Instant.parse("2026-11-26T12:00:00Z");

    @TempDir
    Path dir;

    private Path store() {
        return dir.resolve("store.duckdb");
    }

    private CoverageReport report(Clock clock, Instant since, Instant until) {
        try (EventStore s = CoverageStores.read(store())) {
            return new CoverageAnalysis(s, clock).report(since, until);
        }
    }

    private List<String> caveats(Clock clock, Instant since, Instant until, Set<String> regions, boolean data) {
        try (EventStore s = CoverageStores.read(store())) {
            return new CoverageAnalysis(s, clock).caveats(since, until, regions, data);
        }
    }

    @Test
    void anEmptyStoreSaysSoAndHowToFillIt() {
        EventStore.openForWriting(store(), EventStore.StoreOptions.defaults()).close();
        CoverageReport r = report(at("2026-11-26T12:00:00Z"), null, null);
        assertTrue(r.empty());
        assertEquals(1, r.gaps().size());
        assertTrue(r.gaps().get(0).contains("`trailkeeper ingest PATH`") && r.gaps().get(0).contains("collect auto"),
                r.gaps().get(0));
        assertTrue(r.summary().startsWith("the store is empty"), r.summary());
        assertEquals(List.of("the store is empty"), caveats(at("2026-11-26T12:00:00Z"), null, null, Set.of(), true));
    }

    @Test
    void trailFilesOfOneDayLeaveTheNextDaysAndTheOtherDefaultRegionsToCollect() {
        CoverageStores.ingest(store(), INVICTUS);
        CoverageReport r = report(at("2023-07-20T12:00:00Z"), null, null);
        List<String> others = new ArrayList<>(DefaultRegions.ENABLED);
        others.remove("us-east-1");
        others.sort(null);
        assertEquals(List.of(CoverageGap.Kind.NEVER_COLLECTED, CoverageGap.Kind.HISTORY_NOT_COLLECTED,
                CoverageGap.Kind.NO_DATA_EVENTS), r.coverageGaps().stream().map(CoverageGap::kind).toList());
        assertEquals(others, r.coverageGaps().get(0).regions());
        assertEquals(List.of(
                "16 regions (" + String.join(", ", others.subList(0, 8)) + " and 8 more) were never collected",
                "the event history of us-east-1 on 2023-07-11..2023-07-20 was never collected (collect lookup can"
                        + " fetch it until 2023-10-08)",
                "the store holds no data events in this window"),
                r.coverageGaps().stream().map(CoverageGap::brief).toList());
        assertTrue(r.gaps().get(1).contains("`trailkeeper collect lookup --regions us-east-1 --since 2023-07-11`"),
                r.gaps().get(1));
        RegionCoverage east = r.regions().stream().filter(c -> c.region().equals("us-east-1")).findFirst().orElseThrow();
        assertEquals(2_900, east.events());
        assertEquals("incomplete", east.status());
        assertEquals(List.of(new DayRange(java.time.LocalDate.parse("2023-07-10"),
                java.time.LocalDate.parse("2023-07-10"))), east.trailFiles());
        assertEquals(10, east.missingDays());
        assertEquals(17, r.regions().size());
        assertEquals("2023-07-10..2023-07-20 (11 days), 17 regions: 2,900 events, 0 data events; 3 gaps", r.summary());
    }

    @Test
    void theNinetyDayBoundaryIsCountedFromTheClock() {
        CoverageStores.ingest(store(), INVICTUS);
        Set<String> east = Set.of("us-east-1");
        // 90 days before is 2023-07-10T12:00: the trail files' day straddles it, every later day can be fetched
        assertEquals(List.of("the event history of us-east-1 on 2023-07-11..2023-10-08 was never collected (collect"
                + " lookup can fetch it until 2023-10-08)"), caveats(at("2023-10-08T12:00:00Z"), null, null, east, false));
        // 2023-07-10 is wholly beyond the history now, but trail files hold it (and at midnight today has not begun)
        assertEquals(List.of("the event history of us-east-1 on 2023-07-11..2023-10-08 was never collected (collect"
                + " lookup can fetch it until 2023-10-09)"), caveats(at("2023-10-09T00:00:00Z"), null, null, east, false));
        // a day later 2023-07-11 is gone from the event history, and no trail file has it
        assertEquals(List.of("the event history of us-east-1 on 2023-07-12..2023-10-09 was never collected (collect"
                        + " lookup can fetch it until 2023-10-10)",
                "no trail files for us-east-1 on 2023-07-11, older than the 90-day event history"),
                caveats(at("2023-10-10T00:00:00Z"), null, null, east, false));
    }

    /** What a collect lookup run writes: windows and events per region, and the regions it could not read. */
    private void lookupRun() {
        try (CollectWriter w = CoverageStores.writer(store(), "collect lookup")) {
            w.write(history("eu-west-1", signIns("eu-west-1", "2026-11-20T10:00:00Z", "2026-11-20T11:00:00Z"),
                    "2026-11-01T00:00:00Z", "2026-11-26T11:55:00Z"));
            w.write(history("eu-central-1", List.of(), "2026-08-28T12:00:00Z", "2026-11-26T11:55:00Z"));
            w.write(history("us-west-2", signIns("us-west-2", "2026-10-05T08:00:00Z"), "2026-10-01T00:00:00Z",
                    "2026-11-26T11:55:00Z"));
            w.write(history("us-east-1", signIns("us-east-1", "2026-09-02T00:00:00Z"), "2026-08-28T12:00:00Z",
                    "2026-11-26T11:55:00Z"));
            entry(w, "eu-west-1", "2026-11-01T00:00:00Z", Coverage.Status.COMPLETE, "");
            entry(w, "eu-central-1", "2026-08-28T12:00:00Z", Coverage.Status.COMPLETE, "");
            entry(w, "ap-south-1", "2026-08-28T12:00:00Z", Coverage.Status.DENIED,
                    "AccessDenied: not authorized to perform cloudtrail:LookupEvents");
            entry(w, "ap-east-1", "2026-08-28T12:00:00Z", Coverage.Status.NOT_ENABLED,
                    "the region is not enabled for the account (opt-in region)");
            w.coverage(new Coverage("lookup", CoverageStores.ACCOUNT, "us-west-2", "event history us-west-2",
                    Instant.parse("2026-09-01T00:00:00Z"), Instant.parse("2026-10-01T00:00:00Z"),
                    Coverage.Status.THROTTLED, "ThrottlingException: Rate exceeded (gave up after 8 tries)"));
            w.coverage(new Coverage("lookup", CoverageStores.ACCOUNT, "us-east-1", "event history us-east-1",
                    Instant.parse("2026-06-01T00:00:00Z"), Instant.parse("2026-08-28T11:59:59Z"),
                    Coverage.Status.TRUNCATED, "event history keeps 90 days; older events exist only in a trail's files"));
            entry(w, "us-east-1", "2026-08-28T12:00:00Z", Coverage.Status.COMPLETE, "");
        }
    }

    private static void entry(CollectWriter w, String region, String from, Coverage.Status status, String reason) {
        w.coverage(new Coverage("lookup", CoverageStores.ACCOUNT, region, "event history " + region, Instant.parse(from),
                EPOCH_TO, status, reason));
    }

    @Test
    void collectorEntriesAndWindowsSayWhatWasReadAndWhatWasNot() {
        lookupRun();
        Clock now = Clock.fixed(EPOCH_TO, java.time.ZoneOffset.UTC);
        CoverageReport r = report(now, null, null);
        assertEquals(java.time.LocalDate.parse("2026-08-28"), r.firstDay(), "the first window's day");
        assertEquals(List.of(
                "the event history of ap-south-1 was denied (collect lookup, run 1)",
                "the event history of us-west-2 was throttled on 2026-09-01..2026-09-30 (collect lookup, run 1)",
                "the event history of ap-south-1 on 2026-08-28..2026-11-26 was never collected (collect lookup can"
                        + " fetch it until 2026-11-26)",
                "the event history of eu-west-1 on 2026-08-28..2026-10-31 was never collected (collect lookup can"
                        + " fetch it until 2026-11-26)",
                "the event history of us-west-2 on 2026-08-28..2026-09-30 was never collected (collect lookup can"
                        + " fetch it until 2026-11-26)",
                "the store holds no data events in this window"),
                r.coverageGaps().stream().map(CoverageGap::brief).toList());
        assertTrue(r.gaps().get(0).contains("AccessDenied: not authorized") && r.gaps().get(0)
                .contains("allow cloudtrail:LookupEvents"), r.gaps().get(0));
        RegionCoverage central = r.regions().stream().filter(c -> c.region().equals("eu-central-1")).findFirst()
                .orElseThrow();
        assertEquals("complete", central.status(), "read completely with no events: collected, not a gap");
        assertEquals(0, central.events());
        assertEquals(List.of("lookup complete (run 1)"), central.collectors());
        assertEquals("not enabled", r.regions().stream().filter(c -> c.region().equals("ap-east-1")).findFirst()
                .orElseThrow().status());

        // the days of the first week, in every region: the three regions missing them are one gap
        assertEquals(List.of(
                "the event history of ap-south-1 was denied (collect lookup, run 1)",
                "the event history of us-west-2 was throttled (collect lookup, run 1)",
                "the event history of 3 regions (ap-south-1, eu-west-1 and us-west-2) on 2026-09-01..2026-09-05 was"
                        + " never collected (collect lookup can fetch it until 2026-11-29)"),
                caveats(now, Instant.parse("2026-09-01T00:00:00Z"), Instant.parse("2026-09-05T23:59:59Z"), Set.of(),
                        false));
        assertEquals(List.of(), caveats(now, Instant.parse("2026-11-10T00:00:00Z"), Instant.parse("2026-11-21T00:00:00Z"),
                Set.of("eu-west-1"), false));
        assertEquals(List.of("the store holds no data events for eu-west-1 in this window"), caveats(now,
                Instant.parse("2026-11-10T00:00:00Z"), Instant.parse("2026-11-21T00:00:00Z"), Set.of("eu-west-1"), true));
        assertEquals(List.of("sa-east-1 was never collected"), caveats(now, null, null, Set.of("sa-east-1"), false));
    }

    @Test
    void aLaterCompleteRunReplacesAnEarlierFailure() {
        lookupRun();
        try (CollectWriter w = CoverageStores.writer(store(), "collect lookup")) {
            w.write(history("us-west-2", List.of(), "2026-09-01T00:00:00Z", "2026-10-01T00:00:00Z"));
            w.coverage(new Coverage("lookup", CoverageStores.ACCOUNT, "us-west-2", "event history us-west-2",
                    Instant.parse("2026-09-01T00:00:00Z"), Instant.parse("2026-10-01T00:00:00Z"),
                    Coverage.Status.COMPLETE, ""));
        }
        List<String> left = caveats(Clock.fixed(EPOCH_TO, java.time.ZoneOffset.UTC), Instant.parse("2026-09-01T00:00:00Z"),
                null, Set.of("us-west-2", "eu-west-1"), false);
        assertEquals(List.of("the event history of eu-west-1 on 2026-09-01..2026-10-31 was never collected (collect"
                + " lookup can fetch it until 2026-11-29)"), left);
    }

    @Test
    void trailFilesFromTheBucketAndCompleteListingsHoldOldDays() {
        try (CollectWriter w = CoverageStores.writer(store(), "collect s3")) {
            String folder = "AWSLogs/" + CoverageStores.ACCOUNT + "/CloudTrail/";
            for (String day : List.of("2026-05-01", "2026-05-03", "2026-09-10")) {
                w.write(CoverageStores.trailFile("trail-bucket", folder + "us-east-1/" + day.replace('-', '/') + "/f.json.gz",
                        signIns("us-east-1", day + "T10:00:00Z")));
            }
            w.coverage(new Coverage("s3", CoverageStores.ACCOUNT, "eu-west-1", "s3://trail-bucket/" + folder
                    + "eu-west-1/", Instant.parse("2026-05-01T00:00:00Z"), Instant.parse("2026-11-26T11:00:00Z"),
                    Coverage.Status.COMPLETE, ""));
            w.coverage(new Coverage("s3", CoverageStores.ACCOUNT, "ap-northeast-1", "s3://trail-bucket/" + folder
                    + "ap-northeast-1/", Instant.parse("2026-05-01T00:00:00Z"), Instant.parse("2026-11-26T11:00:00Z"),
                    Coverage.Status.DENIED, "listing failed: Access Denied"));
        }
        CoverageReport r = report(Clock.fixed(EPOCH_TO, java.time.ZoneOffset.UTC), Instant.parse("2026-05-01T00:00:00Z"),
                null);
        List<String> never = new ArrayList<>(DefaultRegions.ENABLED);
        never.removeAll(List.of("us-east-1", "eu-west-1", "ap-northeast-1"));
        never.sort(null);
        assertEquals(never, r.coverageGaps().get(0).regions());
        assertEquals(List.of(
                "s3://trail-bucket/AWSLogs/123456789012/CloudTrail/ap-northeast-1/ was denied (collect s3, run 1)",
                "the event history of ap-northeast-1 on 2026-08-28..2026-11-26 was never collected (collect lookup"
                        + " can fetch it until 2026-11-26)",
                "the event history of us-east-1 on 2026-08-28..2026-09-09 and 2026-09-11..2026-11-26 was never"
                        + " collected (collect lookup can fetch it until 2026-11-26)",
                "no trail files for us-east-1 on 2026-05-02 and 2026-05-04..2026-08-27, older than the 90-day event"
                        + " history",
                "the store holds no data events in this window"),
                r.coverageGaps().stream().skip(1).map(CoverageGap::brief).toList());
        assertTrue(r.gaps().get(1).contains("`trailkeeper collect s3 --bucket trail-bucket` again"), r.gaps().get(1));
        assertTrue(r.gaps().get(4).contains("only a trail's files in S3 can still give them"), r.gaps().get(4));
        RegionCoverage west = r.regions().stream().filter(c -> c.region().equals("eu-west-1")).findFirst().orElseThrow();
        assertEquals("complete", west.status(), "a complete listing without files: nothing happened there");
        RegionCoverage east = r.regions().stream().filter(c -> c.region().equals("us-east-1")).findFirst().orElseThrow();
        assertEquals(207, east.missingDays());
        List<RegionDay> eastDays = r.days().stream().filter(d -> d.region().equals("us-east-1")).toList();
        assertEquals(210, eastDays.size(), "2026-05-01..2026-11-26");
        assertEquals(117, eastDays.stream().filter(d -> d.missing().equals("beyond-history")).count());
        assertEquals(90, eastDays.stream().filter(d -> d.missing().equals("history-not-collected")).count());
        Table regions = r.regionTable();
        List<Object> eastRow = regions.rows().stream().filter(row -> row.get(0).equals("us-east-1")).findFirst()
                .orElseThrow();
        assertEquals("3 days in 3 ranges, 2026-05-01..2026-09-10", eastRow.get(4));
    }

    @Test
    void dataEventsSomewhereNameTheRegionsWithout() {
        Path files = dir.resolve("files");
        files.toFile().mkdirs();
        CoverageStores.ingest(store(), INVICTUS, CoverageStores.pantherTrailFile(files, "PutObject", "us-west-2"));
        Clock now = at("2025-12-10T00:00:00Z");
        CoverageReport r = report(now, null, null);
        assertEquals(1, r.dataEvents());
        List<CoverageGap> data = r.coverageGaps().stream().filter(g -> g.kind() == CoverageGap.Kind.NO_DATA_EVENTS)
                .toList();
        assertEquals(1, data.size());
        assertEquals("no data events from us-east-1 in this window", data.get(0).brief());
        Instant from = Instant.parse("2025-12-03T00:00:00Z");
        Instant to = Instant.parse("2025-12-03T23:59:59Z");
        assertEquals(List.of(), caveats(now, from, to, Set.of("us-west-2"), true));
        assertEquals(List.of("the event history of us-east-1 on 2025-12-03 was never collected (collect lookup can"
                        + " fetch it until 2026-03-02)", "the store holds no data events for us-east-1 in this window"),
                caveats(now, from, to, Set.of("us-east-1"), true));
        assertFalse(caveats(now, null, null, Set.of(), true).isEmpty());
    }

    @Test
    void aWindowThatEndsBeforeItStartsIsRefused() {
        EventStore.openForWriting(store(), EventStore.StoreOptions.defaults()).close();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> report(at(
                "2026-01-01T00:00:00Z"), Instant.parse("2025-02-01T00:00:00Z"), Instant.parse("2025-01-01T00:00:00Z")));
        assertTrue(e.getMessage().contains("2025-02-01T00:00:00Z"), e.getMessage());
    }

    @Test
    void aStoreFromBeforeTheCollectorTablesIsReadAsItIs() throws Exception {
        CoverageStores.ingest(store(), INVICTUS);
        // as a store of schema 1 was: no lookup_windows, s3_objects or coverage; opened for reading, never upgraded
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + store().toAbsolutePath());
             Statement s = c.createStatement()) {
            s.execute("DROP TABLE lookup_windows");
            s.execute("DROP TABLE s3_objects");
            s.execute("DROP TABLE coverage");
            s.execute("DROP TABLE verify_findings"); // schema 15
            s.execute("UPDATE store_meta SET value = '1' WHERE key = 'schema_version'");
        }
        CoverageReport r = report(at("2023-07-20T12:00:00Z"), null, null);
        assertEquals(List.of(CoverageGap.Kind.NEVER_COLLECTED, CoverageGap.Kind.HISTORY_NOT_COLLECTED,
                CoverageGap.Kind.NO_DATA_EVENTS), r.coverageGaps().stream().map(CoverageGap::kind).toList());
        assertEquals(2_900, r.events());
    }
}
