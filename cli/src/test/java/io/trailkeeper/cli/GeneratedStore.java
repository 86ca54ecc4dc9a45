package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.testkit.TrailFileGenerator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** A store of generated calls, ingested as a user would, for the tests of a detection pass over many events. */
final class GeneratedStore {
    /** The events of {@link #ingest}. */
    static final int EVENTS = 40_000;

    private GeneratedStore() {
    }

    /**
     * Writes {@link #EVENTS} generated calls of one account over 5 days from 2024-03-01 to trail files under {@code
     * dir}, ingests them into {@code dir/store.duckdb} and returns its path.
     */
    static Path ingest(Path dir) {
        Path store = dir.resolve("store.duckdb");
        new TrailFileGenerator(3, "123456789012", Instant.parse("2024-03-01T00:00:00Z"), Duration.ofDays(5), 500,
                2_000).write(dir.resolve("trail"), EVENTS, 2);
        Cli.Result ingest = Cli.run(store, "ingest", dir.resolve("trail").toString());
        assertEquals(0, ingest.code(), ingest.toString());
        return store;
    }
}
