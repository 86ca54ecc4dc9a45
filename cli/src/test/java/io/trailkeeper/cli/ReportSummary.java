package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * The sentences of the JSON report's summary over a drill's records, ingested into a new store: the set-up the
 * Report*Tests share.
 */
final class ReportSummary {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportSummary() {
    }

    /** The records written to {@code dir}/records/trail.json and ingested into {@code dir}/store.duckdb. */
    static List<String> of(Path dir, IncidentRecords records) throws Exception {
        return of(dir, records.write(dir.resolve("records/trail.json")));
    }

    /** The records of {@code file} ingested into {@code dir}/store.duckdb; both commands must succeed. */
    static List<String> of(Path dir, Path file) throws Exception {
        Path store = dir.resolve("store.duckdb");
        Cli.Result r = Cli.run(store, "ingest", file.toString());
        assertEquals(0, r.code(), r.toString());
        r = Cli.run(store, "--format", "json", "report", "--out", "-");
        assertEquals(0, r.code(), r.toString());
        return StreamSupport.stream(JSON.readTree(r.out()).get("summary").spliterator(), false)
                .map(JsonNode::asText).toList();
    }
}
