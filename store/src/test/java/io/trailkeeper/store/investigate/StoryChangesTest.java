package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.IncidentStores.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a leaked key changed, as its story tells it: the calls CloudTrail marks readOnly false whatever their verb
 * (a snapshot, an image and a DB snapshot shared with another account; a key deleted), those without a readOnly by
 * their name, and neither reads, refused calls nor sign-ins.
 */
class StoryChangesTest {
    static final String KEY = "AKIAPTGZ6JFEBZSDOXRL";
    static final String OUTSIDE = "666677778888";

    @TempDir
    Path dir;

    private static String call(String time, String source, String name, String region, String request,
                               String readOnly, String error) {
        return "{\"eventVersion\":\"1.11\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDAZ3MARIA5DEV7XYZQ\","
                + "\"arn\":\"arn:aws:iam::210987654321:user/dev-maria\",\"accountId\":\"210987654321\",\"accessKeyId\":\""
                + KEY + "\",\"userName\":\"dev-maria\"},\"eventTime\":\"" + time + "\",\"eventSource\":\"" + source
                + "\",\"eventName\":\"" + name + "\",\"awsRegion\":\"" + region + "\",\"sourceIPAddress\":"
                + "\"185.220.101.12\",\"userAgent\":\"aws-cli/1.32.60 botocore/1.34.60\",\"requestParameters\":" + request
                + ",\"responseElements\":null," + (error == null ? "" : "\"errorCode\":\"" + error + "\",\"errorMessage\":"
                + "\"You are not authorized to perform this operation.\",") + "\"requestID\":\"r-" + time + "\",\"eventID\":\"e-"
                + time + "\"," + (readOnly == null ? "" : "\"readOnly\":" + readOnly + ",") + "\"eventType\":\"AwsApiCall\","
                + "\"managementEvent\":true,\"recipientAccountId\":\"210987654321\",\"eventCategory\":\"Management\"}";
    }

    @Test
    void theSharesAndTheDeletedKeyAreAmongWhatTheKeyChanged() throws IOException {
        Path file = dir.resolve("drill.jsonl");
        Files.writeString(file, String.join("\n",
                call("2026-03-10T14:14:00Z", "sts.amazonaws.com", "GetCallerIdentity", "us-east-1", "null", "true", null),
                call("2026-03-10T15:20:00Z", "ec2.amazonaws.com", "ModifySnapshotAttribute", "us-west-2",
                        "{\"snapshotId\":\"snap-0a1b2c3d4e5f60718\",\"createVolumePermission\":{\"add\":{\"items\":"
                        + "[{\"userId\":\"" + OUTSIDE + "\"}]}},\"attributeType\":\"CREATE_VOLUME_PERMISSION\"}", "false", null),
                call("2026-03-10T15:24:00Z", "ec2.amazonaws.com", "ModifyImageAttribute", "eu-west-1",
                        "{\"imageId\":\"ami-0aaaaaaaaaaaaaaa1\",\"launchPermission\":{\"add\":{\"items\":[{\"group\":"
                        + "\"all\"}]}}}", "false", "Client.UnauthorizedOperation"),
                call("2026-03-10T15:25:00Z", "ec2.amazonaws.com", "ModifyImageAttribute", "eu-west-1",
                        "{\"imageId\":\"ami-0fedcba9876543210\",\"launchPermission\":{\"add\":{\"items\":[{\"userId\":\""
                        + OUTSIDE + "\"}]}},\"attributeType\":\"launchPermission\"}", null, null),
                call("2026-03-10T15:30:00Z", "rds.amazonaws.com", "ModifyDBSnapshotAttribute", "us-east-1",
                        "{\"dBSnapshotIdentifier\":\"prod-customers-2026-03-10\",\"attributeName\":\"restore\","
                        + "\"valuesToAdd\":[\"" + OUTSIDE + "\"]}", "false", null),
                call("2026-03-10T15:50:00Z", "secretsmanager.amazonaws.com", "GetSecretValue", "us-east-1",
                        "{\"secretId\":\"prod/app00/credentials\"}", "true", null),
                call("2026-03-10T16:08:00Z", "iam.amazonaws.com", "DeleteAccessKey", "us-east-1",
                        "{\"userName\":\"svc-backup\",\"accessKeyId\":\"AKIAGQNBQRMKTSXFVYPL\"}", "false", null)) + "\n");
        Path store = IncidentStores.load(dir.resolve("drill.duckdb"), file);
        InvestigationResult r;
        try (var s = IncidentStores.read(store)) {
            r = new Investigator(s, IncidentStores.CLOCK).run("key", InvestigationArgs.of(KEY));
        }
        List<Map<String, Object>> created = rows(r.section("created"));
        assertEquals(List.of("ModifySnapshotAttribute", "ModifyImageAttribute", "ModifyDBSnapshotAttribute",
                "DeleteAccessKey"), created.stream().map(m -> m.get("call")).toList());
        assertEquals(List.of("us-west-2", "eu-west-1", "us-east-1", "us-east-1"),
                created.stream().map(m -> m.get("region")).toList());
        assertTrue(((List<?>) created.get(2).get("request_names")).contains(OUTSIDE), created.get(2).toString());
        String note = r.notes().stream().filter(n -> n.startsWith("created or changed: ")).findFirst().orElse("");
        assertTrue(note.contains("ModifySnapshotAttribute in us-west-2: snap-0a1b2c3d4e5f60718, " + OUTSIDE), note);
        assertTrue(note.contains("DeleteAccessKey in us-east-1: svc-backup, AKIAGQNBQRMKTSXFVYPL"), note);
    }
}
