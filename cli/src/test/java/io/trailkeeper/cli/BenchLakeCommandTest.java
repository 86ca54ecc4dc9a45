package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench lake} on a small generated input: it prints the lake's size against gzip, export against DuckDB's
 * COPY, and the questions and investigations on the whole store and on a copy pruned to the lake, whose answers
 * must agree (the command fails otherwise).
 */
class BenchLakeCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsItsFiguresAndBaselinesWithTheSameAnswersHotAndCold() {
        Cli.Result r = Cli.run(dir.resolve("store.duckdb"), "bench", "lake", "--events", "20000", "--data",
                dir.resolve("data").toString(), "--threads", "2");
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("lake size:") && r.out().contains("x gzip of the trail files"), r.out());
        assertTrue(r.out().contains("duckdb COPY"), r.out());
        assertTrue(r.out().contains("prune moved"), r.out());
        assertTrue(r.out().contains("investigate regions") && r.out().contains("investigate logins"), r.out());
        assertEquals(2, r.out().lines().filter(l -> l.contains("investigate ") && l.contains("(same answer)")).count(),
                r.out());
    }
}
