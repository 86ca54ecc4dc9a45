package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stats} after prune moved a day to the lake and that day's file was lost: fewer events, said as query says it. */
class StatsLakeTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2024-05-06T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void statsSaysAMovedPartitionItCannotReadIsMissingFromItsCounts() throws Exception {
        Path records = LakeDays.records(dir.resolve("records.json"), 0, null, "2023-07-10", "2023-07-10", "2023-07-10",
                "2024-05-05", "2024-05-05");
        Path store = dir.resolve("store.duckdb");
        Path lake = dir.resolve("lake");
        Path config = LakeDays.config(dir, 5000);
        assertEquals(0, Cli.run(store, "ingest", records.toString()).code());
        Cli.Result pruned = Cli.runAt(NOW, store, "prune", "--config", config.toString());
        assertEquals(0, pruned.code(), pruned.toString());
        Cli.Result whole = Cli.runAt(NOW, store, "stats");
        assertTrue(!whole.out().contains("warning") && !whole.err().contains("warning"), whole.toString());

        try (Stream<Path> files = Files.walk(lake)) {
            List<Path> parquet = files.filter(f -> f.toString().endsWith(".parquet")).toList();
            assertEquals(1, parquet.size(), parquet.toString());
            Files.delete(parquet.get(0));
        }
        String said = "1 partition that prune moved to the lake (3 events) cannot be read here (111122223333/us-east-1/"
                + "2023-07-10 in ";
        Cli.Result stats = Cli.runAt(NOW, store, "stats");
        assertEquals(0, stats.code(), stats.toString());
        String warning = stats.out().lines().filter(l -> l.startsWith("warning: this answer may be incomplete: "))
                .findFirst().orElse("");
        assertTrue(warning.contains(said) && warning.endsWith("(file missing)): their events are not in this answer"),
                stats.toString());
        Cli.Result json = Cli.runAt(NOW, store, "--format", "json", "stats");
        assertTrue(json.err().contains(said) && !json.out().contains("warning"), json.toString());
        Cli.Result query = Cli.runAt(NOW, store, "query", "--no-pager");
        assertTrue(query.out().contains(said), "the same words as query: " + query);
    }
}
