package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.IncidentStores.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * s3 of a bucket read through a VPC endpoint: CloudTrail records each call as a network activity event in the
 * endpoint owner's account (eventCategory NetworkActivity, eventType AwsVpceEvent, vpcEndpointId,
 * vpcEndpointAccountId), those the endpoint's policy denied with errorCode VpceAccessDenied, and as a data event too
 * only where a data event selector logs it. Records shaped as AWS's "CloudTrail record contents" page documents them.
 */
class VpcEndpointCallsTest {
    private static final String ENDPOINT = "vpce-0a1b2c3d4e5f60718";
    private static final String OTHER_ENDPOINT = "vpce-0fedcba9876543210";
    private static final String OWNER = "111122223333";

    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void load() throws IOException {
        Instant t = Instant.parse("2026-03-10T09:00:00Z");
        List<String> records = new ArrayList<>();
        // acme-vpce: two reads through the endpoint (one also logged as a data event), a read and a delete the
        // endpoint's policy denied to another account's credentials
        records.add(network("acme-vpce", "GetObject", "alice", OWNER, null, t));
        records.add(network("acme-vpce", "GetObject", "alice", OWNER, null, t.plusSeconds(5)));
        records.add(data("acme-vpce", "GetObject", t.plusSeconds(5)));
        records.add(network("acme-vpce", "GetObject", null, "444455556666", "VpceAccessDenied", t.plusSeconds(60)));
        records.add(network("acme-vpce", "DeleteObject", null, "444455556666", "VpceAccessDenied",
                t.plusSeconds(61)));
        // acme-private: no data event selector; only the endpoint's record of a read
        records.add(network("acme-private", "GetObject", "alice", OWNER, null, t.plusSeconds(120)));
        // acme-emptied: an object deleted through the endpoint; another account's delete of an object and of the
        // bucket denied at a second endpoint
        records.add(network("acme-emptied", "DeleteObject", "alice", OWNER, null, t.plusSeconds(200)));
        records.add(network("acme-emptied", "DeleteObject", null, "444455556666", "VpceAccessDenied",
                t.plusSeconds(201)).replace(ENDPOINT, OTHER_ENDPOINT));
        records.add(network("acme-emptied", "DeleteBucket", null, "444455556666", "VpceAccessDenied",
                t.plusSeconds(202)).replace(ENDPOINT, OTHER_ENDPOINT));
        Path file = dir.resolve("vpce.jsonl");
        Files.writeString(file, String.join("\n", records) + "\n");
        store = IncidentStores.load(dir.resolve("vpce.duckdb"), file);
    }

    /** A network activity event; a denied call's caller is named by its account only, as AWS redacts it. */
    static String network(String bucket, String name, String user, String account, String error, Instant at) {
        String identity = user == null
                ? "{\"type\":\"AWSAccount\",\"principalId\":\"AROAEXAMPLEROLEID:s\",\"accountId\":\"" + account + "\"}"
                : "{\"type\":\"IAMUser\",\"principalId\":\"AIDAEXAMPLEALICE\",\"arn\":\"arn:aws:iam::" + account
                        + ":user/" + user + "\",\"accountId\":\"" + account + "\",\"accessKeyId\":\"AKIAEXAMPLEALICE01\","
                        + "\"userName\":\"" + user + "\"}";
        return "{\"eventVersion\":\"1.11\",\"userIdentity\":" + identity + ",\"eventTime\":\"" + at + "\","
                + "\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"" + name + "\",\"awsRegion\":\"eu-west-1\","
                + "\"sourceIPAddress\":\"10.0.12.7\",\"userAgent\":\"aws-cli/2.17.0\",\"requestParameters\":{"
                + "\"bucketName\":\"" + bucket + "\"" + (name.contains("Bucket") ? "" : ",\"key\":\"exports/a.csv\"")
                + "},\"responseElements\":null,"
                + (error == null ? "" : "\"errorCode\":\"" + error + "\",\"errorMessage\":\"The request was denied"
                + " due to a VPC endpoint policy\",")
                + "\"requestID\":\"R" + at.getEpochSecond() + "\",\"eventID\":\""
                + java.util.UUID.nameUUIDFromBytes((bucket + name + at + "vpce").getBytes()) + "\","
                + "\"eventType\":\"AwsVpceEvent\",\"recipientAccountId\":\"" + OWNER + "\",\"sharedEventID\":\""
                + java.util.UUID.nameUUIDFromBytes((bucket + name + at + "shared").getBytes()) + "\","
                + "\"vpcEndpointId\":\"" + ENDPOINT + "\",\"vpcEndpointAccountId\":\"" + OWNER + "\","
                + "\"eventCategory\":\"NetworkActivity\"}";
    }

    /** The data event of the same read, as a data event selector logs it (with the endpoint's id). */
    private static String data(String bucket, String name, Instant at) {
        return "{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDAEXAMPLEALICE\","
                + "\"arn\":\"arn:aws:iam::" + OWNER + ":user/alice\",\"accountId\":\"" + OWNER + "\",\"accessKeyId\":"
                + "\"AKIAEXAMPLEALICE01\",\"userName\":\"alice\"},\"eventTime\":\"" + at + "\",\"eventSource\":"
                + "\"s3.amazonaws.com\",\"eventName\":\"" + name + "\",\"awsRegion\":\"eu-west-1\",\"sourceIPAddress\":"
                + "\"10.0.12.7\",\"userAgent\":\"aws-cli/2.17.0\",\"requestParameters\":{\"bucketName\":\"" + bucket
                + "\",\"Host\":\"" + bucket + ".s3.eu-west-1.amazonaws.com\",\"key\":\"exports/a.csv\"},"
                + "\"responseElements\":null,\"additionalEventData\":{\"bytesTransferredOut\":2048},\"requestID\":\"R"
                + at.getEpochSecond() + "\",\"eventID\":\"" + java.util.UUID.nameUUIDFromBytes((bucket + at).getBytes())
                + "\",\"readOnly\":true,\"resources\":[{\"type\":\"AWS::S3::Object\",\"ARN\":\"arn:aws:s3:::" + bucket
                + "/exports/a.csv\"},{\"accountId\":\"" + OWNER + "\",\"type\":\"AWS::S3::Bucket\",\"ARN\":"
                + "\"arn:aws:s3:::" + bucket + "\"}],\"eventType\":\"AwsApiCall\",\"managementEvent\":false,"
                + "\"recipientAccountId\":\"" + OWNER + "\",\"vpcEndpointId\":\"" + ENDPOINT + "\","
                + "\"eventCategory\":\"Data\"}";
    }

    private static InvestigationResult run(String bucket) {
        try (EventStore s = IncidentStores.read(store)) {
            return new Investigator(s, IncidentStores.CLOCK).run("s3", InvestigationArgs.of(bucket));
        }
    }

    @Test
    void callsThroughAnEndpointAreListedWithItAndCountedApartFromTheDataEvents() {
        InvestigationResult r = run("acme-vpce");
        assertTrue(r.notes().contains("1 object call on bucket acme-vpce at any time: 1 reads, 0 writes, 0 deletes;"
                + " 2,048 bytes read out (bytesTransferredOut)"), "the data event only: " + r.notes());
        assertTrue(r.notes().contains("network activity events through 1 VPC endpoint (recorded in the endpoint"
                + " owner's account) name bucket acme-vpce at any time: 2 reads, 0 writes, 0 deletes that went"
                + " through; 1 delete denied by the VPC endpoint's policy (VpceAccessDenied): it never reached S3;"
                + " 1 read denied by the VPC endpoint's policy (VpceAccessDenied): it never reached S3 (table"
                + " network_activity). They are not counted with the data events above: S3 records a call through an"
                + " endpoint as a data event too only where a trail's data event selector logs it"), r.notes().toString());
        assertEquals(1, rows(r.section("by_principal")).size(), "network activity is no data event: "
                + rows(r.section("by_principal")));
        assertEquals(0, rows(r.section("deletes")).size(), "a delete denied at the endpoint deleted nothing");
        List<Map<String, Object>> network = rows(r.section("network_activity"));
        assertEquals(3, network.size(), network.toString());
        Map<String, Object> read = network.get(0);
        assertEquals(ENDPOINT, read.get("vpc_endpoint_id"));
        assertEquals(OWNER, read.get("vpc_endpoint_account_id"));
        assertEquals("success", read.get("result"));
        assertEquals(2L, read.get("calls"));
        assertEquals("arn:aws:iam::111122223333:user/alice", read.get("principal"));
        Map<String, Object> denied = network.get(1);
        assertEquals("GetObject", denied.get("call"));
        assertEquals("VpceAccessDenied", denied.get("result"));
        assertEquals("444455556666", denied.get("caller_account_id"));
        assertEquals("delete", network.get(2).get("kind"));
        assertEquals("VpceAccessDenied", network.get(2).get("result"));
    }

    @Test
    void aBucketWithoutDataEventsStillShowsWhatWentThroughTheEndpoint() {
        InvestigationResult r = run("acme-private");
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("the store holds no data events for bucket"
                + " acme-private at any time: whether objects were read, written or deleted other than through the"
                + " VPC endpoints below cannot be told")), r.notes().toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("network activity events through 1 VPC endpoint"
                + " (recorded in the endpoint owner's account) name bucket acme-private at any time: 1 reads, 0 writes,"
                + " 0 deletes that went through (table network_activity). They are not counted as data events")),
                r.notes().toString());
        assertEquals(1, rows(r.section("network_activity")).size());
    }

    @Test
    void aDeleteThroughAnEndpointIsAnObjectsAndOneDeniedThereDeletedNothing() {
        InvestigationResult s3 = run("acme-emptied");
        assertTrue(s3.notes().stream().anyMatch(n -> n.startsWith("network activity events through 2 VPC endpoints"
                + " (recorded in the endpoint owner's account) name bucket acme-emptied at any time: 0 reads,"
                + " 0 writes, 1 deletes that went through; 1 call on the bucket itself denied by the VPC endpoint's policy"
                + " (VpceAccessDenied): it never reached S3; 1 delete denied by the VPC endpoint's policy"
                + " (VpceAccessDenied): it never reached S3 (table network_activity)")), s3.notes().toString());
        InvestigationResult bucket = whoDeleted("acme-emptied");
        List<Map<String, Object>> deletions = rows(bucket.section("deletions"));
        assertEquals(1, deletions.size(), "the bucket's own deletion only: " + deletions);
        assertEquals("DeleteBucket", deletions.get(0).get("event_name"));
        assertEquals("VpceAccessDenied", deletions.get(0).get("result"));
        assertTrue(bucket.notes().contains("1 call of 1 failed: VpceAccessDenied x1 (VpceAccessDenied: denied by a VPC"
                + " endpoint's policy, recorded as a network activity event; the call never reached the service)"),
                bucket.notes().toString());
        assertTrue(bucket.notes().stream().anyMatch(n -> n.startsWith("the store holds 2 object deletes through a VPC"
                + " endpoint (network activity events, 1 went through, 1 denied by the endpoint's policy"
                + " (VpceAccessDenied) and never reached S3) in bucket acme-emptied at any time")),
                bucket.notes().toString());
        assertTrue(bucket.notes().contains("1 of these events is a network activity event (a call through a VPC"
                + " endpoint, recorded in the endpoint owner's account), listed on its own: 1 denied by the endpoint's"
                + " policy (VpceAccessDenied) never reached the service: that is its only record"),
                bucket.notes().toString());
        assertTrue(bucket.notes().stream().noneMatch(n -> n.contains("(S3 data events,")), "no data event holds"
                + " a delete: " + bucket.notes());
        assertTrue(bucket.notes().stream().anyMatch(n -> n.startsWith("the store holds no data events for bucket"
                + " acme-emptied at any time: whether objects were deleted or overwritten with a key the caller"
                + " provided (SSE-C) other than through the VPC endpoints above cannot be told")),
                bucket.notes().toString());
        List<Map<String, Object>> object = rows(whoDeleted("acme-emptied/exports/a.csv").section("deletions"));
        assertEquals(2, object.size(), object.toString());
        assertEquals("success", object.get(0).get("result"));
        assertEquals("VpceAccessDenied", object.get(1).get("result"));
    }

    @Test
    void aKeysStoryAndTheTimelineSayWhichEventsAreNetworkActivity() {
        InvestigationResult key;
        InvestigationResult timeline;
        try (EventStore s = IncidentStores.read(store)) {
            Investigator inv = new Investigator(s, IncidentStores.CLOCK);
            key = inv.run("key", InvestigationArgs.of("AKIAEXAMPLEALICE01"));
            timeline = inv.run("timeline", InvestigationArgs.none());
        }
        assertTrue(key.notes().contains("4 of these events are network activity events (calls through a VPC endpoint,"
                + " recorded in the endpoint owner's account): the same call can be recorded as a management or data"
                + " event too, and is then counted twice; query --category networkactivity lists them"),
                key.notes().toString());
        assertTrue(timeline.notes().contains("8 of these events are network activity events (calls through a VPC"
                + " endpoint, recorded in the endpoint owner's account; 4 denied by the endpoint's policy"
                + " (VpceAccessDenied), which never reached the service): the same call can be recorded as a management"
                + " or data event too, and is then counted twice; query --category networkactivity lists them"),
                timeline.notes().toString());
    }

    private static InvestigationResult whoDeleted(String resource) {
        try (EventStore s = IncidentStores.read(store)) {
            return new Investigator(s, IncidentStores.CLOCK).run("who-deleted", InvestigationArgs.of(resource));
        }
    }
}
