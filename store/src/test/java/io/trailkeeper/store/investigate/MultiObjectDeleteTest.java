package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.IncidentStores.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * who-deleted of an object or a prefix in a bucket, where objects went by a multi-object delete (DeleteObjects):
 * CloudTrail records the bucket only, never the keys (up to 1,000), so the call may have deleted any object in it.
 */
class MultiObjectDeleteTest {
    static final String ACCOUNT = "111122223333";

    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void load() throws IOException {
        Path file = dir.resolve("deletes.jsonl");
        Files.writeString(file, String.join("\n",
                dataDelete("2026-03-10T08:05:00Z", "d1", "DeleteObjects",
                        "{\"bucketName\":\"data-bucket\",\"Host\":\"data-bucket.s3.us-west-2.amazonaws.com\","
                                + "\"delete\":\"\"}",
                        "[{\"type\":\"AWS::S3::Object\",\"ARNPrefix\":\"arn:aws:s3:::data-bucket/\"},{\"accountId\":\""
                                + ACCOUNT + "\",\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::data-bucket\"}]"),
                dataDelete("2026-03-10T08:06:00Z", "d2", "DeleteObject",
                        "{\"bucketName\":\"data-bucket\",\"key\":\"other.txt\"}",
                        "[{\"type\":\"AWS::S3::Object\",\"ARN\":\"arn:aws:s3:::data-bucket/other.txt\"},{\"accountId\":\""
                                + ACCOUNT + "\",\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::data-bucket\"}]"),
                // another bucket's multi-object delete
                dataDelete("2026-03-10T08:07:00Z", "d3", "DeleteObjects", "{\"bucketName\":\"other-bucket\",\"delete\":\"\"}",
                        "[{\"accountId\":\"" + ACCOUNT + "\",\"type\":\"AWS::S3::Bucket\","
                                + "\"ARN\":\"arn:aws:s3:::other-bucket\"}]"))
                + "\n");
        store = IncidentStores.load(dir.resolve("deletes.duckdb"), file);
    }

    @Test
    void aMultiObjectDeleteOfTheBucketMayHaveDeletedTheObjectAndIsShownAsSuch() {
        InvestigationResult r = run("data-bucket/secret.csv");
        List<Map<String, Object>> deletions = rows(r.section("deletions"));
        assertEquals(List.of("DeleteObjects"), deletions.stream().map(d -> d.get("event_name")).toList(),
                "the DeleteObject of other.txt and other-bucket's DeleteObjects did not delete it");
        assertEquals("may have deleted it (the record names the bucket, not the keys)", deletions.get(0).get("effect"));
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("DeleteObjects of objects in data-bucket succeeded at"
                        + " 2026-03-10T08:05:00Z") && n.contains("whether data-bucket/secret.csv was among them cannot"
                        + " be told from CloudTrail")), String.join("\n", r.notes()));
    }

    @Test
    void aPrefixGetsTheMultiObjectDeleteBesideTheDeletesOfObjectsUnderIt() {
        List<Map<String, Object>> deletions = rows(run("data-bucket/reports/").section("deletions"));
        assertEquals(List.of("DeleteObjects"), deletions.stream().map(d -> d.get("event_name")).toList());
        deletions = rows(run("s3://data-bucket/other").section("deletions"));
        assertEquals(List.of("DeleteObjects", "DeleteObject"), deletions.stream().map(d -> d.get("event_name")).toList());
        assertEquals("deletes", deletions.get(1).get("effect"));
    }

    @Test
    void aBucketEmptiedObjectByObjectIsNotAnsweredWithSilence() {
        InvestigationResult r = run("data-bucket");
        assertEquals(0, r.section("deletions").rows().size(), "object deletes are not the bucket's deletion");
        assertTrue(r.notes().contains("the store also holds 2 object deletes (S3 data events, 2 succeeded) in bucket"
                + " data-bucket at any time: investigate s3 data-bucket lists them, who-deleted data-bucket/KEY finds"
                + " one object's"), r.notes().toString());
        assertTrue(run("s3://other-bucket").notes().stream().anyMatch(n -> n.startsWith("the store also holds 1 object"
                + " delete (S3 data events, 1 succeeded) in bucket other-bucket")));
        assertTrue(run("quiet-bucket").notes().stream().noneMatch(n -> n.contains("object delete")));
    }

    @Test
    void theBucketsObjectCallsSayWhichDeletesCloudTrailDoesNotName() {
        InvestigationResult r;
        try (EventStore s = IncidentStores.read(store)) {
            r = new Investigator(s, IncidentStores.CLOCK).run("s3", InvestigationArgs.of("data-bucket"));
        }
        assertTrue(r.notes().contains("2 object calls on bucket data-bucket at any time: 0 reads, 0 writes, 2 deletes"),
                r.notes().toString());
        assertTrue(r.notes().contains("1 of the deletes is a multi-object delete (DeleteObjects): each can delete up"
                + " to 1,000 objects, and CloudTrail records the bucket only, never the keys; S3 server access logs"
                + " name each object"), r.notes().toString());
        assertTrue(r.notes().contains("objects a lifecycle rule expired are not in CloudTrail at all (S3 server access"
                + " logs record them); who-deleted data-bucket lists the PutBucketLifecycle calls that set such rules"),
                r.notes().toString());
    }

    private static InvestigationResult run(String resource) {
        try (EventStore s = IncidentStores.read(store)) {
            return new Investigator(s, IncidentStores.CLOCK).run("who-deleted", InvestigationArgs.of(resource));
        }
    }

    private static String dataDelete(String time, String id, String name, String request, String resources) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":\"AROAX:x\","
                + "\"arn\":\"arn:aws:sts::" + ACCOUNT + ":assumed-role/Deployer/x\",\"accountId\":\"" + ACCOUNT + "\","
                + "\"accessKeyId\":\"ASIAEXAMPLEKEY000001\"},\"eventTime\":\"" + time + "\","
                + "\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"" + name + "\",\"awsRegion\":\"us-west-2\","
                + "\"sourceIPAddress\":\"203.0.113.9\",\"userAgent\":\"aws-cli/2.15.30\",\"requestParameters\":"
                + request + ",\"responseElements\":null,\"resources\":" + resources + ",\"eventID\":\"" + id + "\","
                + "\"readOnly\":false,\"eventType\":\"AwsApiCall\",\"managementEvent\":false,"
                + "\"recipientAccountId\":\"" + ACCOUNT + "\",\"eventCategory\":\"Data\"}";
    }
}
