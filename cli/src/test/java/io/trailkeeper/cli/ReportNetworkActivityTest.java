package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report over calls made through a VPC endpoint, which CloudTrail records as network activity events with no readOnly
 * (shaped as the AWS CloudTrail user guide's examples): a bucket deleted through the endpoint is recorded twice, as
 * the management event and as the endpoint owner's network activity event of the same request (requestID); another
 * bucket's deletion, an object written and one denied by the endpoint's policy are recorded once, as network
 * activity events only.
 */
class ReportNetworkActivityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MALLORY = "arn:aws:iam::111122223333:user/mallory";
    private static final String ENDPOINT = "vpce-0a1b2c3d4e5f60718";

    @TempDir
    Path dir;

    private Path store() throws Exception {
        Map<String, String> bucket = Map.of("bucketName", "customer-data");
        Map<String, String> object = Map.of("bucketName", "customer-data", "key", "exports/all.csv");
        Path records = new IncidentRecords()
                .call("2024-03-10T09:00:00Z", "DeleteBucket", "s3.amazonaws.com", "us-east-1", MALLORY, "mallory",
                        "AKIAMALLORYEXAMPLE01", "10.0.1.17", bucket, List.of("arn:aws:s3:::customer-data"),
                        Map.of("requestID", "K2H6N7WE3C1YQXVT"))
                .call("2024-03-10T09:00:00Z", "DeleteBucket", "s3.amazonaws.com", "us-east-1", MALLORY, "mallory",
                        "AKIAMALLORYEXAMPLE01", "10.0.1.17", bucket, List.of(), Map.of("requestID", "K2H6N7WE3C1YQXVT"))
                .throughEndpoint(ENDPOINT)
                .call("2024-03-10T09:05:00Z", "DeleteBucket", "s3.amazonaws.com", "us-east-1", MALLORY, "mallory",
                        "AKIAMALLORYEXAMPLE01", "10.0.1.17", Map.of("bucketName", "customer-logs"), List.of(),
                        Map.of("requestID", "P9Z8X7C6V5B4N3M2"))
                .throughEndpoint(ENDPOINT)
                .call("2024-03-10T08:50:00Z", "PutObject", "s3.amazonaws.com", "us-east-1", MALLORY, "mallory",
                        "AKIAMALLORYEXAMPLE01", "10.0.1.17", object, List.of(), Map.of())
                .throughEndpoint(ENDPOINT)
                .call("2024-03-10T08:40:00Z", "GetObject", "s3.amazonaws.com", "us-east-1", MALLORY, "mallory",
                        "AKIAMALLORYEXAMPLE01", "10.0.1.17", object, List.of(), Map.of("errorCode", "VpceAccessDenied",
                                "errorMessage", "The request was denied due to a VPC endpoint policy"))
                .throughEndpoint(ENDPOINT)
                .write(dir.resolve("records/trail.json"));
        Path store = dir.resolve("store.duckdb");
        Cli.Result r = Cli.run(store, "ingest", records.toString());
        assertEquals(0, r.code(), r.toString());
        return store;
    }

    private static List<String> summary(Path store) throws Exception {
        Cli.Result r = Cli.run(store, "--format", "json", "report", "--out", "-");
        assertEquals(0, r.code(), r.toString());
        return StreamSupport.stream(JSON.readTree(r.out()).get("summary").spliterator(), false)
                .map(JsonNode::asText).toList();
    }

    private static String starting(List<String> sentences, String start) {
        return sentences.stream().filter(s -> s.startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no sentence starts with " + start + ": " + sentences));
    }

    @Test
    void networkActivityEventsAreCountedApartAndTheirWritesTold() throws Exception {
        List<String> summary = summary(store());
        assertTrue(summary.get(1).startsWith("1 call failed (20.0%); 1 call changed something (not read-only)."),
                "the management DeleteBucket only: network activity events have no readOnly; " + summary);
        String network = starting(summary, "4 events are network activity events");
        assertTrue(network.contains(": 3 change something"), "the DeleteBuckets (the management event says"
                + " readOnly false) and the PutObject (by its name), not the GetObject: " + network);
        assertTrue(network.contains("1 was denied by the endpoint's policy (VpceAccessDenied)"), network);
        assertTrue(network.contains("not among the changes above") && network.contains("counted twice"), network);
    }

    @Test
    void aDeletionSeenThroughAnEndpointTooIsNotCountedAsASecondCall() throws Exception {
        String deletion = starting(summary(store()), "DeleteBucket:");
        assertTrue(deletion.startsWith("DeleteBucket: 1 call (1 succeeded), with 1 network activity event of the same"
                + " request (through a VPC endpoint), and 1 network activity event (through a VPC endpoint) sharing no"
                + " requestID with them by " + MALLORY), deletion);
        assertTrue(deletion.contains("customer-data") && deletion.contains("customer-logs")
                && deletion.contains(", first at 2024-03-10T09:00:00Z, last at 2024-03-10T09:05:00Z"), deletion);
    }

    /**
     * Calls through an endpoint that no other event gives a readOnly are told by their name: S3's SelectObjectContent
     * reads an object and KMS's Decrypt and GenerateDataKey use a key, none changes anything; ScheduleKeyDeletion does.
     */
    @Test
    void readsAndKeyUsesByNameAreNoChanges() throws Exception {
        Map<String, String> object = Map.of("bucketName", "customer-data", "key", "exports/all.csv");
        Map<String, String> key = Map.of("keyId", "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
        Path records = new IncidentRecords()
                .call("2024-03-10T08:40:00Z", "SelectObjectContent", "s3.amazonaws.com", "us-east-1", MALLORY, "mallory",
                        "AKIAMALLORYEXAMPLE01", "10.0.1.17", object, List.of(), Map.of())
                .throughEndpoint(ENDPOINT)
                .call("2024-03-10T08:41:00Z", "Decrypt", "kms.amazonaws.com", "us-east-1", MALLORY, "mallory",
                        "AKIAMALLORYEXAMPLE01", "10.0.1.17", key, List.of(), Map.of())
                .throughEndpoint(ENDPOINT)
                .call("2024-03-10T08:42:00Z", "GenerateDataKey", "kms.amazonaws.com", "us-east-1", MALLORY, "mallory",
                        "AKIAMALLORYEXAMPLE01", "10.0.1.17", key, List.of(), Map.of())
                .throughEndpoint(ENDPOINT)
                .call("2024-03-10T08:43:00Z", "ScheduleKeyDeletion", "kms.amazonaws.com", "us-east-1", MALLORY,
                        "mallory", "AKIAMALLORYEXAMPLE01", "10.0.1.17", key, List.of(), Map.of())
                .throughEndpoint(ENDPOINT)
                .write(dir.resolve("records/trail.json"));
        Path store = dir.resolve("store.duckdb");
        assertEquals(0, Cli.run(store, "ingest", records.toString()).code());
        String network = starting(summary(store), "4 events are network activity events");
        assertTrue(network.contains(": 1 changes something"), "ScheduleKeyDeletion only: " + network);
    }
}
