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
 * who-deleted of a bucket did not list its versioning suspended (PutBucketVersioning, Status Suspended), though in an
 * S3 ransomware drill that was the step that made the objects' encryption in place (SSE-C copies onto themselves)
 * beyond undoing, listing only the lifecycle rule set a minute later. It lists it now, MFA delete turned off too, and
 * refused calls as every call it lists; versioning enabled destroys nothing and is not listed.
 */
class WhoDeletedBucketVersioningTest {
    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void load() throws IOException {
        Path file = dir.resolve("versioning.jsonl");
        Files.writeString(file, String.join("\n",
                putBucketVersioning("v1", "2026-11-05T10:20:00Z", "\"Status\":\"Enabled\"", null),
                putBucketVersioning("v2", "2026-11-09T02:15:00Z", "\"Status\":\"Suspended\"", "AccessDenied"),
                putBucketVersioning("v3", "2026-11-09T02:15:07Z", "\"Status\":\"Suspended\"", null),
                putBucketVersioning("v4", "2026-11-09T02:16:00Z", "\"Status\":\"Enabled\",\"MfaDelete\":\"Disabled\"",
                        null),
                putBucketVersioning("v5", "2026-11-10T09:00:00Z", "\"Status\":\"Enabled\",\"MfaDelete\":\"Enabled\"",
                        null))
                + "\n");
        store = IncidentStores.load(dir.resolve("versioning.duckdb"), file);
    }

    @Test
    void suspendingABucketsVersioningIsListedAmongItsDestructiveCalls() {
        InvestigationResult r;
        try (EventStore s = IncidentStores.read(store)) {
            r = new Investigator(s, IncidentStores.CLOCK).run("who-deleted",
                    InvestigationArgs.of("acme-prod-customer-data"));
        }
        List<Map<String, Object>> deletions = rows(r.section("deletions"));
        assertEquals(List.of("2026-11-09T02:15:00", "2026-11-09T02:15:07", "2026-11-09T02:16:00"), deletions.stream()
                .map(d -> d.get("event_time").toString().substring(0, 19)).toList(), deletions.toString());
        assertEquals(List.of("AccessDenied", "success", "success"), deletions.stream().map(d -> d.get("result"))
                .toList());
        assertEquals("stops keeping versions: overwrites and deletes cannot be undone", deletions.get(1).get("effect"));
        assertEquals("arn:aws:iam::111122223333:user/ci-deploy", deletions.get(1).get("principal"));
    }

    private static String putBucketVersioning(String id, String time, String configuration, String error) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDACIDEPLOY\","
                + "\"arn\":\"arn:aws:iam::111122223333:user/ci-deploy\",\"accountId\":\"111122223333\",\"accessKeyId\":"
                + "\"AKIA5QXJ2RZLCIDEPLOY\",\"userName\":\"ci-deploy\"},\"eventTime\":\"" + time + "\",\"eventSource\":"
                + "\"s3.amazonaws.com\",\"eventName\":\"PutBucketVersioning\",\"awsRegion\":\"us-west-2\","
                + "\"sourceIPAddress\":\"185.220.101.47\",\"userAgent\":\"aws-cli/2.15.30\"," + (error == null ? ""
                : "\"errorCode\":\"" + error + "\",\"errorMessage\":\"Access Denied\",") + "\"requestParameters\":"
                + "{\"bucketName\":\"acme-prod-customer-data\",\"Host\":\"acme-prod-customer-data.s3.us-west-2."
                + "amazonaws.com\",\"versioning\":\"\",\"VersioningConfiguration\":{" + configuration + ",\"xmlns\":"
                + "\"http://s3.amazonaws.com/doc/2006-03-01/\"}},\"responseElements\":null,\"requestID\":\"R" + id
                + "\",\"eventID\":\"" + id + "\",\"readOnly\":false,\"resources\":[{\"accountId\":\"111122223333\","
                + "\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::acme-prod-customer-data\"}],\"eventType\":"
                + "\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"111122223333\",\"eventCategory\":"
                + "\"Management\"}";
    }
}
