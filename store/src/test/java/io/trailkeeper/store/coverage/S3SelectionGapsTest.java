package io.trailkeeper.store.coverage;

import static io.trailkeeper.store.coverage.CoverageStores.signIns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.CollectWriter;
import io.trailkeeper.store.EventStore;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Selectors read from stored PutEventSelectors records (requestParameters as CloudTrail records them, lowerCamel):
 * coverage says which S3 object reads and writes they did not log, as the audit says of today's selectors.
 */
class S3SelectionGapsTest {
    private static final String TRAIL = "payroll-trail";
    private static final String FOLDER = "AWSLogs/" + CoverageStores.ACCOUNT + "/CloudTrail/us-east-1/";
    private static final String CREATE = "{\"name\":\"" + TRAIL + "\",\"s3BucketName\":\"trail-bucket\","
            + "\"isMultiRegionTrail\":true}";

    @TempDir
    Path dir;

    private static String field(String field, String operator, String... values) {
        return "{\"field\":\"" + field + "\",\"" + operator + "\":[\"" + String.join("\",\"", values) + "\"]}";
    }

    /** A PutEventSelectors of one advanced selector of eventCategory Data and {@code fields}. */
    private static String advanced(String time, String type, String... fields) {
        List<String> all = new ArrayList<>(List.of(field("eventCategory", "equals", "Data"),
                field("resources.type", "equals", type)));
        all.addAll(List.of(fields));
        return SelectorHistoryTest.trailCall(time, "put-" + time, "PutEventSelectors", "{\"trailName\":\"" + TRAIL
                + "\",\"advancedEventSelectors\":[{\"name\":\"s3\",\"fieldSelectors\":[" + String.join(",", all)
                + "]}]}");
    }

    /** A PutEventSelectors of one basic selector. */
    private static String basic(String time, String readWriteType, String... values) {
        return SelectorHistoryTest.trailCall(time, "put-" + time, "PutEventSelectors", "{\"trailName\":\"" + TRAIL
                + "\",\"eventSelectors\":[{\"readWriteType\":\"" + readWriteType + "\",\"includeManagementEvents\":"
                + "true,\"dataResources\":[{\"type\":\"AWS::S3::Object\",\"values\":[\"" + String.join("\",\"", values)
                + "\"]}],\"excludeManagementEventSources\":[]}]}");
    }

    /** The S3 selection gaps of coverage over November, the trail created and started on 2026-09-01, then {@code calls}. */
    private List<CoverageGap> s3Gaps(String... calls) {
        List<String> all = new ArrayList<>(List.of(SelectorHistoryTest.trailCall("2026-09-01T00:00:00Z", "create",
                "CreateTrail", CREATE), SelectorHistoryTest.trailCall("2026-09-01T00:01:00Z", "start", "StartLogging",
                "{\"name\":\"" + TRAIL + "\"}")));
        all.addAll(List.of(calls));
        return stored(all);
    }

    /** The S3 selection gaps of coverage over November with only {@code calls} stored (in trail-bucket's files). */
    private List<CoverageGap> stored(List<String> all) {
        try (CollectWriter w = CoverageStores.writer(dir.resolve("store.duckdb"), "collect s3")) {
            w.write(CoverageStores.trailFile("trail-bucket", FOLDER + "2026/11/01/a.json.gz",
                    signIns("us-east-1", "2026-11-01T10:00:00Z")));
            w.write(CoverageStores.trailFile("trail-bucket", FOLDER + "2026/11/10/b.json.gz",
                    CoverageStores.records(all.toArray(String[]::new))));
        }
        try (EventStore s = CoverageStores.read(dir.resolve("store.duckdb"))) {
            return new CoverageAnalysis(s, CoverageStores.at("2026-11-26T12:00:00Z"))
                    .report(Instant.parse("2026-11-01T00:00:00Z"), null, Set.of("us-east-1")).coverageGaps().stream()
                    .filter(g -> g.brief().contains("did not log every S3 object read and write")).toList();
        }
    }

    private String only(List<CoverageGap> gaps) {
        assertEquals(1, gaps.size(), gaps::toString);
        return gaps.get(0).brief();
    }

    @Test
    void readsOnlyOrWritesOnlyLeaveTheOtherUnlogged() {
        assertEquals("trail payroll-trail's selectors did not log every S3 object read and write: from"
                + " 2026-11-01T00:00:00Z on, no S3 object writes (its selector history in the store)",
                only(s3Gaps(advanced("2026-10-01T00:00:00Z", "AWS::S3::Object", field("readOnly", "equals", "true")))));
        assertTrue(only(s3Gaps(advanced("2026-10-01T00:00:00Z", "AWS::S3::Object",
                field("readOnly", "equals", "false")))).contains("on, no S3 object reads ("));
    }

    @Test
    void anEventNameListIsNamedAndAListOfReadsLogsNoWrite() {
        assertTrue(only(s3Gaps(advanced("2026-10-01T00:00:00Z", "AWS::S3::Object",
                field("eventName", "equals", "GetObject")))).contains("S3 object reads only where eventName Equals"
                + " GetObject; no S3 object writes ("));
    }

    @Test
    void bucketsIncludedOrExcludedAreNamedAndTheTrailsOwnBucketIsSpared() {
        assertTrue(only(s3Gaps(advanced("2026-10-01T00:00:00Z", "AWS::S3::Object", field("resources.ARN",
                "startsWith", "arn:aws:s3:::payroll/", "arn:aws:s3:::hr/")))).contains("S3 object reads only where"
                + " resources.ARN StartsWith arn:aws:s3:::payroll/, arn:aws:s3:::hr/"));
        assertTrue(only(s3Gaps(advanced("2026-10-01T00:00:00Z", "AWS::S3::Object", field("resources.ARN",
                "notStartsWith", "arn:aws:s3:::trail-bucket/", "arn:aws:s3:::customer-data/"))))
                .contains("only where resources.ARN NotStartsWith arn:aws:s3:::customer-data/;"));
        assertEquals(List.of(), s3Gaps(advanced("2026-10-01T00:00:00Z", "AWS::S3::Object", field("resources.ARN",
                "notStartsWith", "arn:aws:s3:::trail-bucket/"))), "the trail's own bucket, from its CreateTrail");
    }

    @Test
    void withoutACreateTrailTheBucketTheStoreReadTrailFilesFromIsSpared() {
        assertEquals(List.of(), stored(List.of(advanced("2026-10-01T00:00:00Z", "AWS::S3::Object", field("resources.ARN",
                "notStartsWith", "arn:aws:s3:::trail-bucket/")))));
        assertTrue(only(stored(List.of(advanced("2026-10-01T00:00:00Z", "AWS::S3::Object", field("resources.ARN",
                "notStartsWith", "arn:aws:s3:::trail-bucket/", "arn:aws:s3:::customer-data/")))))
                .contains("S3 object reads only where resources.ARN NotStartsWith arn:aws:s3:::customer-data/;"));
    }

    @Test
    void anExclusionOfARoleIsNamed() {
        assertTrue(only(s3Gaps(advanced("2026-10-01T00:00:00Z", "AWS::S3::Object", field("userIdentity.arn",
                "notStartsWith", "arn:aws:sts::111122223333:assumed-role/ops/")))).contains("S3 object reads only"
                + " where userIdentity.arn NotStartsWith arn:aws:sts::111122223333:assumed-role/ops/"));
    }

    @Test
    void dynamoDbTablesOnlyLogNoS3Object() {
        assertTrue(only(s3Gaps(advanced("2026-10-01T00:00:00Z", "AWS::DynamoDB::Table")))
                .contains("on, no S3 object reads; no S3 object writes ("));
    }

    @Test
    void basicSelectorsOfEveryBucketOneBucketOrAPrefix() {
        assertEquals(List.of(), s3Gaps(basic("2026-10-01T00:00:00Z", "All", "arn:aws:s3")));
        assertTrue(only(s3Gaps(basic("2026-10-01T00:00:00Z", "All", "arn:aws:s3:::payroll/")))
                .contains("S3 object reads only where basic selector values arn:aws:s3:::payroll/"));
        assertTrue(only(s3Gaps(basic("2026-10-01T00:00:00Z", "ReadOnly", "arn:aws:s3:::payroll/reports")))
                .contains("S3 object reads only where basic selector values arn:aws:s3:::payroll/reports; no S3"
                        + " object writes ("));
        assertTrue(only(s3Gaps(basic("2026-10-01T00:00:00Z", "WriteOnly", "arn:aws:s3")))
                .contains("on, no S3 object reads ("));
    }

    @Test
    void collectAutosNoteSaysWhatTheSelectorsLeftOut() {
        s3Gaps(advanced("2026-10-01T00:00:00Z", "AWS::S3::Object", field("readOnly", "equals", "false")));
        try (EventStore s = CoverageStores.read(dir.resolve("store.duckdb"))) {
            List<String> notes = new CoverageAnalysis(s, CoverageStores.at("2026-11-26T12:00:00Z"))
                    .dataEventSelectorNotes(java.util.Map.of(TRAIL, true));
            assertTrue(notes.get(0).contains("; its selectors did not log every S3 object read and write: from"
                    + " 2026-10-01T00:00:00Z on, no S3 object reads"), notes::toString);
        }
    }

    @Test
    void selectorsWidenedMidWindowEndTheGapThere() {
        List<CoverageGap> gaps = s3Gaps(advanced("2026-10-01T00:00:00Z", "AWS::S3::Object",
                field("readOnly", "equals", "false")), basic("2026-11-12T09:00:00Z", "All", "arn:aws:s3:::"));
        assertTrue(only(gaps).contains("from 2026-11-01T00:00:00Z to 2026-11-12T09:00:00Z, no S3 object reads ("),
                gaps::toString);
        assertEquals(List.of(new DayRange(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-12"))),
                gaps.get(0).days());
    }
}
