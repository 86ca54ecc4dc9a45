package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drill 15: a leaked key's 14 months, 13 of them moved to the lake by prune. investigate key answered from the store
 * and the lake alike but said nothing of it: a responder who knew prune had moved the year could not tell whether the
 * answer held it. An investigation whose window reaches moved days now says it read them, how many and where.
 */
class InvestigateLakeTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2024-05-06T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void anInvestigationReachingMovedDaysSaysItReadTheLake() throws Exception {
        StringBuilder b = new StringBuilder("{\"Records\":[");
        String[] days = {"2023-07-10", "2023-07-10", "2023-07-12", "2024-05-05"};
        for (int i = 0; i < days.length; i++) {
            b.append(i == 0 ? "" : ",").append("{\"eventVersion\":\"1.09\",\"eventTime\":\"").append(days[i])
                    .append("T10:0").append(i).append(":00Z\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":"
                            + "\"ListBuckets\",\"awsRegion\":\"us-east-1\",\"eventID\":\"e-").append(i)
                    .append("\",\"recipientAccountId\":\"111122223333\",\"sourceIPAddress\":\"203.0.113.45\"}");
        }
        Path records = dir.resolve("records.json");
        Files.writeString(records, b.append("]}").toString());
        Path store = dir.resolve("store.duckdb");
        Path lake = dir.resolve("lake");
        Files.writeString(dir.resolve("config.yaml"), "retention:\n  hot_days: 90\n  total_days: 5000\nlake: " + lake
                + "\n");
        assertEquals(0, Cli.run(store, "ingest", records.toString()).code());
        Cli.Result before = Cli.runAt(NOW, store, "investigate", "timeline", "--ip", "203.0.113.45");
        assertTrue(!before.out().contains("lake"), before.out());
        assertEquals(0, Cli.runAt(NOW, store, "prune", "--config", dir.resolve("config.yaml").toString()).code());

        Cli.Result all = Cli.runAt(NOW, store, "investigate", "timeline", "--ip", "203.0.113.45");
        assertTrue(all.out().replaceAll("\\s+", " ").contains("read from the store and the lake: 2 partitions prune"
                + " moved (3 events of 2023-07-10..2023-07-12, in " + lake + ") answered with the store's own"),
                all.out());
        Cli.Result hot = Cli.runAt(NOW, store, "investigate", "timeline", "--ip", "203.0.113.45", "--since",
                "2024-01-01");
        assertTrue(!hot.out().contains("read from the store and the lake"), "no moved day in the window: " + hot.out());
    }
}
