package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drill 15: a key leaked 14 months before the incident, its first use from the intruder's VPS on a day the default
 * total retention (400 days) then deleted from the lake. Every answer afterwards began at the retention's first day as
 * if nothing had been done before it: investigate key told the second use as the first (and the VPS network, seen on
 * the key's first day left, no longer as new), coverage said nothing of the days deleted. Coverage and every answer's
 * warning now name the days total retention deleted from the lake.
 */
class RetentionDeletedTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2024-05-06T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void daysTotalRetentionDeletedFromTheLakeAreAGapInEveryAnswer() throws Exception {
        Path records = LakeDays.records(dir.resolve("records.json"), 0, "203.0.113.45", "2023-07-10", "2023-07-10",
                "2023-07-11", "2024-05-05", "2024-05-05");
        Path store = dir.resolve("store.duckdb");
        Path config = LakeDays.config(dir, 400);
        assertEquals(0, Cli.run(store, "ingest", records.toString()).code());
        Cli.Result moved = Cli.runAt(NOW, store, "prune", "--config", config.toString());
        assertEquals(0, moved.code(), moved.toString());
        Cli.Result before = Cli.runAt(NOW, store, "coverage");
        assertTrue(!before.out().contains("retention"), before.out());

        Clock later = Clock.offset(NOW, Duration.ofDays(110)); // 2023-07-10 and -11 are 411 and 410 days old
        Cli.Result deleted = Cli.runAt(later, store, "prune", "--config", config.toString());
        assertEquals(0, deleted.code(), deleted.toString());
        assertTrue(deleted.out().contains("deleted 2 lake partitions (3 events)"), deleted.out());

        String said = "prune's total retention deleted 2 partitions (3 events) of 2023-07-10..2023-07-11 from the lake"
                + " (account 111122223333; us-east-1): what was done on those days is in no answer";
        Cli.Result coverage = Cli.runAt(later, store, "coverage");
        String text = coverage.out().replaceAll("\\s+", " "); // the sentence wrapped
        assertTrue(text.contains(said) && text.contains("collect s3 --bucket BUCKET --since 2023-07-10 --until"
                + " 2023-07-11"), coverage.out());
        Cli.Result query = Cli.runAt(later, store, "query", "--no-pager", "--ip", "203.0.113.45");
        assertTrue(query.out().contains(said), query.out());
        Cli.Result since = Cli.runAt(later, store, "query", "--no-pager", "--since", "2024-01-01");
        assertTrue(!since.out().contains("retention deleted"), "a window after the deleted days: " + since.out());
    }
}
