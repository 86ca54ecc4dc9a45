package io.trailkeeper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * query --resource with S3's own forms, as a responder copies them from the AWS CLI: s3://bucket, s3://bucket/key,
 * and a prefix ending in '/' (every object under it), in the partitions of aws and aws-us-gov.
 */
class S3ResourceQueryTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void load() throws IOException {
        Path file = dir.resolve("objects.jsonl");
        Files.writeString(file, String.join("\n",
                objectCall("o1", "GetObject", "aws", "data-bucket", "reports/q1.csv"),
                objectCall("o2", "PutObject", "aws", "data-bucket", "uploads/x.bin"),
                objectCall("o3", "GetObject", "aws-us-gov", "gov-bucket", "reports/q2.csv"),
                objectCall("o4", "GetObject", "aws", "data-bucket-2", "reports/q1.csv"),
                prefixCall("p1", "logs-bucket", "exports/"),
                prefixCall("p3", "logs-bucket", "exports/2026/"),
                // an object whose key is a prefix of others' as text: it names itself, not the objects after it
                objectCall("p2", "PutObject", "aws", "logs-bucket", "exports"),
                objectCall("o5", "GetObject", "aws", "logs-bucket", "exports/2026/a.csv"),
                // no resources[]: the object named by requestParameters' bucketName and key only, as Panther's
                // network activity (VPC endpoint) and denied GetObject events have it
                objectCall("n1", "GetObject", "aws", "vpce-bucket", "secret/file.txt")
                        .replaceFirst(",\"resources\":\\[.*?\\}\\],", ","),
                // an IAM call that names a user 'file.txt' in a group 'vpce-bucket': no S3 object
                iamCall("i1", "vpce-bucket", "secret/file.txt")) + "\n");
        try (EventStore store = TestStores.open(dir)) {
            TestStores.ingest(store, file);
        }
    }

    @Test
    void aBucketGivenAsAnS3UrlIsTheBucket() {
        assertEquals(2, count("s3://data-bucket"));
        assertEquals(2, count("data-bucket"));
    }

    @Test
    void anObjectGivenAsAnS3UrlIsTheObject() {
        assertEquals(1, count("s3://data-bucket/reports/q1.csv"));
        assertEquals(1, count("s3://gov-bucket/reports/q2.csv"));
    }

    @Test
    void anObjectNamedByBucketNameAndKeyWithoutAnArnIsFoundInEveryForm() {
        assertEquals(1, count("s3://vpce-bucket/secret/file.txt"));
        assertEquals(1, count("arn:aws:s3:::vpce-bucket/secret/file.txt"));
        assertEquals(1, count("vpce-bucket/secret/file.txt"));
        assertEquals(1, count("vpce-bucket/secret/"), "its prefix found it already");
        assertEquals(0, count("s3://vpce-bucket/secret/file"), "another object");
        assertEquals(0, count("s3://vpce-bucket/file.txt"), "another object");
    }

    @Test
    void aNameEndingInASlashIsEveryObjectUnderThePrefix() {
        assertEquals(2, count("data-bucket/"));
        assertEquals(1, count("s3://data-bucket/reports/"));
        assertEquals(1, count("s3://gov-bucket/reports/"));
        assertEquals(1, count("arn:aws:s3:::data-bucket/reports/"), "the prefix as an ARN, as a selector names it");
        assertEquals(1, count("arn:aws-us-gov:s3:::gov-bucket/"));
        assertEquals(0, count("s3://data-bucket/report/q"), "not a prefix: the object named so, of which none");
        assertEquals(0, count("s3://data-bucket/archive/"));
    }

    @Test
    void aCallNamingAPrefixByArnPrefixMayIncludeEveryObjectAndDeeperPrefixUnderIt() {
        Map<String, String> m = matches("s3://logs-bucket/exports/2026/a.csv");
        assertEquals(Map.of("o5", "names it", "p1", "may include it: ARNPrefix arn:aws:s3:::logs-bucket/exports/",
                "p3", "may include it: ARNPrefix arn:aws:s3:::logs-bucket/exports/2026/"), m);
        assertEquals(Map.of("o5", "names it", "p3", "names it",
                "p1", "may include it: ARNPrefix arn:aws:s3:::logs-bucket/exports/"),
                matches("arn:aws:s3:::logs-bucket/exports/2026/"), "a deeper prefix");
        assertEquals(Map.of("o5", "names it", "p1", "names it", "p3", "names it"),
                matches("logs-bucket/exports/"), "the reverse: a deeper ARNPrefix is under the prefix asked about");
        assertEquals(3, count("s3://logs-bucket/exports/2026/a.csv"));
        assertEquals(1, count("s3://logs-bucket/exports"), "the object named exports; no prefix is shallower");
    }

    @Test
    void anObjectOrPrefixInAnyS3FormIsAQuestionAboutDataEvents() {
        for (String objects : List.of("s3://data-bucket", "s3://data-bucket/reports/q1.csv", "data-bucket/",
                "arn:aws:s3:::data-bucket/reports/q1.csv", "arn:aws-us-gov:s3:::gov-bucket/")) {
            assertTrue(query(objects).asksAboutDataEvents(), objects);
        }
        for (String other : List.of("data-bucket", "arn:aws:s3:::data-bucket", "arn:aws:iam::111122223333:role/x/",
                "role/Admin")) {
            assertFalse(query(other).asksAboutDataEvents(), other);
        }
    }

    private static EventQuery query(String resource) {
        return new EventQuery(null, null, List.of(), List.of(), List.of(), null, null, null, resource, null, null,
                null, null);
    }

    private static long count(String resource) {
        try (EventStore store = TestStores.openReadOnly(dir)) {
            return TestStores.count(store, query(resource));
        }
    }

    /** The event ids found, each with its resource_match label. */
    private static Map<String, String> matches(String resource) {
        try (EventStore store = TestStores.openReadOnly(dir)) {
            io.trailkeeper.events.TableCollector rows = new io.trailkeeper.events.TableCollector();
            new EventSearch(store).events(query(resource), List.of("event_id"), rows);
            io.trailkeeper.events.Table t = rows.table("events");
            assertEquals(List.of("event_id", "resource_match"), t.columns());
            Map<String, String> out = new java.util.HashMap<>();
            t.rows().forEach(r -> out.put((String) r.get(0), (String) r.get(1)));
            return out;
        }
    }

    /** A ListObjects of a prefix, whose resources[] name it by ARNPrefix, as CloudTrail records one. */
    private static String prefixCall(String id, String bucket, String prefix) {
        return objectCall(id, "ListObjects", "aws", bucket, "x").replace("\"key\":\"x\"", "\"prefix\":\"" + prefix
                + "\"").replace("{\"type\":\"AWS::S3::Object\",\"ARN\":\"arn:aws:s3:::" + bucket + "/x\"}",
                "{\"type\":\"AWS::S3::Object\",\"ARNPrefix\":\"arn:aws:s3:::" + bucket + "/" + prefix + "\"}");
    }

    private static String iamCall(String id, String group, String user) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":"
                + "\"arn:aws:iam::111122223333:user/dev\",\"accountId\":\"111122223333\",\"userName\":\"dev\"},"
                + "\"eventTime\":\"2026-03-10T08:00:00Z\",\"eventSource\":\"iam.amazonaws.com\",\"eventName\":"
                + "\"AddUserToGroup\",\"awsRegion\":\"us-east-1\",\"requestParameters\":{\"groupName\":\"" + group
                + "\",\"userName\":\"" + user + "\"},\"eventID\":\"" + id + "\",\"eventType\":\"AwsApiCall\","
                + "\"recipientAccountId\":\"111122223333\"}";
    }

    private static String objectCall(String id, String name, String partition, String bucket, String key) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDAX\","
                + "\"arn\":\"arn:" + partition + ":iam::111122223333:user/dev\",\"accountId\":\"111122223333\","
                + "\"accessKeyId\":\"AKIAEXAMPLEKEY000001\",\"userName\":\"dev\"},\"eventTime\":\"2026-03-10T08:00:00Z\","
                + "\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"" + name + "\",\"awsRegion\":\"us-west-2\","
                + "\"sourceIPAddress\":\"203.0.113.9\",\"userAgent\":\"aws-cli/2.15.30\",\"requestParameters\":{"
                + "\"bucketName\":\"" + bucket + "\",\"key\":\"" + key + "\"},\"responseElements\":null,"
                + "\"resources\":[{\"type\":\"AWS::S3::Object\",\"ARN\":\"arn:" + partition + ":s3:::" + bucket + "/"
                + key + "\"},{\"accountId\":\"111122223333\",\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:" + partition
                + ":s3:::" + bucket + "\"}],\"eventID\":\"" + id + "\",\"readOnly\":true,\"eventType\":\"AwsApiCall\","
                + "\"managementEvent\":false,\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Data\"}";
    }
}
