package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.IncidentStores.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * s3 of a bucket with more calls through VPC endpoints than the raw records it reads for their endpoints (the store
 * keeps no column for vpcEndpointId): the oldest calls' endpoints are read, and the answer says how many were not.
 * Records shaped as in {@link VpcEndpointCallsTest}.
 */
class VpcEndpointManyCallsTest {
    private static final String LATER_ENDPOINT = "vpce-0fedcba9876543210";

    @TempDir
    Path dir;

    @Test
    void theCallsBeyondTheRecordsReadAreCountedAndTheRestDetailed() throws IOException {
        Instant t = Instant.parse("2026-03-10T09:00:00Z");
        long many = BucketAccess.ENDPOINTS_LIMIT + 3;
        List<String> records = new ArrayList<>();
        for (int i = 0; i < many; i++) {
            String r = VpcEndpointCallsTest.network("acme-busy", "GetObject", "alice", "111122223333", null,
                    t.plusSeconds(i));
            records.add(i < BucketAccess.ENDPOINTS_LIMIT ? r : r.replace("vpce-0a1b2c3d4e5f60718", LATER_ENDPOINT));
        }
        Path file = dir.resolve("busy.jsonl");
        Files.writeString(file, String.join("\n", records) + "\n");
        Path store = IncidentStores.load(dir.resolve("busy.duckdb"), file);
        InvestigationResult r;
        try (EventStore s = IncidentStores.read(store)) {
            r = new Investigator(s, IncidentStores.CLOCK).run("s3", InvestigationArgs.of("acme-busy"));
        }
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("network activity events through at least 1 VPC"
                + " endpoint (recorded in the endpoint owner's account) name bucket acme-busy at any time: 2,003 reads")),
                r.notes().toString());
        assertTrue(r.notes().contains("the VPC endpoint of 3 of the 2,003 network activity events was not read: this"
                + " reads the raw records of the oldest 2,000 only; network_activity shows the later ones with no"
                + " endpoint (vpc_endpoint_id empty), and the endpoints counted above are those of the 2,000; narrow"
                + " it with --since/--until, --actor or --ip to see the others'"), r.notes().toString());
        List<Map<String, Object>> network = rows(r.section("network_activity"));
        long detailed = network.stream().filter(m -> "vpce-0a1b2c3d4e5f60718".equals(m.get("vpc_endpoint_id")))
                .mapToLong(m -> (Long) m.get("calls")).sum();
        assertEquals(BucketAccess.ENDPOINTS_LIMIT, detailed, "the oldest calls' endpoint is read: " + network.size());
        Map<String, Object> later = network.stream().filter(m -> m.get("vpc_endpoint_id") == null).findFirst()
                .orElseThrow(() -> new AssertionError("no row without an endpoint"));
        assertEquals(3L, later.get("calls"));
        assertNull(later.get("caller_account_id"));
        assertTrue(network.stream().noneMatch(m -> LATER_ENDPOINT.equals(m.get("vpc_endpoint_id"))), "not read");
    }
}
