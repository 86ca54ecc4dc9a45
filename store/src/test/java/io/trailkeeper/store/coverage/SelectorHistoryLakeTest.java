package io.trailkeeper.store.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The selector history reads the calls prune moved to the lake as it reads the store's, and says when a lake
 * partition that may hold some cannot be read.
 */
class SelectorHistoryLakeTest {
    private static final Clock NOW = CoverageStores.at("2026-11-27T12:00:00Z");
    private static final String PAYROLL = "[{\"type\":\"AWS::S3::Object\",\"values\":[\"arn:aws:s3:::payroll/\"]}]";
    private static final String MOVED = "events/account=" + CoverageStores.ACCOUNT
            + "/region=us-east-1/date=2026-05-10/events.parquet";

    @TempDir
    Path dir;

    /** A PutEventSelectors on 2026-05-10, which prune (90 days) moves to the lake, and one on 2026-11-20. */
    private void ingestAndPrune() throws IOException {
        Path file = dir.resolve("records.json");
        Files.writeString(file, "{\"Records\":[" + SelectorHistoryTest.putEventSelectors("2026-05-10T08:00:00Z",
                "put-1", PAYROLL) + "," + SelectorHistoryTest.putEventSelectors("2026-11-20T08:00:00Z", "put-2",
                PAYROLL) + "]}");
        CoverageStores.ingestAndPrune(dir, file, NOW);
    }

    private List<String> notes() {
        try (EventStore s = CoverageStores.read(dir.resolve("store.duckdb"))) {
            return new CoverageAnalysis(s, NOW).dataEventSelectorNotes(Map.of("payroll-trail", true));
        }
    }

    @Test
    void callsPrunedToTheLakeAreReadAndAnUnreadableLakeFileIsSaid() throws IOException {
        ingestAndPrune();
        List<String> moved = notes();
        assertEquals(1, moved.size(), moved::toString);
        assertTrue(moved.get(0).contains("2026-05-10T08:00:00Z PutEventSelectors (data events of AWS::S3::Object)"),
                moved.get(0));

        Files.move(dir.resolve("lake").resolve(MOVED), dir.resolve("elsewhere.parquet"));
        List<String> unread = notes();
        try (EventStore s = CoverageStores.read(dir.resolve("store.duckdb"))) {
            assertEquals(1, s.lakeUnread().size(), s.lakeUnread().toString());
        }
        assertEquals(2, unread.size(), unread::toString);
        assertTrue(unread.get(0).contains("what it selected before 2026-11-20T08:00:00Z is not known"), unread.get(0));
        assertTrue(unread.get(1).startsWith("1 lake partition that prune moved there cannot be read here ("
                + CoverageStores.ACCOUNT + "/us-east-1/2026-05-10"), unread.get(1));
        assertTrue(unread.get(1).endsWith("the selector calls in it were not read, so since when a trail selected"
                + " data events may be earlier than said"), unread.get(1));
    }
}
