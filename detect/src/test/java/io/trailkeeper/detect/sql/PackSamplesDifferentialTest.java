package io.trailkeeper.detect.sql;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.trailkeeper.detect.RuleLoader;
import io.trailkeeper.detect.SigmaRule;
import io.trailkeeper.events.IngestProblem;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.Ingest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detection half of the differential test over the bundled pack's own samples (SqlBackendDifferentialTest
 * runs over ../shared/data, which holds few of the records the pack is written for, such as policy documents
 * that allow everything): every bundled detection rule, run by the in-memory engine (java.util.regex) and by the
 * SQL backend (DuckDB's RE2), must match the same sample records.
 */
class PackSamplesDifferentialTest {
    private static final Path PACK = Path.of("src/test/resources/pack");

    @TempDir
    Path dir;

    @Test
    void bothBackendsMatchTheSameSamplesForEveryBundledRule() throws IOException {
        Path data = writeSamples(dir);
        Path db = dir.resolve("store.duckdb");
        try (EventStore writing = EventStore.openForWriting(db, EventStore.StoreOptions.defaults())) {
            new Ingest(writing, Ingest.Options.defaults(), new Ingest.Listener() {
                @Override
                public void problem(IngestProblem problem) {
                    fail("a pack sample does not ingest cleanly: " + problem.describe());
                }
            }).run(List.of(data));
        }
        List<SigmaRule> detections = new RuleLoader(Map.of("trail_buckets", List.of("acme-cloudtrail-logs")))
                .bundled().rules().stream().filter(r -> r.detection() != null).toList();
        assertTrue(detections.size() >= 30, "bundled detection rules: " + detections.size());
        List<String> differences = SqlBackendDifferentialTest.differences(db, detections);
        if (!differences.isEmpty()) {
            fail(differences.size() + " differences:\n" + String.join("\n", differences));
        }
    }

    /**
     * Writes every sample of the bundled pack ({@code match.jsonl} and {@code nomatch.jsonl} of each rule) as a
     * CloudTrail log file in {@code dir}/data, and returns that folder, ready to ingest.
     */
    static Path writeSamples(Path dir) throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        int n = 0;
        try (Stream<Path> files = Files.walk(PACK)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f).stream().filter(l -> !l.isBlank()).toList();
                Files.writeString(data.resolve("sample" + (n++) + ".json"),
                        "{\"Records\":[" + String.join(",", lines) + "]}");
            }
        }
        return data;
    }
}
