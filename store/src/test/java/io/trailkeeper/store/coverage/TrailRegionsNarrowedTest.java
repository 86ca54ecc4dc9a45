package io.trailkeeper.store.coverage;

import static io.trailkeeper.store.coverage.CoverageStores.signIns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.CollectWriter;
import io.trailkeeper.store.EventStore;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A multi-region trail made single-region by an intruder's UpdateTrail at 11:00: its files hold every region's events
 * until then, the home region's only after. The other regions' days still look held by the morning's files, so
 * without the stored call coverage told only the next days missing, and an event-history fix starting the next day,
 * which misses the afternoon (a GuardDuty detector deleted in eu-west-1 at 11:25).
 */
class TrailRegionsNarrowedTest {
    private static final String TRAIL = "main-trail";

    @TempDir
    Path dir;

    private static String folder(String region, String day) {
        return "AWSLogs/" + CoverageStores.ACCOUNT + "/CloudTrail/" + region + "/" + day + "/";
    }

    /** UpdateTrail as CloudTrail records it: the request's name and member, the trail's settings in the response. */
    private static String updateTrail(String time, boolean multiRegion) {
        return SelectorHistoryTest.trailCall(time, "update-" + time, "UpdateTrail", "{\"name\":\"" + TRAIL
                + "\",\"isMultiRegionTrail\":" + multiRegion + "}")
                .replace("\"responseElements\":null", "\"responseElements\":{\"name\":\"" + TRAIL + "\",\"s3BucketName\":"
                        + "\"trail-bucket\",\"includeGlobalServiceEvents\":true,\"isMultiRegionTrail\":" + multiRegion
                        + ",\"trailARN\":\"arn:aws:cloudtrail:us-east-1:" + CoverageStores.ACCOUNT + ":trail/" + TRAIL
                        + "\",\"logFileValidationEnabled\":true,\"isOrganizationTrail\":false}");
    }

    private void store(String... calls) {
        store(List.of(), calls);
    }

    private void store(List<io.trailkeeper.events.CollectedBatch> history, String... calls) {
        try (CollectWriter w = CoverageStores.writer(dir.resolve("store.duckdb"), "collect s3")) {
            for (io.trailkeeper.events.CollectedBatch b : history) {
                w.write(b);
            }
            for (String day : List.of("2026/11/02", "2026/11/03", "2026/11/04")) {
                w.write(CoverageStores.trailFile("trail-bucket", folder("us-east-1", day) + "a.json.gz",
                        signIns("us-east-1", day.replace('/', '-') + "T08:00:00Z", day.replace('/', '-') + "T20:00:00Z")));
            }
            w.write(CoverageStores.trailFile("trail-bucket", folder("eu-west-1", "2026/11/02") + "e.json.gz",
                    signIns("eu-west-1", "2026-11-02T09:00:00Z")));
            w.write(CoverageStores.trailFile("trail-bucket", folder("eu-west-1", "2026/11/03") + "e.json.gz",
                    signIns("eu-west-1", "2026-11-03T09:00:00Z")));
            w.write(CoverageStores.trailFile("trail-bucket", folder("us-east-1", "2026/11/03") + "c.json.gz",
                    CoverageStores.records(calls)));
        }
    }

    private List<CoverageGap> gaps(Set<String> regions) {
        try (EventStore s = CoverageStores.read(dir.resolve("store.duckdb"))) {
            return new CoverageAnalysis(s, CoverageStores.at("2026-11-26T12:00:00Z"))
                    .report(Instant.parse("2026-11-02T00:00:00Z"), Instant.parse("2026-11-04T23:59:59Z"), regions)
                    .coverageGaps().stream().filter(g -> g.kind() == CoverageGap.Kind.TRAIL_REGIONS).toList();
        }
    }

    @Test
    void aTrailMadeSingleRegionLosesTheOtherRegionsFromThatMinuteAndTheFixStartsThere() {
        store(updateTrail("2026-11-03T11:00:00Z", false));
        List<CoverageGap> gaps = gaps(Set.of());
        assertEquals(1, gaps.size(), gaps::toString);
        CoverageGap g = gaps.get(0);
        assertEquals(List.of("eu-west-1"), g.regions(), "the region whose files end before the change");
        assertEquals(List.of(new DayRange(LocalDate.parse("2026-11-03"), LocalDate.parse("2026-11-04"))), g.days());
        assertEquals("trailkeeper collect lookup --since 2026-11-03T11:00:00Z", g.fix());
        assertEquals("trail main-trail (home region us-east-1) was single-region from 2026-11-03T11:00:00Z on: its files"
                + " hold no event of another region then (eu-west-1 end before it) (trailkeeper collect lookup --since"
                + " 2026-11-03T11:00:00Z)", g.brief());
        assertTrue(g.sentence().contains("2026-11-03T11:00:00Z UpdateTrail (single-region)"), g.sentence());
        assertTrue(g.sentence().contains("until 2027-01-31"), g.sentence());
        try (EventStore s = CoverageStores.read(dir.resolve("store.duckdb"))) {
            CoverageAnalysis analysis = new CoverageAnalysis(s, CoverageStores.at("2026-11-26T12:00:00Z"));
            assertTrue(analysis.caveats(Instant.parse("2026-11-03T11:00:00Z"), Instant.parse("2026-11-03T12:00:00Z"),
                    Set.of("eu-west-1"), false).stream().anyMatch(c -> c.startsWith("trail main-trail (home region"
                    + " us-east-1) was single-region from 2026-11-03T11:00:00Z on")), "an hour after it, in eu-west-1");
            assertTrue(analysis.caveats(Instant.parse("2026-11-03T11:00:00Z"), Instant.parse("2026-11-03T12:00:00Z"),
                    Set.of("us-east-1"), false).stream().noneMatch(c -> c.startsWith("trail main-trail")),
                    "the home region alone is not concerned");
            assertTrue(analysis.caveats(Instant.parse("2026-11-02T00:00:00Z"), Instant.parse("2026-11-03T10:59:59Z"),
                    Set.of(), false).stream().noneMatch(c -> c.startsWith("trail main-trail")), "nor the time before");
        }
    }

    @Test
    void theDaysTableMarksTheDayOfTheChangeThatLooksHeld() {
        store(updateTrail("2026-11-03T11:00:00Z", false));
        try (EventStore s = CoverageStores.read(dir.resolve("store.duckdb"))) {
            List<RegionDay> days = new CoverageAnalysis(s, CoverageStores.at("2026-11-26T12:00:00Z"))
                    .report(Instant.parse("2026-11-02T00:00:00Z"), Instant.parse("2026-11-04T23:59:59Z"), Set.of())
                    .days();
            assertEquals("trail-regions", day(days, "eu-west-1", "2026-11-03").missing());
            assertEquals("", day(days, "eu-west-1", "2026-11-02").missing(), "before the change");
            assertEquals("", day(days, "us-east-1", "2026-11-03").missing(), "the home region");
        }
    }

    private static RegionDay day(List<RegionDay> days, String region, String day) {
        return days.stream().filter(d -> d.region().equals(region) && d.day().toString().equals(day)).findFirst()
                .orElseThrow(() -> new AssertionError(region + " " + day + " not in " + days));
    }

    /** The fix run (collect lookup --since the change): the event history read over that time closes the gap. */
    @Test
    void theEventHistoryReadOverTheTimeClosesTheGapAndPartOfItDoesNot() {
        store(List.of(CoverageStores.history("eu-west-1", signIns("eu-west-1", "2026-11-03T11:25:00Z"),
                "2026-11-03T10:00:00Z", "2026-11-05T00:00:00Z")), updateTrail("2026-11-03T11:00:00Z", false));
        assertEquals(List.of(), gaps(Set.of()));
        dir.resolve("store.duckdb").toFile().delete();
        store(List.of(CoverageStores.history("eu-west-1", signIns("eu-west-1", "2026-11-03T11:25:00Z"),
                "2026-11-03T10:00:00Z", "2026-11-04T06:00:00Z")), updateTrail("2026-11-03T11:00:00Z", false));
        List<CoverageGap> gaps = gaps(Set.of());
        assertEquals(1, gaps.size(), gaps::toString);
        assertEquals(List.of("eu-west-1"), gaps.get(0).regions(), "read up to 06:00 of the next day only");
    }

    /**
     * StopLogging of the trail whose files the store holds: every region's files, its home region's too, end at 09:40,
     * and the day looks held by the morning's; StopLogging of another trail (eu-west-1's regional trail, whose files the
     * store never had) says nothing of the store's files, which go on after it.
     */
    @Test
    void aStoppedTrailLosesEveryRegionFromThatMinuteAndAnotherTrailsStopIsNotTheStoresGap() {
        String stop = SelectorHistoryTest.trailCall("2026-11-03T09:40:00Z", "stop-1", "StopLogging", "{\"name\":\""
                + TRAIL + "\"}");
        String otherStop = SelectorHistoryTest.trailCall("2026-11-03T09:30:00Z", "stop-2", "StopLogging",
                "{\"name\":\"arn:aws:cloudtrail:eu-west-1:" + CoverageStores.ACCOUNT + ":trail/eu-audit-trail\"}")
                .replace("\"awsRegion\":\"us-east-1\"", "\"awsRegion\":\"eu-west-1\"");
        try (CollectWriter w = CoverageStores.writer(dir.resolve("store.duckdb"), "collect s3")) {
            for (String region : List.of("us-east-1", "eu-west-1")) {
                w.write(CoverageStores.trailFile("trail-bucket", folder(region, "2026/11/02") + "a.json.gz",
                        signIns(region, "2026-11-02T09:00:00Z")));
                w.write(CoverageStores.trailFile("trail-bucket", folder(region, "2026/11/03") + "b.json.gz",
                        signIns(region, "2026-11-03T09:00:00Z", "2026-11-03T09:35:00Z")));
            }
            w.write(CoverageStores.trailFile("trail-bucket", folder("us-east-1", "2026/11/03") + "c.json.gz",
                    CoverageStores.records(otherStop, stop)));
        }
        List<CoverageGap> gaps = gaps(Set.of());
        assertEquals(1, gaps.size(), gaps::toString);
        assertEquals("trail main-trail (home region us-east-1) did not log from 2026-11-03T09:40:00Z on (StopLogging):"
                + " its files hold no event then (eu-west-1 and us-east-1 end before it) (trailkeeper collect lookup"
                + " --since 2026-11-03T09:40:00Z)", gaps.get(0).brief());
        assertEquals(List.of("eu-west-1", "us-east-1"), gaps.get(0).regions());
    }

    /**
     * Drill 11: the multi-region trail stopped from 10:02 to 13:04 while a second trail, of us-east-1 only and in
     * another bucket, went on delivering: the home region's files do not end at the StopLogging, which made the whole
     * stop silent, though eu-west-1's and us-west-2's files, busy all morning, stopped for three hours. They are told
     * now; ap-south-1, quiet for hours before the stop, proves nothing by its silence and is not.
     */
    @Test
    void aStoppedTrailLosesTheRegionsWhoseBusyFilesEndThoughAnotherTrailsHomeRegionFilesGoOn() {
        String stop = SelectorHistoryTest.trailCall("2026-11-03T10:02:00Z", "stop-1", "StopLogging", "{\"name\":\""
                + TRAIL + "\"}");
        String start = SelectorHistoryTest.trailCall("2026-11-03T13:04:00Z", "start-1", "StartLogging",
                "{\"name\":\"" + TRAIL + "\"}");
        try (CollectWriter w = CoverageStores.writer(dir.resolve("store.duckdb"), "collect s3")) {
            for (String region : List.of("us-east-1", "eu-west-1", "us-west-2")) {
                w.write(CoverageStores.trailFile("trail-bucket", folder(region, "2026/11/03") + "a.json.gz",
                        signIns(region, "2026-11-03T07:30:00Z", "2026-11-03T08:40:00Z", "2026-11-03T09:50:00Z")));
                w.write(CoverageStores.trailFile("trail-bucket", folder(region, "2026/11/03") + "p.json.gz",
                        signIns(region, "2026-11-03T13:30:00Z", "2026-11-03T15:00:00Z")));
            }
            w.write(CoverageStores.trailFile("trail-bucket", folder("ap-south-1", "2026/11/03") + "a.json.gz",
                    signIns("ap-south-1", "2026-11-03T01:00:00Z", "2026-11-03T14:00:00Z")));
            w.write(CoverageStores.trailFile("trail-bucket", folder("us-east-1", "2026/11/03") + "c.json.gz",
                    CoverageStores.records(stop, start)));
            w.write(CoverageStores.trailFile("local-trail-bucket", folder("us-east-1", "2026/11/03") + "l.json.gz",
                    signIns("us-east-1", "2026-11-03T10:30:00Z", "2026-11-03T11:45:00Z", "2026-11-03T12:50:00Z")));
        }
        List<CoverageGap> gaps = gaps(Set.of());
        assertEquals(1, gaps.size(), gaps::toString);
        assertEquals("trail main-trail (home region us-east-1) did not log from 2026-11-03T10:02:00Z to"
                + " 2026-11-03T13:04:00Z (StopLogging): its files hold no event then (eu-west-1 and us-west-2 end before"
                + " it) (trailkeeper collect lookup --since 2026-11-03T10:02:00Z --until 2026-11-03T13:04:00Z)",
                gaps.get(0).brief());
        assertEquals(List.of("eu-west-1", "us-west-2"), gaps.get(0).regions());
        assertTrue(gaps.get(0).sentence().contains("Those of its home region us-east-1 go on after it: another trail's"
                + " files"), gaps.get(0).sentence());
    }

    /**
     * DeleteTrail, then CreateTrail of the same name with no StartLogging (both read from the event history of a few
     * minutes): the trail made again logs nothing, so the gap goes on after the CreateTrail, the rest of the day looking
     * held by the morning's files; a StartLogging ends it.
     */
    @Test
    void aTrailDeletedAndMadeAgainLogsNothingUntilItsStartLogging() {
        String create = SelectorHistoryTest.trailCall("2026-11-03T09:45:00Z", "create-1", "CreateTrail", "{\"name\":\""
                + TRAIL + "\",\"s3BucketName\":\"trail-bucket\",\"isMultiRegionTrail\":true}");
        String start = SelectorHistoryTest.trailCall("2026-11-03T16:00:00Z", "start-1", "StartLogging", "{\"name\":\""
                + TRAIL + "\"}");
        assertEquals("trailkeeper collect lookup --since 2026-11-03T09:40:00Z", deletedAndMadeAgain(create).fix(),
                "no end at the CreateTrail");
        dir.resolve("store.duckdb").toFile().delete();
        assertEquals("trailkeeper collect lookup --since 2026-11-03T09:40:00Z --until 2026-11-03T16:00:00Z",
                deletedAndMadeAgain(create, start).fix());
    }

    /** The trail's files to its DeleteTrail at 09:40, the later calls from the event history: the one gap. */
    private CoverageGap deletedAndMadeAgain(String... later) {
        String delete = SelectorHistoryTest.trailCall("2026-11-03T09:40:00Z", "delete-1", "DeleteTrail", "{\"name\":\""
                + TRAIL + "\"}");
        try (CollectWriter w = CoverageStores.writer(dir.resolve("store.duckdb"), "collect s3")) {
            w.write(CoverageStores.trailFile("trail-bucket", folder("us-east-1", "2026/11/03") + "b.json.gz",
                    signIns("us-east-1", "2026-11-03T09:00:00Z", "2026-11-03T09:35:00Z")));
            w.write(CoverageStores.trailFile("trail-bucket", folder("us-east-1", "2026/11/03") + "c.json.gz",
                    CoverageStores.records(delete)));
            w.write(CoverageStores.history("us-east-1", CoverageStores.records(later), "2026-11-03T09:44:00Z",
                    "2026-11-03T16:05:00Z"));
        }
        List<CoverageGap> gaps = gaps(Set.of());
        assertEquals(1, gaps.size(), gaps::toString);
        return gaps.get(0);
    }

    @Test
    void madeMultiRegionAgainTheGapEndsThereAndACreatedSingleRegionTrailIsNotNarrowed() {
        store(updateTrail("2026-11-03T11:00:00Z", false), updateTrail("2026-11-03T15:30:00Z", true),
                SelectorHistoryTest.trailCall("2026-11-03T12:00:00Z", "create-1", "CreateTrail",
                        "{\"name\":\"regional\",\"s3BucketName\":\"b\",\"isMultiRegionTrail\":false}"));
        List<CoverageGap> gaps = gaps(Set.of());
        assertEquals(1, gaps.size(), gaps::toString);
        assertEquals("trailkeeper collect lookup --since 2026-11-03T11:00:00Z --until 2026-11-03T15:30:00Z",
                gaps.get(0).fix());
        assertEquals(List.of(new DayRange(LocalDate.parse("2026-11-03"), LocalDate.parse("2026-11-03"))),
                gaps.get(0).days());
    }
}
