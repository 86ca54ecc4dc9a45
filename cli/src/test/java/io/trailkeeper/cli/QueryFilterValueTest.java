package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * query --resource of an instance that the OTRF capture's console calls (DescribeAddresses, 5 distinct records)
 * name only as the value of an EC2 filter instance-id: found, labelled, and counted in a note.
 */
class QueryFilterValueTest {
    @TempDir
    Path dir;

    @Test
    void callsNamingTheInstanceInAFilterAreFoundLabelledAndCounted() throws Exception {
        Path store = dir.resolve("store.duckdb");
        Cli.Result in = Cli.run(store, "ingest",
                Cli.shared("otrf-security-datasets/datasets/atomic/aws/collection").toString());
        assertEquals(0, in.code(), in.toString());
        Cli.Result r = Cli.run(store, "--format", "json", "query", "--resource", "i-044b1baf4c96e1b62");
        assertEquals(0, r.code(), r.toString());
        JsonNode rows = new ObjectMapper().readTree(r.out());
        long inFilter = StreamSupport.stream(rows.spliterator(), false)
                .filter(n -> n.path("resource_match").asText().equals("named in filter instance-id"))
                .peek(n -> assertEquals("DescribeAddresses", n.get("event_name").asText()))
                .count();
        assertEquals(5, inFilter, r.out());
        assertTrue(rows.size() > inFilter, "and the calls that name it directly");
        assertTrue(r.err().contains("note: 5 events name i-044b1baf4c96e1b62 only as a filter's value (EC2's"
                + " Filter.N, such as instance-id): a read that asked about it, whose answer may have held it or"
                + " nothing (resource_match names the filter in table, json and csv)"), r.err());
    }
}
