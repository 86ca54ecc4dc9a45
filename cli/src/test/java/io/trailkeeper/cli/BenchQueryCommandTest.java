package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench query at a tiny size: the real generator, store, investigations and jq, so the figures are printed and
 * jq's answers equal the investigations' (the command exits 1 when any differs).
 */
class BenchQueryCommandTest {
    @TempDir
    Path dir;

    @Test
    void everyInvestigationGivesJqsAnswerAndTheFiguresArePrinted() throws Exception {
        Path work = dir.resolve("work");
        Cli.Result r = Cli.run(null, "--format", "json", "bench", "query", "--events", "20000", "--dir",
                work.toString(), "--runs", "2", "--keep");
        assertEquals(0, r.code(), r.toString());
        assertFalse(r.err().contains("MISMATCH"), r.err());
        JsonNode rows = new ObjectMapper().readTree(r.out()).get("bench_query");
        Set<String> names = new HashSet<>();
        for (JsonNode row : rows) {
            String question = row.get("question").asText();
            names.add(question.split(" ")[0]);
            assertEquals("yes", row.get("same_answer").asText(), question);
            assertTrue(row.get("events").asLong() > 0, question + " found nothing to compare: " + row);
            assertTrue(row.get("trailkeeper_cold_s").asDouble() > 0 && row.get("jq_s").asDouble() > 0, row.toString());
            assertTrue(row.get("trailkeeper_warm_s").asDouble() > 0, row.toString());
            assertTrue(row.get("trailkeeper_process_s").asDouble() > row.get("trailkeeper_warm_s").asDouble(),
                    "a new JVM takes longer than a warm run: " + row);
            assertTrue(List.of("met", "NOT MET").contains(row.get("verdict").asText()), row.toString());
        }
        assertEquals(Set.of("who-deleted", "key", "logins", "actor", "s3", "regions", "timeline"), names);
        JsonNode deleted = rows.get(0);
        assertEquals("who-deleted payroll-exports-2024", deleted.get("question").asText());
        // planted: one DeleteBucket refused (not empty), then the one that worked (the objects deleted in between
        // are the s3 question's)
        assertEquals(2, deleted.get("events").asLong(), deleted.toString());
        assertTrue(r.err().contains("generating 20,000 events"), r.err());
        assertTrue(Files.exists(work.resolve("jq/who-deleted.jq")), "the jq programs are left to be run by hand");

        // a second run reuses the files and the store, prints the table and the verdicts, and cleans up
        Cli.Result again = Cli.run(null, "bench", "query", "--events", "20000", "--dir", work.toString(), "--runs", "2",
                "--only", "who-deleted", "--only", "key");
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().contains("reusing " + work), again.out());
        assertFalse(again.out().contains("generating"), again.out());
        assertTrue(again.out().contains("target: each investigation at least 100x faster than jq:"), again.out());
        assertTrue(again.out().contains("target: who-deleted under 1 s:"), again.out());
        assertTrue(again.out().contains("target: key under 1 s:"), again.out());
        assertTrue(again.out().contains("answers: jq and the investigations agree on every question"), again.out());
        assertFalse(Files.exists(work.resolve("store.duckdb")), "removed without --keep");
        assertFalse(Files.exists(work.resolve("trail")), "removed without --keep");
    }

    @Test
    void anAnswerThatDiffersIsReportedFieldByField() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode jq = json.readTree("{\"events\":14,\"calls\":[[\"a\"]]}");
        assertEquals(List.of(), BenchQueryAnswers.differences(jq, json.readTree("{\"events\":14,\"calls\":[[\"a\"]]}")));
        List<String> d = BenchQueryAnswers.differences(jq, json.readTree("{\"events\":13,\"calls\":[[\"a\"]]}"));
        assertEquals(List.of("events: jq 14, trailkeeper 13"), d);
        assertEquals(List.of("calls: jq [[\"a\"]], trailkeeper (nothing)"),
                BenchQueryAnswers.differences(jq, json.readTree("{\"events\":14}")));
    }

    @Test
    void anUnknownInvestigationIsAUsageError() {
        Cli.Result r = Cli.run(null, "bench", "query", "--only", "whodunit", "--dir", dir.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--only whodunit: not an investigation of this benchmark"), r.err());
    }
}
