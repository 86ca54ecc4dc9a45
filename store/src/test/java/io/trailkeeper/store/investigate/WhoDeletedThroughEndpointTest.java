package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.IncidentStores.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * who-deleted of a bucket deleted through a VPC endpoint: CloudTrail records the call as a management event and, in
 * the endpoint owner's account, as a network activity event (shaped as the AWS CloudTrail user guide's examples: no
 * readOnly, managementEvent or resources; vpcEndpointId, vpcEndpointAccountId). Both carry the requestID the called
 * service gave the request. The management event is a real one (../shared/data/invictus-ir-aws_dataset).
 */
class WhoDeletedThroughEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REAL_DELETION = "0bf919d7-2cce-42ba-a1fa-96f6a21c780b";
    private static final String BUCKET = "stratus-red-team-ctlr-bucket-zqfsvooxqj";
    private static final String ENDPOINT = "vpce-0a1b2c3d4e5f60718";

    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void load() throws IOException {
        ObjectNode deletion = realDeletion();
        List<JsonNode> records = new ArrayList<>();
        records.add(deletion);
        records.add(throughEndpoint(deletion, "e1"));
        // acme-unpaired: a deletion through the endpoint whose management event the store does not hold, and another
        // request's management DeleteBucket of that name in the same second (another requestID: not the same call)
        ObjectNode other = deletion.deepCopy();
        ((ObjectNode) other.get("requestParameters")).put("bucketName", "acme-unpaired")
                .put("Host", "acme-unpaired.s3.amazonaws.com");
        ((ObjectNode) other.get("resources").get(0)).put("ARN", "arn:aws:s3:::acme-unpaired");
        other.put("eventID", "6f1c2b4e-0d3a-4e8f-9a7b-5c6d7e8f9a01");
        ObjectNode unpaired = throughEndpoint(other, "e2");
        unpaired.put("requestID", "Q2W3E4R5T6Y7U8I9");
        records.add(other);
        records.add(unpaired);
        Path file = dir.resolve("endpoint.jsonl");
        StringBuilder b = new StringBuilder();
        for (JsonNode r : records) {
            b.append(JSON.writeValueAsString(r)).append('\n');
        }
        Files.writeString(file, b);
        store = IncidentStores.load(dir.resolve("endpoint.duckdb"), file);
    }

    private static ObjectNode realDeletion() throws IOException {
        try (var files = Files.list(IncidentStores.shared("invictus-ir-aws_dataset/CloudTrail"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                for (JsonNode r : JSON.readTree(f.toFile()).get("Records")) {
                    if (REAL_DELETION.equals(r.path("eventID").asText())) {
                        return (ObjectNode) r;
                    }
                }
            }
        }
        throw new IllegalStateException("the invictus DeleteBucket " + REAL_DELETION + " is gone");
    }

    /** The network activity event of the same request, recorded in the endpoint owner's account. */
    private static ObjectNode throughEndpoint(ObjectNode call, String id) {
        ObjectNode r = call.deepCopy();
        r.remove(List.of("readOnly", "managementEvent", "resources", "additionalEventData", "tlsDetails", "userAgent"));
        r.put("eventVersion", "1.09");
        r.put("eventID", "228ca3c8-5f95-4a8a-9732-0000000000" + id);
        r.put("eventType", "AwsVpceEvent");
        r.put("sharedEventID", "a1f3720c-ef19-47e9-a5d5-0000000000" + id);
        r.put("vpcEndpointId", ENDPOINT);
        r.put("vpcEndpointAccountId", call.path("recipientAccountId").asText());
        r.put("eventCategory", "NetworkActivity");
        return r;
    }

    private static InvestigationResult whoDeleted(String resource) {
        try (EventStore s = IncidentStores.read(store)) {
            return new Investigator(s, IncidentStores.CLOCK).run("who-deleted", InvestigationArgs.of(resource));
        }
    }

    @Test
    void aDeletionThroughAnEndpointIsListedOnceNamingTheEndpoint() {
        InvestigationResult r = whoDeleted(BUCKET);
        List<Map<String, Object>> deletions = rows(r.section("deletions"));
        assertEquals(1, deletions.size(), "the management event, its network activity twin left out: " + deletions);
        assertEquals("DeleteBucket", deletions.get(0).get("event_name"));
        assertEquals(List.of(ENDPOINT), deletions.get(0).get("through_endpoint"));
        assertEquals(List.of(Map.of("result", "success", "calls", 1L)), rows(r.section("by_result")).stream()
                .map(m -> Map.of("result", m.get("result"), "calls", m.get("calls"))).toList());
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("DeleteBucket of " + BUCKET + " succeeded at")
                && n.contains("recorded in us-east-1, also recorded through VPC endpoint " + ENDPOINT + " (a network"
                + " activity event of the same request)")), r.notes().toString());
        assertTrue(r.notes().contains("1 network activity event (a call through a VPC endpoint, recorded in the"
                + " endpoint owner's account) records the same request as a call listed (the same event source, call"
                + " and requestID, which the called service gives each request, within 5 minutes): each such call is"
                + " listed and counted once, its through_endpoint naming the endpoint"), r.notes().toString());
        assertTrue(r.notes().stream().noneMatch(n -> n.contains("counted twice") || n.contains("listed on")),
                r.notes().toString());
    }

    @Test
    void oneWhoseRequestNoOtherEventSharesStaysListedWithAPreciseNote() {
        InvestigationResult r = whoDeleted("acme-unpaired");
        List<Map<String, Object>> deletions = rows(r.section("deletions"));
        assertEquals(2, deletions.size(), "two requests (two requestIDs): two calls; " + deletions);
        deletions.forEach(d -> assertNull(d.get("through_endpoint"), d.toString()));
        assertTrue(r.notes().contains("1 of these events is a network activity event (a call through a VPC endpoint,"
                + " recorded in the endpoint owner's account), listed on its own: 1 went through and shares its"
                + " requestID with no management or data event of the store: such a call is recorded as a management"
                + " event too, in the caller's or the resource owner's account, which the store does not hold"
                + " (another account or region), or the records give no requestID to pair them by"),
                r.notes().toString());
    }
}
