package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench ingest} on a small generated input: the ingest runs in a JVM of its own, read_json loads the same files,
 * and the figures are consistent with one another (ratio, medians, sizes); with --format json stdout is JSON alone.
 */
class BenchIngestCommandTest {
    @TempDir
    Path dir;

    @Test
    void takesTurnsAndReportsTheMedianOfTheRuns() throws Exception {
        Path data = dir.resolve("data");
        Set<Path> before = benchWorkDirs();
        Cli.Result r = Cli.run(null, "--format", "json", "bench", "ingest", "--events", "6000", "--data",
                data.toString(), "--runs", "3", "--threads", "2");
        assertEquals(0, r.code(), r.toString());
        JsonNode m = new ObjectMapper().readTree(r.out());
        assertEquals(6000, m.get("events").asLong());
        assertEquals(6000, m.get("ingest_events").asLong(), "every generated event ingested");
        assertTrue(m.get("gzip_bytes").asLong() > 0 && m.get("json_bytes").asLong() > m.get("gzip_bytes").asLong(),
                m.toString());
        JsonNode runs = m.get("runs");
        assertEquals(3, runs.size(), m.toString());
        double[] ratios = new double[3];
        long peak = 0;
        for (int i = 0; i < 3; i++) {
            JsonNode run = runs.get(i);
            double ingest = run.get("ingest_seconds").asDouble();
            double readJson = run.get("duckdb_read_json_seconds").asDouble();
            assertTrue(ingest > 0 && readJson > 0, run.toString());
            assertEquals(readJson / ingest, run.get("ratio_ingest_to_read_json").asDouble(), 1e-9, run.toString());
            assertTrue(run.get("ingest_peak_rss_kib").asLong() > 10_000, "the ingest JVM's own peak RSS: " + run);
            ratios[i] = run.get("ratio_ingest_to_read_json").asDouble();
            peak = Math.max(peak, run.get("ingest_peak_rss_kib").asLong());
        }
        java.util.Arrays.sort(ratios);
        assertEquals(ratios[1], m.get("ratio_ingest_to_read_json").asDouble(), 1e-9, "the median ratio");
        assertEquals(peak, m.get("ingest_peak_rss_kib").asLong(), "the largest peak");
        assertTrue(m.get("store_to_gzip").asDouble() > 0.5, m.toString());
        assertTrue(r.err().contains("generating 6,000 events") && r.err().contains("run 3 of 3: duckdb read_json"),
                r.err());
        assertEquals(2.5, BenchIngestCommand.median(new double[] {4, 1, 2, 3}));
        Set<Path> left = benchWorkDirs();
        left.removeAll(before);
        assertEquals(Set.of(), left, "the runs' stores are removed");
    }

    /** The bench's work folders holding a run's store in the temp dir (another bench may be running beside this). */
    private static Set<Path> benchWorkDirs() throws IOException {
        try (var all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return all.filter(p -> p.getFileName().toString().startsWith("trailkeeper-bench")
                    && Files.exists(p.resolve("run-1"))).collect(Collectors.toSet());
        }
    }
}
