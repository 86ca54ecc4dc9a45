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

/** s3 over made-up data events: denied calls, and buckets whose trail logs one kind of call only. */
class BucketAccessTest {
    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void load() throws IOException {
        List<String> records = new ArrayList<>();
        Instant t = Instant.parse("2026-03-10T09:00:00Z");
        for (int i = 0; i < 50; i++) {
            records.add(call("acme-denied", "GetObject", true, "mallory", "AccessDenied", t.plusSeconds(i)));
        }
        records.add(call("acme-denied", "PutObject", false, "ci-deploy", null, t.plusSeconds(60)));
        for (int i = 0; i < 3; i++) {
            records.add(call("acme-write-only", "PutObject", false, "ci-deploy", null, t.plusSeconds(100 + i)));
        }
        records.add(call("acme-write-only", "DeleteObject", false, "ci-deploy", null, t.plusSeconds(110)));
        records.add(call("acme-read-only", "GetObject", true, "ci-deploy", null, t.plusSeconds(200)));
        records.add(call("acme-read-only", "GetObject", true, "ci-deploy", "NoSuchKey", t.plusSeconds(201)));
        records.add(call("gov-bucket", "DeleteObject", false, "ci-deploy", null, t.plusSeconds(300))
                .replace("arn:aws:", "arn:aws-us-gov:").replace("eu-west-1", "us-gov-west-1"));
        Path file = dir.resolve("data-events.jsonl");
        Files.writeString(file, String.join("\n", records) + "\n");
        store = IncidentStores.load(dir.resolve("s3.duckdb"), file);
    }

    private static String call(String bucket, String name, boolean readOnly, String user, String error, Instant at) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::111122223333:user/"
                + user + "\",\"accountId\":\"111122223333\",\"userName\":\"" + user + "\",\"accessKeyId\":"
                + "\"AKIAEXAMPLE" + user.length() + "\"},\"eventTime\":\"" + at + "\",\"eventSource\":\"s3.amazonaws.com\","
                + "\"eventName\":\"" + name + "\",\"awsRegion\":\"eu-west-1\",\"sourceIPAddress\":\"198.51.100.7\","
                + "\"userAgent\":\"aws-cli/2.15.30\",\"requestParameters\":{\"bucketName\":\"" + bucket + "\",\"Host\":\""
                + bucket + ".s3.eu-west-1.amazonaws.com\",\"key\":\"exports/a.csv\"},\"responseElements\":null,"
                + (error == null ? "" : "\"errorCode\":\"" + error + "\",\"errorMessage\":\"" + error + "\",")
                + "\"eventID\":\"" + java.util.UUID.nameUUIDFromBytes((bucket + name + at).getBytes()) + "\","
                + "\"readOnly\":" + readOnly + ",\"resources\":[{\"type\":\"AWS::S3::Object\",\"ARN\":\"arn:aws:s3:::"
                + bucket + "/exports/a.csv\"},{\"accountId\":\"111122223333\",\"type\":\"AWS::S3::Bucket\",\"ARN\":"
                + "\"arn:aws:s3:::" + bucket + "\"}],\"eventType\":\"AwsApiCall\",\"managementEvent\":false,"
                + "\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Data\"}";
    }

    private static InvestigationResult run(InvestigationArgs args) {
        try (EventStore s = IncidentStores.read(store)) {
            return new Investigator(s, IncidentStores.CLOCK).run("s3", args);
        }
    }

    @Test
    void theObjectsOfADeleteLeaveOutTheBucketInEveryPartition() {
        for (String bucket : List.of("acme-write-only", "gov-bucket")) {
            List<Map<String, Object>> deletes = rows(run(InvestigationArgs.of(bucket)).section("deletes"));
            assertEquals(1, deletes.size(), deletes.toString());
            String objects = String.valueOf(deletes.get(0).get("objects"));
            assertTrue(objects.contains("exports/a.csv"), objects);
            assertTrue(!objects.contains(":s3:::" + bucket + ",") && !objects.endsWith(":s3:::" + bucket + "]")
                    && !objects.endsWith(":s3:::" + bucket), "the bucket is not one of its objects: " + objects);
        }
    }

    @Test
    void deniedReadsAreAttemptsNotReads() {
        InvestigationResult r = run(InvestigationArgs.of("acme-denied"));
        assertTrue(r.notes().contains("51 object calls on bucket acme-denied at any time: 0 reads, 1 writes, 0 deletes"
                + " that succeeded"), r.notes().toString());
        assertTrue(r.notes().contains("50 attempted reads, all denied (AccessDenied x50); no object was read"),
                r.notes().toString());
        Map<String, Object> mallory = rows(r.section("by_principal")).get(0);
        assertEquals("arn:aws:iam::111122223333:user/mallory", mallory.get("principal"));
        assertEquals(0L, mallory.get("reads"));
        assertEquals(50L, mallory.get("failed_reads"));
        assertEquals(0L, rows(r.section("by_ip")).get(0).get("reads"));
        assertEquals(50L, rows(r.section("by_ip")).get(0).get("failed_reads"));
        assertTrue(r.notes().contains("most calls by arn:aws:iam::111122223333:user/mallory: 0 reads, 0 writes,"
                + " 0 deletes that succeeded, 50 failed calls that did nothing, from 198.51.100.7"), r.notes().toString());
        assertTrue(r.notes().stream().noneMatch(n -> n.contains("may log")), "both kinds are logged: " + r.notes());
    }

    @Test
    void oneActorsZeroIsNoSignThatAKindIsNotLogged() {
        InvestigationResult r = run(new InvestigationArgs("acme-denied", null, null, "ci-deploy", null, null, null));
        assertTrue(r.notes().contains("1 object call on bucket acme-denied at any time matching --actor ci-deploy:"
                + " 0 reads, 1 writes, 0 deletes"), r.notes().toString());
        assertTrue(r.notes().stream().noneMatch(n -> n.contains("may log")), "mallory's reads are logged: "
                + r.notes());
    }

    @Test
    void zeroReadsOfABucketWithWritesOnlyCarriesTheCaveat() {
        InvestigationResult r = run(InvestigationArgs.of("acme-write-only"));
        assertTrue(r.notes().contains("4 object calls on bucket acme-write-only at any time: 0 reads, 3 writes,"
                + " 1 deletes"), r.notes().toString());
        assertTrue(r.notes().contains("the store holds writes but no read data event at all for bucket acme-write-only"
                + " at any time: the trail's data event selector may log writes only (ReadWriteType WriteOnly, or"
                + " readOnly false), so 0 reads does not mean no object was read"), r.notes().toString());
    }

    @Test
    void zeroWritesOfABucketWithReadsOnlyCarriesTheCaveat() {
        InvestigationResult r = run(InvestigationArgs.of("acme-read-only"));
        assertTrue(r.notes().contains("besides the 1 read, 1 attempted read failed (NoSuchKey x1) and did"
                + " nothing"), r.notes().toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("the store holds reads but no write or delete data"
                + " event at all for bucket acme-read-only")), r.notes().toString());
    }
}
