package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        Path records = LakeDays.records(dir.resolve("records.json"), 0, "203.0.113.45", "2023-07-10", "2023-07-10",
                "2023-07-12", "2024-05-05");
        Path store = dir.resolve("store.duckdb");
        Path lake = dir.resolve("lake");
        Path config = LakeDays.config(dir, 5000);
        assertEquals(0, Cli.run(store, "ingest", records.toString()).code());
        Cli.Result before = Cli.runAt(NOW, store, "investigate", "timeline", "--ip", "203.0.113.45");
        assertTrue(!before.out().contains("lake"), before.out());
        assertEquals(0, Cli.runAt(NOW, store, "prune", "--config", config.toString()).code());

        Cli.Result all = Cli.runAt(NOW, store, "investigate", "timeline", "--ip", "203.0.113.45");
        assertTrue(all.out().replaceAll("\\s+", " ").contains("read from the store and the lake: 2 partitions prune"
                + " moved (3 events of 2023-07-10..2023-07-12, in " + lake + ") answered with the store's own"),
                all.out());
        Cli.Result hot = Cli.runAt(NOW, store, "investigate", "timeline", "--ip", "203.0.113.45", "--since",
                "2024-01-01");
        assertTrue(!hot.out().contains("read from the store and the lake"), "no moved day in the window: " + hot.out());
    }
}
