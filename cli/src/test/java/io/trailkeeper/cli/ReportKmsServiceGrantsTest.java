package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's summary counted every KMS CreateGrant among the calls that change who may use a key, the grants EC2
 * and RDS make for a user's own encrypted volume or database (userIdentity.invokedBy, type AWSService, a service as
 * the sourceIPAddress) among them: on a busy account thousands, hiding the one grant a principal made for another
 * account. Those are told apart now, counted with their services; a grant a principal made is still told, one whose
 * userAgent (which any caller sets) names a service too.
 */
class ReportKmsServiceGrantsTest {
    private static final String MARIA = "{\"type\":\"IAMUser\",\"principalId\":\"AIDAZ3MARIA5DEV7XYZQ\","
            + "\"arn\":\"arn:aws:iam::210987654321:user/dev-maria\",\"accountId\":\"210987654321\",\"accessKeyId\":"
            + "\"AKIAPTGZ6JFEBZSDOXRL\",\"userName\":\"dev-maria\"";
    private static final String KEY = "arn:aws:kms:us-east-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    @TempDir
    Path dir;

    private static String grant(String time, String identity, String sourceIp, String userAgent, String grantee) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":" + identity + ",\"eventTime\":\"" + time + "\","
                + "\"eventSource\":\"kms.amazonaws.com\",\"eventName\":\"CreateGrant\",\"awsRegion\":\"us-east-1\","
                + "\"sourceIPAddress\":\"" + sourceIp + "\",\"userAgent\":\"" + userAgent + "\",\"requestParameters\":"
                + "{\"keyId\":\"" + KEY + "\",\"granteePrincipal\":\"" + grantee + "\",\"operations\":[\"Decrypt\"]},"
                + "\"responseElements\":{\"grantId\":\"g-" + time + "\",\"keyId\":\"" + KEY + "\"},\"requestID\":\"r-"
                + time + "\",\"eventID\":\"e-" + time + "\",\"readOnly\":false,\"resources\":[{\"accountId\":"
                + "\"210987654321\",\"type\":\"AWS::KMS::Key\",\"ARN\":\"" + KEY + "\"}],\"eventType\":\"AwsApiCall\","
                + "\"managementEvent\":true,\"recipientAccountId\":\"210987654321\",\"eventCategory\":\"Management\"}";
    }

    @Test
    void grantsServicesMadeForAPrincipalAreCountedApart() throws Exception {
        Path records = dir.resolve("grants.jsonl");
        Files.writeString(records, String.join("\n",
                // EBS: EC2 creates the grant for the user attaching an encrypted volume
                grant("2026-03-11T10:00:00Z", MARIA + ",\"invokedBy\":\"ec2.amazonaws.com\"}", "ec2.amazonaws.com",
                        "ec2.amazonaws.com", "210987654321:aws:ec2-infrastructure:i-0abc"),
                grant("2026-03-11T10:05:00Z", MARIA + ",\"invokedBy\":\"ec2.amazonaws.com\"}", "ec2.amazonaws.com",
                        "ec2.amazonaws.com", "210987654321:aws:ec2-infrastructure:i-0abd"),
                // RDS, recorded with AWS Internal as the source
                grant("2026-03-11T10:10:00Z", MARIA + ",\"invokedBy\":\"rds.amazonaws.com\"}", "AWS Internal",
                        "AWS Internal", "rds.us-east-1.amazonaws.com"),
                // a service's own call
                grant("2026-03-11T10:15:00Z", "{\"type\":\"AWSService\",\"invokedBy\":\"secretsmanager.amazonaws.com\"}",
                        "secretsmanager.amazonaws.com", "secretsmanager.amazonaws.com", "secretsmanager.amazonaws.com"),
                // the one that matters: a principal's own grant to another account, its userAgent claiming a service
                grant("2026-03-11T11:00:00Z", MARIA + "}", "185.220.101.12", "ec2.amazonaws.com",
                        "arn:aws:iam::666677778888:root")) + "\n");
        List<String> told = ReportSummary.of(dir, records).stream().filter(s -> s.contains("CreateGrant")).toList();
        assertEquals(List.of(
                "Who may use a snapshot, image or KMS key changed: CreateGrant: 1 call (1 succeeded) by"
                        + " arn:aws:iam::210987654321:user/dev-maria from 185.220.101.12 in us-east-1, at"
                        + " 2026-03-11T11:00:00Z; naming 666677778888, arn:aws:iam::666677778888:root, " + KEY + ".",
                "Left out of the KMS key changes: 4 CreateGrant calls made by AWS services (ec2.amazonaws.com x2,"
                        + " rds.amazonaws.com x1, secretsmanager.amazonaws.com x1), for the service's own use of a key"
                        + " or on behalf of 1 principal (an encrypted EBS volume or RDS database of theirs); told by"
                        + " userIdentity.invokedBy, type AWSService or a service as the source, never the userAgent"
                        + " (`trailkeeper query --event-name CreateGrant` lists them)."), told);
    }
}
