package io.trailkeeper.detect.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.detect.InMemoryEngine;
import io.trailkeeper.detect.RuleLoader;
import io.trailkeeper.detect.RuleSet;
import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.events.CloudTrailReader;
import io.trailkeeper.events.IngestProblem;
import io.trailkeeper.events.RecordSink;
import io.trailkeeper.events.SourceKind;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.Ingest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Single-selection rules over a few records: the in-memory engine matches exactly the eventIDs expected, and the
 * SQL backend over the same records stored matches the same events.
 */
final class SpecCases {
    /** The start of a record's JSON object: the fields every case's records share (an IAM GetUser call). */
    static final String BASE = "\"eventVersion\": \"1.08\", \"awsRegion\": \"us-east-1\", \"eventType\":"
            + " \"AwsApiCall\", \"recipientAccountId\": \"012345678901\", \"eventSource\": \"iam.amazonaws.com\","
            + " \"eventName\": \"GetUser\", ";

    private SpecCases() {
    }

    /** Each case: name, the selection's {@code field|modifiers: value} line, the eventIDs it must match. */
    static void assertMatches(Path dir, String[] records, String[][] cases) throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        for (int i = 0; i < cases.length; i++) {
            Files.writeString(rules.resolve("r" + i + ".yml"), "title: '" + cases[i][0] + "'\n"
                    + String.format("id: 5e0c1a2b-0000-4000-8000-%012d%n", 900 + i) + "status: test\n"
                    + "logsource:\n  product: aws\n  service: cloudtrail\ndetection:\n  sel:\n    " + cases[i][1]
                    + "\n  condition: sel\nlevel: low\n");
        }
        RuleSet set = new RuleLoader(Map.of()).load(rules);
        assertEquals(List.of(), set.problems());
        Map<String, TreeSet<String>> found = new TreeMap<>();
        Map<String, String> expected = new TreeMap<>();
        for (String[] c : cases) {
            found.put(c[0], new TreeSet<>());
            expected.put(c[0], c[2]);
        }
        InMemoryEngine engine = new InMemoryEngine(set.rules());
        for (CloudTrailEvent e : read(records)) {
            engine.accept(e, m -> found.get(m.rule().title()).add(m.event().eventId()));
        }
        Map<String, String> actual = new TreeMap<>();
        found.forEach((rule, ids) -> actual.put(rule, String.join(" ", ids)));
        assertEquals(expected, actual);

        Path db = store(dir, records);
        List<String> differences = SqlBackendDifferentialTest.differences(db, set.rules());
        assertTrue(differences.isEmpty(), String.join("\n", differences));
    }

    /** The records (JSON lines) as the engine sees them, read by the real reader, which must find nothing wrong. */
    static List<CloudTrailEvent> read(String... records) throws IOException {
        List<CloudTrailEvent> out = new ArrayList<>();
        new CloudTrailReader().read("test", new ByteArrayInputStream(String.join("\n", records)
                .getBytes(StandardCharsets.UTF_8)), new RecordSink() {
                    @Override
                    public void event(CloudTrailEvent e, String source, SourceKind kind, long index) {
                        out.add(e);
                    }

                    @Override
                    public void digest(String source) {
                    }

                    @Override
                    public void problem(IngestProblem problem) {
                        throw new IllegalStateException(problem.toString());
                    }
                });
        return out;
    }

    /** The records ingested into a store in {@code dir} (store.duckdb), with no problem: its path. */
    static Path store(Path dir, String... records) throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("records.jsonl"), String.join("\n", records) + "\n");
        return store(dir, data);
    }

    /** The files of {@code data} ingested into a store in {@code dir} (store.duckdb), with no problem: its path. */
    static Path store(Path dir, Path data) {
        Path db = dir.resolve("store.duckdb");
        List<IngestProblem> problems = new ArrayList<>();
        try (EventStore writing = EventStore.openForWriting(db, EventStore.StoreOptions.defaults())) {
            new Ingest(writing, Ingest.Options.defaults(), new Ingest.Listener() {
                @Override
                public void problem(IngestProblem problem) {
                    problems.add(problem);
                }
            }).run(List.of(data));
        }
        assertEquals(List.of(), problems);
        return db;
    }
}
