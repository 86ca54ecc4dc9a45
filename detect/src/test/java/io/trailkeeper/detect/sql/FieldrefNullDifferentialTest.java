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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * |fieldref compares a field's value with another field's: a JSON null is no value (as a missing field is), so it
 * equals nothing, not even another null, and is not the text "null" (which "annulled" contains); the SQL backend
 * agrees.
 */
class FieldrefNullDifferentialTest {
    private static final String BASE = "\"eventVersion\": \"1.08\", \"awsRegion\": \"us-east-1\", \"eventType\":"
            + " \"AwsApiCall\", \"recipientAccountId\": \"012345678901\", \"eventSource\": \"iam.amazonaws.com\","
            + " \"eventName\": \"GetUser\", \"sourceIPAddress\": \"10.0.0.1\", ";
    private static final String[] RECORDS = {
        "{" + BASE + "\"eventTime\": \"2026-11-20T10:00:01Z\", \"eventID\": \"e1\", \"errorCode\": null,"
            + " \"responseElements\": null, \"userAgent\": \"annulled\", \"requestParameters\": {\"s\": \"null\"}}",
        "{" + BASE + "\"eventTime\": \"2026-11-20T10:00:02Z\", \"eventID\": \"e2\", \"errorCode\": \"x\","
            + " \"responseElements\": \"X\", \"userAgent\": \"ax\", \"requestParameters\": {\"s\": \"X\"}}",
    };
    private static final String[][] CASES = {
        {"null equals null", "errorCode|fieldref: responseElements", "e2"},
        {"contains a null", "userAgent|fieldref|contains: errorCode", "e2"},
        {"the text null", "requestParameters.s|fieldref: errorCode", "e2"},
        {"endswith a null", "userAgent|fieldref|endswith: responseElements", "e2"},
    };

    @TempDir
    Path dir;

    @Test
    void aJsonNullIsNoValueToCompare() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        for (int i = 0; i < CASES.length; i++) {
            Files.writeString(rules.resolve("r" + i + ".yml"), "title: '" + CASES[i][0] + "'\n"
                    + String.format("id: 5e0c1a2b-0000-4000-8000-%012d%n", 900 + i) + "status: test\n"
                    + "logsource:\n  product: aws\n  service: cloudtrail\ndetection:\n  sel:\n    " + CASES[i][1]
                    + "\n  condition: sel\nlevel: low\n");
        }
        RuleSet set = new RuleLoader(Map.of()).load(rules);
        assertEquals(List.of(), set.problems());
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("records.jsonl"), String.join("\n", RECORDS) + "\n");
        Path db = dir.resolve("store.duckdb");
        try (EventStore writing = EventStore.openForWriting(db, EventStore.StoreOptions.defaults())) {
            new Ingest(writing, Ingest.Options.defaults(), new Ingest.Listener() { }).run(List.of(data));
        }
        Map<String, TreeSet<String>> found = new TreeMap<>();
        Map<String, String> expected = new TreeMap<>();
        for (String[] c : CASES) {
            found.put(c[0], new TreeSet<>());
            expected.put(c[0], c[2]);
        }
        InMemoryEngine engine = new InMemoryEngine(set.rules());
        new CloudTrailReader().read("test", new ByteArrayInputStream(String.join("\n", RECORDS)
                .getBytes(StandardCharsets.UTF_8)), new RecordSink() {
                    @Override
                    public void event(CloudTrailEvent e, String source, SourceKind kind, long index) {
                        engine.accept(e, m -> found.get(m.rule().title()).add(m.event().eventId()));
                    }

                    @Override
                    public void digest(String source) {
                    }

                    @Override
                    public void problem(IngestProblem problem) {
                        throw new IllegalStateException(problem.toString());
                    }
                });
        Map<String, String> actual = new TreeMap<>();
        found.forEach((rule, ids) -> actual.put(rule, String.join(" ", ids)));
        assertEquals(expected, actual);
        List<String> differences = SqlBackendDifferentialTest.differences(db, set.rules());
        assertTrue(differences.isEmpty(), String.join("\n", differences));
    }
}
