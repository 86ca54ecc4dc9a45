package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drill 15: after prune moved 14 months of an organization trail to the lake, a late file's ingest ended with "store
 * ... holds 32,270 events" where the store's readers held 159,126: the 126,856 events in the lake were left out of the
 * count, as if lost. The line now counts them apart and in all.
 */
class IngestAfterPruneTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2024-05-06T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private Path records(String name, int from, int count, String day) throws Exception {
        return LakeDays.records(dir.resolve(name), from, null, Collections.nCopies(count, day).toArray(String[]::new));
    }

    @Test
    void theIngestLineCountsTheEventsPruneMovedToTheLake() throws Exception {
        Path store = dir.resolve("store.duckdb");
        Path config = LakeDays.config(dir, 5000);
        assertEquals(0, Cli.run(store, "ingest", records("old.json", 0, 3, "2023-07-10").toString()).code());
        assertEquals(0, Cli.run(store, "ingest", records("new.json", 3, 2, "2024-05-05").toString()).code());
        Cli.Result pruned = Cli.runAt(NOW, store, "prune", "--config", config.toString());
        assertEquals(0, pruned.code(), pruned.toString());

        Cli.Result late = Cli.run(store, "ingest", records("late.json", 5, 1, "2023-07-11").toString());
        assertEquals(0, late.code(), late.toString());
        assertTrue(late.out().contains("events/s; store " + store + " holds 3 events, and 3 more in the lake (the days"
                + " prune moved; 6 in all)"), late.out());
        Cli.Result json = Cli.run(store, "--format", "json", "ingest", records("later.json", 6, 1, "2024-05-05")
                .toString());
        assertTrue(json.out().contains("\"store_events\" : 4") && json.out().contains("\"lake_events\" : 3"), json.out());
    }
}
