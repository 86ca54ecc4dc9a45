package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.IncidentStores.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * who-deleted of a bucket did not list its server access logging switched off (PutBucketLogging with a
 * BucketLoggingStatus holding no LoggingEnabled), though that destroys the record of the bucket's reads, as it lists a
 * PutBucketLifecycle. It does now, refused calls too, as every call it lists; turning logging on (or pointing it to
 * another bucket) destroys nothing and is not listed.
 */
class WhoDeletedBucketLoggingTest {
    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void load() throws IOException {
        Path file = dir.resolve("logging.jsonl");
        String on = "{\"xmlns\":\"http://s3.amazonaws.com/doc/2006-03-01/\",\"LoggingEnabled\":{\"TargetBucket\":"
                + "\"access-logs\",\"TargetPrefix\":\"customer-data/\"}}";
        Files.writeString(file, String.join("\n",
                putBucketLogging("l1", "2026-03-10T08:00:00Z", on, null),
                putBucketLogging("l2", "2026-03-10T09:00:00Z", "{\"xmlns\":\"http://s3.amazonaws.com/doc/2006-03-01/\"}",
                        "AccessDenied"),
                putBucketLogging("l3", "2026-03-10T09:05:00Z", "{\"xmlns\":\"http://s3.amazonaws.com/doc/2006-03-01/\"}",
                        null),
                putBucketLogging("l4", "2026-03-10T09:10:00Z", "{}", null),
                putBucketLogging("l5", "2026-03-10T09:20:00Z", on.replace("access-logs", "elsewhere-logs"), null))
                + "\n");
        store = IncidentStores.load(dir.resolve("logging.duckdb"), file);
    }

    @Test
    void switchingOffABucketsAccessLogsIsListedAmongItsDestructiveCalls() {
        InvestigationResult r;
        try (EventStore s = IncidentStores.read(store)) {
            r = new Investigator(s, IncidentStores.CLOCK).run("who-deleted", InvestigationArgs.of("customer-data"));
        }
        List<Map<String, Object>> deletions = rows(r.section("deletions"));
        assertEquals(List.of("2026-03-10T09:00", "2026-03-10T09:05", "2026-03-10T09:10"), deletions.stream()
                .map(d -> d.get("event_time").toString().substring(0, 16)).toList(), deletions.toString());
        assertEquals(List.of("AccessDenied", "success", "success"), deletions.stream().map(d -> d.get("result"))
                .toList());
        assertEquals("switches off the server access logs (the record of its reads)", deletions.get(1).get("effect"));
        assertEquals("arn:aws:iam::111122223333:user/mallory", deletions.get(1).get("principal"));
    }

    /** With no data event of the bucket, its answer said nothing of its objects, as if none had been deleted. */
    @Test
    void whetherItsObjectsWereDeletedCannotBeToldWithoutDataEvents() {
        InvestigationResult r;
        try (EventStore s = IncidentStores.read(store)) {
            r = new Investigator(s, IncidentStores.CLOCK).run("who-deleted", InvestigationArgs.of("customer-data"));
        }
        assertEquals(List.of("the store holds no data events for bucket customer-data at any time: whether objects"
                + " were deleted or overwritten with a key the caller provided (SSE-C) cannot be told; S3 data events"
                + " (a trail's data event selector for arn:aws:s3:::customer-data/) would have told it"),
                r.notes().stream().filter(n -> n.contains("data events for bucket")).toList(),
                String.join("\n", r.notes()));
    }

    private static String putBucketLogging(String id, String time, String status, String error) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDAMALLORY\","
                + "\"arn\":\"arn:aws:iam::111122223333:user/mallory\",\"accountId\":\"111122223333\",\"accessKeyId\":"
                + "\"AKIAEXAMPLEKEY000009\",\"userName\":\"mallory\"},\"eventTime\":\"" + time + "\",\"eventSource\":"
                + "\"s3.amazonaws.com\",\"eventName\":\"PutBucketLogging\",\"awsRegion\":\"us-east-1\","
                + "\"sourceIPAddress\":\"198.51.100.23\",\"userAgent\":\"aws-cli/2.15.30\"," + (error == null ? ""
                : "\"errorCode\":\"" + error + "\",\"errorMessage\":\"Access Denied\",") + "\"requestParameters\":"
                + "{\"bucketName\":\"customer-data\",\"BucketLoggingStatus\":" + status + ",\"logging\":\"\",\"Host\":"
                + "\"customer-data.s3.us-east-1.amazonaws.com\"},\"responseElements\":null,\"requestID\":\"R" + id
                + "\",\"eventID\":\"" + id + "\",\"readOnly\":false,\"resources\":[{\"accountId\":\"111122223333\","
                + "\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::customer-data\"}],\"eventType\":\"AwsApiCall\","
                + "\"managementEvent\":true,\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Management\"}";
    }
}
