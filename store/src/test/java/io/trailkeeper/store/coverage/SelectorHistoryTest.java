package io.trailkeeper.store.coverage;

import static io.trailkeeper.store.coverage.CoverageStores.signIns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.CollectWriter;
import io.trailkeeper.store.EventStore;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data event selectors set (or removed) inside the window: coverage and collect auto bound the trail's data events
 * in time by the PutEventSelectors, CreateTrail and Start/StopLogging calls the store holds, and say that the
 * selectors before the first such call are not known.
 */
class SelectorHistoryTest {
    private static final String TRAIL = "payroll-trail";
    private static final String FOLDER = "AWSLogs/" + CoverageStores.ACCOUNT + "/CloudTrail/us-east-1/";

    @TempDir
    Path dir;

    /** A PutEventSelectors as CloudTrail records it (the shape of ../shared/data's Invictus record). */
    static String putEventSelectors(String time, String id, String dataResources) {
        String selectors = "[{\"readWriteType\":\"All\",\"includeManagementEvents\":true,\"dataResources\":"
                + dataResources + ",\"excludeManagementEventSources\":[]}]";
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::"
                + CoverageStores.ACCOUNT + ":user/admin\",\"accountId\":\"" + CoverageStores.ACCOUNT + "\"},"
                + "\"eventTime\":\"" + time + "\",\"eventSource\":\"cloudtrail.amazonaws.com\",\"eventName\":"
                + "\"PutEventSelectors\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"192.0.2.10\",\"userAgent\":"
                + "\"aws-cli\",\"requestParameters\":{\"trailName\":\"" + TRAIL + "\",\"eventSelectors\":" + selectors
                + "},\"responseElements\":{\"trailARN\":\"arn:aws:cloudtrail:us-east-1:" + CoverageStores.ACCOUNT
                + ":trail/" + TRAIL + "\",\"eventSelectors\":" + selectors + "},\"eventID\":\"" + id + "\","
                + "\"readOnly\":false,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\""
                + CoverageStores.ACCOUNT + "\",\"eventCategory\":\"Management\"}";
    }

    private static final String PAYROLL = "[{\"type\":\"AWS::S3::Object\",\"values\":[\"arn:aws:s3:::payroll/\"]}]";

    private void store(String... calls) {
        try (CollectWriter w = CoverageStores.writer(dir.resolve("store.duckdb"), "collect s3")) {
            w.write(CoverageStores.trailFile("trail-bucket", FOLDER + "2026/11/01/a.json.gz",
                    signIns("us-east-1", "2026-11-01T10:00:00Z")));
            w.write(CoverageStores.trailFile("trail-bucket", FOLDER + "2026/11/10/b.json.gz",
                    CoverageStores.records(calls)));
        }
    }

    private CoverageReport report() {
        try (EventStore s = CoverageStores.read(dir.resolve("store.duckdb"))) {
            return new CoverageAnalysis(s, CoverageStores.at("2026-11-26T12:00:00Z"))
                    .report(Instant.parse("2026-11-01T00:00:00Z"), null, Set.of("us-east-1"));
        }
    }

    @Test
    void selectorsSetMidWindowBoundTheTrailsDataEventsAndTheTimeBeforeIsUnknown() {
        store(putEventSelectors("2026-11-10T08:00:00Z", "put-1", PAYROLL));
        List<CoverageGap> trail = report().coverageGaps().stream().filter(SelectorHistoryTest::bounds)
                .toList();
        assertEquals(1, trail.size(), trail::toString);
        assertEquals("trail payroll-trail recorded data events only from 2026-11-10T08:00:00Z on (its selector"
                + " history in the store)", trail.get(0).brief());
        assertEquals(List.of(new DayRange(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-10"))),
                trail.get(0).days(), "the day it was set on is not whole");
        assertTrue(trail.get(0).sentence().contains("2026-11-10T08:00:00Z PutEventSelectors (data events of"
                + " AWS::S3::Object)"), trail.get(0).sentence());
        assertTrue(trail.get(0).sentence().contains("what it selected before 2026-11-10T08:00:00Z is not known"),
                trail.get(0).sentence());
    }

    @Test
    void selectorsRemovedMidWindowEndTheTrailsDataEvents() {
        store(putEventSelectors("2026-10-01T08:00:00Z", "put-1", PAYROLL),
                putEventSelectors("2026-11-20T10:00:00Z", "put-2", "[]"));
        CoverageGap trail = report().coverageGaps().stream().filter(SelectorHistoryTest::bounds)
                .findFirst().orElseThrow();
        assertEquals("trail payroll-trail recorded data events only from 2026-11-01T00:00:00Z to"
                + " 2026-11-20T10:00:00Z (its selector history in the store)", trail.brief());
        assertTrue(trail.sentence().contains("; on 2026-11-20..2026-11-26 it did not, all day or part of it:"),
                trail.sentence());
        assertEquals(List.of(new DayRange(LocalDate.parse("2026-11-20"), LocalDate.parse("2026-11-26"))), trail.days());
        try (EventStore s = CoverageStores.read(dir.resolve("store.duckdb"))) {
            Map<String, Boolean> now = new LinkedHashMap<>();
            now.put(TRAIL, false);
            now.put("other-trail", true);
            List<String> notes = new CoverageAnalysis(s, CoverageStores.at("2026-11-26T12:00:00Z"))
                    .dataEventSelectorNotes(now);
            assertEquals(2, notes.size(), notes::toString);
            assertTrue(notes.get(0).startsWith("trail payroll-trail's selectors, as the store's CloudTrail calls show:"
                    + " 2026-10-01T08:00:00Z PutEventSelectors (data events of AWS::S3::Object), 2026-11-20T10:00:00Z"
                    + " PutEventSelectors (no data events); it recorded data events only from 2026-10-01T08:00:00Z to"
                    + " 2026-11-20T10:00:00Z; what it selected before 2026-10-01T08:00:00Z is not known"),
                    notes.get(0));
            assertTrue(notes.get(1).startsWith("the store holds no call that set trail other-trail's selectors"),
                    notes.get(1));
        }
    }

    /**
     * The intruder's usual step: the selectors were set long before the window, so the store's only call is the
     * PutEventSelectors that took the data events away. The trail was never seen recording them (what it selected
     * before is unknown), but from that call on it recorded none: said, in coverage and in an investigation's warning
     * about data events, never passed over as a trail of management events.
     */
    @Test
    void selectorsRemovedWithNoEarlierCallStoredEndTheTrailsDataEvents() {
        store(putEventSelectors("2026-11-20T10:00:00Z", "put-2", "[]"));
        List<CoverageGap> trail = report().coverageGaps().stream().filter(SelectorHistoryTest::bounds).toList();
        assertEquals(1, trail.size(), () -> report().coverageGaps().toString());
        assertEquals("trail payroll-trail (home region us-east-1) selected no data events from 2026-11-20T10:00:00Z"
                + " (PutEventSelectors; its"
                + " selector history in the store)", trail.get(0).brief());
        assertEquals(List.of(new DayRange(LocalDate.parse("2026-11-20"), LocalDate.parse("2026-11-26"))),
                trail.get(0).days());
        assertTrue(trail.get(0).sentence().contains("(2026-11-20T10:00:00Z PutEventSelectors (no data events)); on"
                + " 2026-11-20..2026-11-26, all day or part of it, whether S3 objects were read"), trail.get(0).sentence());
        assertTrue(trail.get(0).sentence().contains("what it selected before is not known"), trail.get(0).sentence());
        try (EventStore s = CoverageStores.read(dir.resolve("store.duckdb"))) {
            CoverageAnalysis analysis = new CoverageAnalysis(s, CoverageStores.at("2026-11-26T12:00:00Z"));
            assertTrue(analysis.caveats(Instant.parse("2026-11-21T00:00:00Z"), null, Set.of("us-east-1"), true)
                    .contains(trail.get(0).brief()), "an investigation of data events after the removal warns of it");
            assertTrue(analysis.caveats(Instant.parse("2026-11-02T00:00:00Z"), Instant.parse("2026-11-19T00:00:00Z"),
                    Set.of("us-east-1"), true).stream().noneMatch(c -> c.startsWith("trail payroll-trail")),
                    "a window ending before the removal is not concerned");
        }
    }

    /**
     * A gap bounding in time when a trail recorded data events; not the one of what its selectors left out of them
     * (payroll's objects only: S3SelectionGapsTest).
     */
    private static boolean bounds(CoverageGap g) {
        return g.brief().startsWith("trail ") && !g.brief().contains("did not log every S3 object read and write");
    }

    /** An S3 GetObject data event on the payroll bucket, as CloudTrail records it. */
    private static String getObject(String time, String id) {
        return "{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"IAMUser\",\"accountId\":\""
                + CoverageStores.ACCOUNT + "\"},\"eventTime\":\"" + time + "\",\"eventSource\":\"s3.amazonaws.com\","
                + "\"eventName\":\"GetObject\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"192.0.2.10\","
                + "\"requestParameters\":{\"bucketName\":\"payroll\",\"key\":\"a.csv\"},\"resources\":[{\"type\":"
                + "\"AWS::S3::Object\",\"ARN\":\"arn:aws:s3:::payroll/a.csv\"}],\"eventID\":\"" + id + "\","
                + "\"readOnly\":true,\"eventType\":\"AwsApiCall\",\"managementEvent\":false,\"recipientAccountId\":\""
                + CoverageStores.ACCOUNT + "\",\"eventCategory\":\"Data\"}";
    }

    /**
     * Drill 11: the selectors logged the bucket from before the window, the first stored call sets them mid-window.
     * The days before it on which the store holds the trail's home region's data events were recorded, whatever the
     * selectors were: not said to be days it may not have; the days without any are, still.
     */
    @Test
    void daysBeforeTheFirstSelectorCallWithStoredDataEventsAreNotSaidUnknown() {
        store(getObject("2026-11-03T09:00:00Z", "get-1"), getObject("2026-11-10T07:00:00Z", "get-2"),
                putEventSelectors("2026-11-10T08:00:00Z", "put-1", PAYROLL));
        List<CoverageGap> trail = report().coverageGaps().stream().filter(SelectorHistoryTest::bounds).toList();
        assertEquals(1, trail.size(), trail::toString);
        assertEquals(List.of(new DayRange(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-02")),
                new DayRange(LocalDate.parse("2026-11-04"), LocalDate.parse("2026-11-09"))), trail.get(0).days());
        assertTrue(trail.get(0).sentence().contains("on 2026-11-01..2026-11-02 and 2026-11-04..2026-11-09 it may not"
                + " have"), trail.get(0).sentence());
    }

    @Test
    void aTrailSelectingDataEventsSinceBeforeTheWindowHasNoGap() {
        store(putEventSelectors("2026-10-01T08:00:00Z", "put-1", PAYROLL));
        assertTrue(report().coverageGaps().stream().noneMatch(SelectorHistoryTest::bounds));
        assertTrue(report().coverageGaps().stream().anyMatch(g -> g.brief().equals("trail payroll-trail's selectors"
                + " did not log every S3 object read and write: from 2026-11-01T00:00:00Z on, S3 object reads only where"
                + " basic selector values arn:aws:s3:::payroll/; S3 object writes only where basic selector values"
                + " arn:aws:s3:::payroll/ (its selector history in the store)")), () -> report().coverageGaps().toString());
    }
    /** A CloudTrail call on the trail as CloudTrail records it, in us-east-1. */
    static String trailCall(String time, String id, String name, String requestParameters) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::"
                + CoverageStores.ACCOUNT + ":user/admin\",\"accountId\":\"" + CoverageStores.ACCOUNT + "\"},"
                + "\"eventTime\":\"" + time + "\",\"eventSource\":\"cloudtrail.amazonaws.com\",\"eventName\":\""
                + name + "\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"192.0.2.10\",\"userAgent\":"
                + "\"aws-cli\",\"requestParameters\":" + requestParameters + ",\"responseElements\":null,"
                + "\"eventID\":\"" + id + "\",\"readOnly\":false,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,"
                + "\"recipientAccountId\":\"" + CoverageStores.ACCOUNT + "\",\"eventCategory\":\"Management\"}";
    }

    @Test
    void aSingleRegionTrailMadeMultiRegionByUpdateTrailRecordedOtherRegionsDataEventsOnlyFromThen() {
        String arn = "arn:aws:cloudtrail:us-east-1:" + CoverageStores.ACCOUNT + ":trail/" + TRAIL;
        try (CollectWriter w = CoverageStores.writer(dir.resolve("store.duckdb"), "collect s3")) {
            w.write(CoverageStores.trailFile("trail-bucket", FOLDER + "2026/11/01/a.json.gz",
                    signIns("us-east-1", "2026-11-01T10:00:00Z")));
            w.write(CoverageStores.trailFile("trail-bucket", "AWSLogs/" + CoverageStores.ACCOUNT
                    + "/CloudTrail/eu-west-1/2026/11/01/e.json.gz", signIns("eu-west-1", "2026-11-01T11:00:00Z")));
            w.write(CoverageStores.trailFile("trail-bucket", FOLDER + "2026/11/10/b.json.gz", CoverageStores.records(
                    trailCall("2026-10-01T07:00:00Z", "create-1", "CreateTrail", "{\"name\":\"" + TRAIL
                            + "\",\"s3BucketName\":\"trail-bucket\",\"isMultiRegionTrail\":false}"),
                    putEventSelectors("2026-10-01T08:00:00Z", "put-1", PAYROLL),
                    trailCall("2026-10-01T08:01:00Z", "start-1", "StartLogging", "{\"name\":\"" + TRAIL + "\"}"),
                    // named by its ARN: the same trail; a new bucket alone changes nothing recorded
                    trailCall("2026-11-15T09:00:00Z", "update-1", "UpdateTrail", "{\"name\":\"" + arn
                            + "\",\"isMultiRegionTrail\":true}"),
                    trailCall("2026-11-16T09:00:00Z", "update-2", "UpdateTrail", "{\"name\":\"" + TRAIL
                            + "\",\"s3BucketName\":\"other-bucket\"}"))));
        }
        CoverageReport report;
        try (EventStore s = CoverageStores.read(dir.resolve("store.duckdb"))) {
            report = new CoverageAnalysis(s, CoverageStores.at("2026-11-26T12:00:00Z"))
                    .report(Instant.parse("2026-11-01T00:00:00Z"), null, Set.of("us-east-1", "eu-west-1"));
        }
        List<CoverageGap> trail = report.coverageGaps().stream().filter(SelectorHistoryTest::bounds)
                .toList();
        assertEquals(1, trail.size(), trail::toString);
        assertEquals("trail payroll-trail recorded data events of regions other than its home region us-east-1 only"
                + " from 2026-11-15T09:00:00Z on (while multi-region, as its selector history in the store shows)",
                trail.get(0).brief());
        assertEquals(List.of("eu-west-1"), trail.get(0).regions());
        assertEquals(List.of(new DayRange(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-15"))),
                trail.get(0).days(), "single-region until the day it became multi-region");
        assertTrue(trail.get(0).sentence().contains("2026-11-15T09:00:00Z UpdateTrail (multi-region)"),
                trail.get(0).sentence());
        try (EventStore s = CoverageStores.read(dir.resolve("store.duckdb"))) {
            String note = new CoverageAnalysis(s, CoverageStores.at("2026-11-26T12:00:00Z"))
                    .dataEventSelectorNotes(Map.of(TRAIL, true)).get(0);
            assertTrue(note.contains("it recorded data events only from 2026-10-01T08:01:00Z on, those of regions"
                    + " other than its home region us-east-1 only from 2026-11-15T09:00:00Z on (while multi-region)"),
                    note);
        }
    }
    @Test
    void aTrailMadeAnOrganizationTrailByUpdateTrailRecordedMemberAccountsDataEventsOnlyFromThen() {
        store(trailCall("2026-10-01T07:00:00Z", "create-1", "CreateTrail", "{\"name\":\"" + TRAIL
                        + "\",\"s3BucketName\":\"trail-bucket\",\"isMultiRegionTrail\":true}"),
                putEventSelectors("2026-10-01T08:00:00Z", "put-1", PAYROLL),
                trailCall("2026-10-01T08:01:00Z", "start-1", "StartLogging", "{\"name\":\"" + TRAIL + "\"}"),
                trailCall("2026-11-15T09:00:00Z", "update-1", "UpdateTrail", "{\"name\":\"" + TRAIL
                        + "\",\"isOrganizationTrail\":true}"));
        List<CoverageGap> trail = report().coverageGaps().stream().filter(SelectorHistoryTest::bounds)
                .toList();
        assertEquals(1, trail.size(), trail::toString);
        assertEquals("trail payroll-trail recorded data events of its organization's member accounts (every account"
                + " but its own, " + CoverageStores.ACCOUNT + ") only from 2026-11-15T09:00:00Z on (while an"
                + " organization trail, as its selector history in the store shows)", trail.get(0).brief());
        assertEquals(List.of(new DayRange(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-15"))),
                trail.get(0).days(), "not an organization trail until the day it became one");
        assertTrue(trail.get(0).sentence().contains("2026-11-15T09:00:00Z UpdateTrail (organization trail)"),
                trail.get(0).sentence());
        try (EventStore s = CoverageStores.read(dir.resolve("store.duckdb"))) {
            String note = new CoverageAnalysis(s, CoverageStores.at("2026-11-26T12:00:00Z"))
                    .dataEventSelectorNotes(Map.of(TRAIL, true)).get(0);
            assertTrue(note.contains("it recorded data events only from 2026-10-01T08:01:00Z on, those of its"
                    + " organization's member accounts only from 2026-11-15T09:00:00Z on (while an organization"
                    + " trail)"), note);
        }
    }

    @Test
    void withoutAStoredCreateTrailOrUpdateTrailTheTrailsRegionsAreSaidToBeAssumed() {
        store(putEventSelectors("2026-11-10T08:00:00Z", "put-1", PAYROLL));
        String assumed = "hether it was multi-region or an organization trail is not known: the store holds no"
                + " CreateTrail or UpdateTrail of it saying (IsMultiRegionTrail, IsOrganizationTrail), so the regions"
                + " and accounts whose data events it recorded are assumed to be those of today's settings"
                + " (`trailkeeper audit` shows them), not known";
        CoverageGap trail = report().coverageGaps().stream().filter(SelectorHistoryTest::bounds)
                .findFirst().orElseThrow();
        assertTrue(trail.sentence().endsWith(" W" + assumed + "."), trail.sentence());
        try (EventStore s = CoverageStores.read(dir.resolve("store.duckdb"))) {
            String note = new CoverageAnalysis(s, CoverageStores.at("2026-11-26T12:00:00Z"))
                    .dataEventSelectorNotes(Map.of(TRAIL, true)).get(0);
            assertTrue(note.endsWith("; w" + assumed), note);
        }
    }

    @Test
    void aTrailOfTheSameNameInAnotherRegionIsAnotherTrail() {
        // eu-west-1's payroll-trail has its data events removed; us-east-1's, named alike, keeps selecting them
        String elsewhere = putEventSelectors("2026-11-20T10:00:00Z", "put-eu", "[]")
                .replace("\"awsRegion\":\"us-east-1\"", "\"awsRegion\":\"eu-west-1\"")
                .replace("arn:aws:cloudtrail:us-east-1:", "arn:aws:cloudtrail:eu-west-1:");
        store(putEventSelectors("2026-10-01T08:00:00Z", "put-1", PAYROLL), elsewhere);
        List<CoverageGap> bounded = report().coverageGaps().stream().filter(SelectorHistoryTest::bounds).toList();
        assertEquals(1, bounded.size(), bounded::toString);
        assertTrue(bounded.get(0).brief().startsWith("trail payroll-trail (home region eu-west-1) selected no data"
                + " events from 2026-11-20T10:00:00Z"), bounded.get(0).brief());
        try (EventStore s = CoverageStores.read(dir.resolve("store.duckdb"))) {
            // collect auto names the trails by ARN: each note is that trail's
            List<String> notes = new CoverageAnalysis(s, CoverageStores.at("2026-11-26T12:00:00Z"))
                    .dataEventSelectorNotes(Map.of("arn:aws:cloudtrail:us-east-1:" + CoverageStores.ACCOUNT
                            + ":trail/" + TRAIL, true));
            assertEquals(1, notes.size(), notes::toString);
            assertTrue(notes.get(0).startsWith("trail payroll-trail's selectors, as the store's CloudTrail calls show:"
                    + " 2026-10-01T08:00:00Z PutEventSelectors (data events of AWS::S3::Object); it recorded data"
                    + " events only from 2026-10-01T08:00:00Z on"), notes.get(0));
        }
    }
}
