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
 * What a leaked key changed, as its story tells it: the calls of the verbs that share, change or delete as well as
 * those that create (a snapshot, an image and a DB snapshot shared with another account; a key deleted), readOnly
 * recorded or not, but neither reads, refused calls nor a deployment's routine UpdateStack; and what became of the
 * key (made Inactive, deleted), by whoever did it.
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

    /** The key's story over these records, loaded into a store of their own named {@code name}. */
    private InvestigationResult keyStory(String name, String... records) throws IOException {
        return keyStory(name, InvestigationArgs.of(KEY), records);
    }

    private InvestigationResult keyStory(String name, InvestigationArgs args, String... records) throws IOException {
        Path file = dir.resolve(name + ".jsonl");
        Files.writeString(file, String.join("\n", records) + "\n");
        try (var s = IncidentStores.read(IncidentStores.load(dir.resolve(name + ".duckdb"), file))) {
            return new Investigator(s, IncidentStores.CLOCK).run("key", args);
        }
    }

    /** The responder's UpdateAccessKey from the console, through an IAM Identity Center role session. */
    private static String deactivate(String time, String key, String error) {
        return "{\"eventVersion\":\"1.11\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":"
                + "\"AROAZ3ADMINEXAMPLE01:alice@acme.example\",\"arn\":\"arn:aws:sts::210987654321:assumed-role/"
                + "AWSReservedSSO_Admin_0123456789abcdef/alice@acme.example\",\"accountId\":\"210987654321\","
                + "\"accessKeyId\":\"ASIAZ3ADMINEXAMPLE01\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\","
                + "\"principalId\":\"AROAZ3ADMINEXAMPLE01\",\"arn\":\"arn:aws:iam::210987654321:role/aws-reserved/"
                + "sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef\",\"accountId\":\"210987654321\",\"userName\":"
                + "\"AWSReservedSSO_Admin_0123456789abcdef\"},\"attributes\":{\"creationDate\":\"2026-03-10T19:00:00Z\","
                + "\"mfaAuthenticated\":\"false\"}}},\"eventTime\":\"" + time + "\",\"eventSource\":\"iam.amazonaws.com\","
                + "\"eventName\":\"UpdateAccessKey\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"192.0.2.10\","
                + "\"userAgent\":\"AWS Internal\",\"requestParameters\":{\"userName\":\"dev-maria\",\"accessKeyId\":\""
                + key + "\",\"status\":\"Inactive\"},\"responseElements\":null," + (error == null ? ""
                : "\"errorCode\":\"" + error + "\",\"errorMessage\":\"not authorized\",") + "\"requestID\":\"u-" + time
                + "\",\"eventID\":\"u-" + time + "\",\"readOnly\":false,\"eventType\":\"AwsApiCall\",\"managementEvent\":"
                + "true,\"recipientAccountId\":\"210987654321\",\"eventCategory\":\"Management\","
                + "\"sessionCredentialFromConsole\":\"true\"}";
    }

    @Test
    void whatBecameOfTheKeysIsToldWhoeverActedOnThem() throws IOException {
        Path file = dir.resolve("status.jsonl");
        Files.writeString(file, String.join("\n",
                call("2026-03-10T14:14:00Z", "sts.amazonaws.com", "GetCallerIdentity", "us-east-1", "null", "true", null),
                call("2026-03-10T16:08:00Z", "iam.amazonaws.com", "DeleteAccessKey", "us-east-1",
                        "{\"userName\":\"svc-backup\",\"accessKeyId\":\"AKIAGQNBQRMKTSXFVYPL\"}", "false", null),
                deactivate("2026-03-10T20:05:00Z", KEY, "AccessDenied"),
                deactivate("2026-03-10T20:10:00Z", KEY, null),
                deactivate("2026-03-10T20:12:00Z", "AKIAOTHERKEYEXAMPLE1", null)) + "\n");
        Path store = IncidentStores.load(dir.resolve("status.duckdb"), file);
        try (var s = IncidentStores.read(store)) {
            Investigator investigator = new Investigator(s, IncidentStores.CLOCK);
            InvestigationResult leaked = investigator.run("key", InvestigationArgs.of(KEY));
            assertEquals(List.of("UpdateAccessKey", "UpdateAccessKey"),
                    rows(leaked.section("status")).stream().map(m -> m.get("call")).toList());
            assertTrue(leaked.notes().contains("key " + KEY + " was an attempt to be made Inactive refused"
                    + " (AccessDenied) at 2026-03-10T20:05:00Z by arn:aws:sts::210987654321:assumed-role/"
                    + "AWSReservedSSO_Admin_0123456789abcdef/alice@acme.example (key ASIAZ3ADMINEXAMPLE01) from"
                    + " 192.0.2.10; then made Inactive at 2026-03-10T20:10:00Z by arn:aws:sts::210987654321:assumed-role/"
                    + "AWSReservedSSO_Admin_0123456789abcdef/alice@acme.example (key ASIAZ3ADMINEXAMPLE01) from"
                    + " 192.0.2.10"), leaked.notes().toString());
            // a key made and deleted by the intruder, never used: its end is told beside its origin
            InvestigationResult made = investigator.run("key", InvestigationArgs.of("AKIAGQNBQRMKTSXFVYPL"));
            assertEquals("Deleted", rows(made.section("status")).get(0).get("status"));
            assertTrue(made.notes().contains("key AKIAGQNBQRMKTSXFVYPL was deleted at 2026-03-10T16:08:00Z by"
                    + " arn:aws:iam::210987654321:user/dev-maria (key " + KEY + ") from 185.220.101.12"),
                    made.notes().toString());
            InvestigationResult never = investigator.run("key", InvestigationArgs.of("AKIANOSTATUSEXAMPLE1"));
            assertTrue(never.notes().contains("the store holds no UpdateAccessKey or DeleteAccessKey of key"
                    + " AKIANOSTATUSEXAMPLE1: whether it is still active cannot be told from it (aws iam list-access-keys"
                    + " --user-name USER tells it now)"), never.notes().toString());
        }
    }

    @Test
    void theSharesAndTheDeletedKeyAreAmongWhatTheKeyChanged() throws IOException {
        InvestigationResult r = keyStory("drill",
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
                // a deployment's routine change, as a CI key makes hundreds: not among the verbs told
                call("2026-03-10T15:45:00Z", "cloudformation.amazonaws.com", "UpdateStack", "us-east-1",
                        "{\"stackName\":\"acme-app\"}", "false", null),
                call("2026-03-10T15:50:00Z", "secretsmanager.amazonaws.com", "GetSecretValue", "us-east-1",
                        "{\"secretId\":\"prod/app00/credentials\"}", "true", null),
                call("2026-03-10T16:08:00Z", "iam.amazonaws.com", "DeleteAccessKey", "us-east-1",
                        "{\"userName\":\"svc-backup\",\"accessKeyId\":\"AKIAGQNBQRMKTSXFVYPL\"}", "false", null));
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

    @Test
    void theSecretsWhoseValuesTheKeyWasGivenAreListed() throws IOException {
        // 3 secrets in two regions, one read twice, one refused; a parameter read with decryption
        String secret = "arn:aws:secretsmanager:us-east-1:210987654321:secret:prod/app00/credentials-Ax9Q2z";
        String other = "arn:aws:secretsmanager:eu-west-1:210987654321:secret:prod/app01/credentials-Bx9Q2z";
        String refused = "arn:aws:secretsmanager:us-east-1:210987654321:secret:prod/payroll/db-Cx9Q2z";
        InvestigationResult r = keyStory("secrets",
                call("2026-03-10T15:50:00Z", "secretsmanager.amazonaws.com", "ListSecrets", "us-east-1",
                        "{\"maxResults\":100}", "true", null),
                call("2026-03-10T15:51:00Z", "secretsmanager.amazonaws.com", "GetSecretValue", "us-east-1",
                        "{\"secretId\":\"" + secret + "\"}", "true", null),
                call("2026-03-10T15:51:08Z", "secretsmanager.amazonaws.com", "GetSecretValue", "us-east-1",
                        "{\"secretId\":\"" + secret + "\"}", "true", null),
                call("2026-03-10T15:51:16Z", "secretsmanager.amazonaws.com", "GetSecretValue", "us-east-1",
                        "{\"secretId\":\"" + refused + "\"}", "true", "AccessDeniedException"),
                call("2026-03-10T15:54:12Z", "secretsmanager.amazonaws.com", "GetSecretValue", "eu-west-1",
                        "{\"secretId\":\"" + other + "\"}", "true", null),
                call("2026-03-10T15:56:00Z", "ssm.amazonaws.com", "GetParameter", "eu-west-1",
                        "{\"name\":\"/prod/api/token\",\"withDecryption\":true}", "true", null));
        List<Map<String, Object>> read = rows(r.section("secrets_read"));
        assertEquals(List.of(secret, "/prod/api/token", other), read.stream().map(m -> m.get("name")).toList());
        assertEquals(2L, read.get(0).get("reads"));
        assertEquals("ssm.amazonaws.com", read.get(1).get("service"));
        assertTrue(r.notes().contains("key " + KEY + " was given the values of 3 secrets or parameters (4 reads, in 2"
                + " regions, from 185.220.101.12): " + secret + ", /prod/api/token, " + other + " (secrets_read lists them; rotate what they"
                + " hold)"), r.notes().toString());
    }

    @Test
    void aSecretIsNamedByTheRequestsSecretIdNotItsVersionIdOrABatchReadsFilterKey() throws IOException {
        // the resources column holds a GetSecretValue's versionId and a BatchGetSecretValue filter's key (tag-key)
        String secret = "arn:aws:secretsmanager:us-east-1:210987654321:secret:prod/app00/credentials-Ax9Q2z";
        InvestigationResult r = keyStory("versions",
                call("2026-03-10T15:51:00Z", "secretsmanager.amazonaws.com", "GetSecretValue", "us-east-1",
                        "{\"secretId\":\"" + secret + "\",\"versionId\":\"EFADA32A-134C-40A6-880A-6C1421FFD45F\"}",
                        "true", null),
                call("2026-03-10T15:52:00Z", "secretsmanager.amazonaws.com", "BatchGetSecretValue", "us-east-1",
                        "{\"secretIdList\":[\"prod/app01/api\",\"prod/app02/api\"]}", "true", null),
                call("2026-03-10T15:53:00Z", "secretsmanager.amazonaws.com", "BatchGetSecretValue", "us-east-1",
                        "{\"filters\":[{\"key\":\"tag-key\",\"values\":[\"team\"]}]}", "true", null),
                call("2026-03-10T15:54:00Z", "ssm.amazonaws.com", "GetParametersByPath", "us-east-1",
                        "{\"path\":\"/prod/\",\"recursive\":true,\"withDecryption\":true}", "true", null));
        assertEquals(List.of("(BatchGetSecretValue: no name recorded)", "/prod/ (and below)", secret,
                "prod/app01/api", "prod/app02/api"), rows(r.section("secrets_read")).stream()
                .map(m -> m.get("name")).toList());
    }

    @Test
    void aSecretsListCutToTheLimitIsCountedAsAFloor() throws IOException {
        // --limit 2 over 3 secrets read: the note counts the 2 most read, and says there were more
        InvestigationResult r = keyStory("cut", new InvestigationArgs(KEY, null, null, null, null, null, 2),
                call("2026-03-10T15:51:00Z", "secretsmanager.amazonaws.com", "GetSecretValue", "us-east-1",
                        "{\"secretId\":\"prod/a\"}", "true", null),
                call("2026-03-10T15:51:10Z", "secretsmanager.amazonaws.com", "GetSecretValue", "us-east-1",
                        "{\"secretId\":\"prod/a\"}", "true", null),
                call("2026-03-10T15:52:00Z", "secretsmanager.amazonaws.com", "GetSecretValue", "us-east-1",
                        "{\"secretId\":\"prod/b\"}", "true", null),
                call("2026-03-10T15:53:00Z", "secretsmanager.amazonaws.com", "GetSecretValue", "us-east-1",
                        "{\"secretId\":\"prod/c\"}", "true", null));
        assertTrue(r.notes().contains("key " + KEY + " was given the values of more than 2 secrets or parameters (of"
                + " the 2 most read, 3 reads, in 1 region, from 185.220.101.12): prod/a, prod/b (secrets_read lists them; rotate what they"
                + " hold)"), r.notes().toString());
    }
}
