package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A leaked key shared an EBS snapshot, an AMI and an RDS snapshot with the intruder's account and granted it a KMS key:
 * the report's summary told the destructive calls only, so the data handed to another account was in no sentence (the
 * top calls list the busy calls, not these). Each such call is now told with who, from where, in which region, and
 * what it names, the account shared with among them. (Found in a data-theft drill.)
 */
class ReportSharingTest {
    private static final String OUTSIDE = "666677778888";

    @TempDir
    Path dir;

    private static String call(String time, String source, String name, String region, String request) {
        return "{\"eventVersion\":\"1.11\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDAZ3MARIA5DEV7XYZQ\","
                + "\"arn\":\"arn:aws:iam::210987654321:user/dev-maria\",\"accountId\":\"210987654321\",\"accessKeyId\":"
                + "\"AKIAPTGZ6JFEBZSDOXRL\",\"userName\":\"dev-maria\"},\"eventTime\":\"" + time + "\",\"eventSource\":\""
                + source + "\",\"eventName\":\"" + name + "\",\"awsRegion\":\"" + region + "\",\"sourceIPAddress\":"
                + "\"185.220.101.12\",\"userAgent\":\"aws-cli/1.32.60 botocore/1.34.60\",\"requestParameters\":" + request
                + ",\"responseElements\":null,\"requestID\":\"r-" + time + "\",\"eventID\":\"e-" + time + "\",\"readOnly\":"
                + "false,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"210987654321\","
                + "\"eventCategory\":\"Management\"}";
    }

    @Test
    void eachShareIsToldWithTheAccountItWentTo() throws Exception {
        Path records = dir.resolve("drill.jsonl");
        Files.writeString(records, String.join("\n",
                call("2026-03-11T15:20:00Z", "ec2.amazonaws.com", "ModifySnapshotAttribute", "us-west-2",
                        "{\"snapshotId\":\"snap-0a1b2c3d4e5f60718\",\"createVolumePermission\":{\"add\":{\"items\":"
                        + "[{\"userId\":\"" + OUTSIDE + "\"}]}},\"attributeType\":\"CREATE_VOLUME_PERMISSION\"}"),
                call("2026-03-11T15:25:00Z", "ec2.amazonaws.com", "ModifyImageAttribute", "eu-west-1",
                        "{\"imageId\":\"ami-0fedcba9876543210\",\"launchPermission\":{\"add\":{\"items\":[{\"userId\":\""
                        + OUTSIDE + "\"}]}},\"attributeType\":\"launchPermission\"}"),
                call("2026-03-11T15:30:00Z", "rds.amazonaws.com", "ModifyDBSnapshotAttribute", "us-east-1",
                        "{\"dBSnapshotIdentifier\":\"prod-customers-2026-03-10\",\"attributeName\":\"restore\","
                        + "\"valuesToAdd\":[\"" + OUTSIDE + "\"]}"),
                call("2026-03-11T15:31:00Z", "s3.amazonaws.com", "ListBuckets", "us-east-1", "null")) + "\n");
        List<String> told = ReportSummary.of(dir, records).stream().filter(s -> s.startsWith("Who may use")).toList();
        String by = " by arn:aws:iam::210987654321:user/dev-maria from 185.220.101.12 in ";
        assertEquals(List.of(
                "Who may use a snapshot, image or KMS key changed: ModifySnapshotAttribute: 1 call (1 succeeded)" + by
                        + "us-west-2, at 2026-03-11T15:20:00Z; naming " + OUTSIDE + ", snap-0a1b2c3d4e5f60718.",
                "Who may use a snapshot, image or KMS key changed: ModifyImageAttribute: 1 call (1 succeeded)" + by
                        + "eu-west-1, at 2026-03-11T15:25:00Z; naming " + OUTSIDE + ", ami-0fedcba9876543210.",
                "Who may use a snapshot, image or KMS key changed: ModifyDBSnapshotAttribute: 1 call (1 succeeded)" + by
                        + "us-east-1, at 2026-03-11T15:30:00Z; naming " + OUTSIDE + ", prod-customers-2026-03-10,"
                        + " restore."), told);
    }
}
