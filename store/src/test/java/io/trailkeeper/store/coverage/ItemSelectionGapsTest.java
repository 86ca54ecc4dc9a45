package io.trailkeeper.store.coverage;

import static io.trailkeeper.store.coverage.CoverageStores.signIns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.CollectWriter;
import io.trailkeeper.store.EventStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drill 14: a trail logged the data events of one DynamoDB table (resources.ARN Equals table/orders) and every Lambda
 * function. Coverage said it 'recorded data events of AWS::DynamoDB::Table, AWS::Lambda::Function' and nothing of
 * the other tables, so a responder finding no item read of table customers could take it for none made. It now
 * says the tables' data events were logged for that table only, and what cannot be told; selectors that log every
 * table and function say nothing.
 */
class ItemSelectionGapsTest {
    private static final String TRAIL = "prod-audit";
    private static final String FOLDER = "AWSLogs/" + CoverageStores.ACCOUNT + "/CloudTrail/us-east-1/";
    private static final String ORDERS = "arn:aws:dynamodb:us-east-1:111122223333:table/orders";

    @TempDir
    Path dir;

    private static String selector(String type, String arn) {
        return "{\"name\":\"" + type + "\",\"fieldSelectors\":[{\"field\":\"eventCategory\",\"equals\":[\"Data\"]},"
                + "{\"field\":\"resources.type\",\"equals\":[\"" + type + "\"]}"
                + (arn == null ? "" : ",{\"field\":\"resources.ARN\",\"equals\":[\"" + arn + "\"]}") + "]}";
    }

    private List<CoverageGap> gaps(String tableArn) {
        String put = SelectorHistoryTest.trailCall("2026-11-05T00:04:11Z", "put", "PutEventSelectors",
                "{\"trailName\":\"" + TRAIL + "\",\"advancedEventSelectors\":[" + selector("AWS::Lambda::Function", null)
                        + "," + selector("AWS::DynamoDB::Table", tableArn) + "]}");
        List<String> all = new ArrayList<>(List.of(SelectorHistoryTest.trailCall("2026-09-01T00:00:00Z", "create",
                "CreateTrail", "{\"name\":\"" + TRAIL + "\",\"s3BucketName\":\"trail-bucket\",\"isMultiRegionTrail\":"
                        + "true}"), SelectorHistoryTest.trailCall("2026-09-01T00:01:00Z", "start", "StartLogging",
                "{\"name\":\"" + TRAIL + "\"}"), put));
        try (CollectWriter w = CoverageStores.writer(dir.resolve("store.duckdb"), "collect s3")) {
            w.write(CoverageStores.trailFile("trail-bucket", FOLDER + "2026/11/01/a.json.gz",
                    signIns("us-east-1", "2026-11-01T10:00:00Z")));
            w.write(CoverageStores.trailFile("trail-bucket", FOLDER + "2026/11/05/b.json.gz",
                    CoverageStores.records(all.toArray(String[]::new))));
        }
        try (EventStore s = CoverageStores.read(dir.resolve("store.duckdb"))) {
            return new CoverageAnalysis(s, CoverageStores.at("2026-11-26T12:00:00Z"))
                    .report(Instant.parse("2026-11-01T00:00:00Z"), null, Set.of("us-east-1")).coverageGaps().stream()
                    .filter(g -> g.brief().contains("DynamoDB")).toList();
        }
    }

    @Test
    void oneTableSelectedSaysTheOtherTablesItemCallsCannotBeTold() {
        List<CoverageGap> gaps = gaps(ORDERS);
        assertEquals(1, gaps.size(), gaps::toString);
        assertEquals("trail prod-audit's selectors logged some DynamoDB tables' or Lambda functions' data events only:"
                + " from 2026-11-05T00:04:11Z on, DynamoDB item reads and writes only where resources.ARN Equals "
                + ORDERS + " (its selector history in the store)", gaps.get(0).brief());
        assertTrue(gaps.get(0).sentence().contains("whether items of the other tables were read or written, or the"
                + " other functions invoked, then cannot be told"), gaps.get(0).sentence());
    }

    @Test
    void everyTableAndFunctionSelectedSaysNothing() {
        assertEquals(List.of(), gaps(null));
    }
}
