package io.trailkeeper.store.investigate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.store.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deleted-trail drill: a CI key stolen, used from 198.51.100.77 to make a backdoor user svc-backup with a key of its
 * own and AdministratorAccess; the backdoor key then stopped and deleted the trail, launched instances in sa-east-1
 * and read a secret. key on the stolen key listed the CreateAccessKey among what it created and said nothing of what
 * the new key did: the story of the intrusion stopped where the intruder changed keys. A note now follows each key the
 * subject made to its calls.
 */
class KeysMadeTest {
    private static final String STOLEN = "AKIAQCIDEPLOY0STOLEN";
    private static final String BACKDOOR = "AKIAQSVCBACKUPDOOR01";
    private static final String UNUSED = "AKIAQSVCSPARE0KEY002";

    @TempDir
    Path dir;

    private static String call(String time, String region, String user, String key, String source, String name,
            String request, String response, String error) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDAQ" + user
                .toUpperCase(java.util.Locale.ROOT).replace("-", "") + "\",\"arn\":\"arn:aws:iam::123456789012:user/"
                + user + "\",\"accountId\":\"123456789012\",\"accessKeyId\":\"" + key + "\",\"userName\":\"" + user
                + "\"},\"eventTime\":\"" + time + "\",\"eventSource\":\"" + source + "\",\"eventName\":\"" + name
                + "\",\"awsRegion\":\"" + region + "\",\"sourceIPAddress\":\"198.51.100.77\",\"userAgent\":\"aws-cli/2\","
                + (error == null ? "" : "\"errorCode\":\"" + error + "\",\"errorMessage\":\"denied\",")
                + "\"requestParameters\":" + request + ",\"responseElements\":" + response + ",\"eventID\":\"" + time
                + name + "\",\"readOnly\":false,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,"
                + "\"recipientAccountId\":\"123456789012\",\"eventCategory\":\"Management\"}";
    }

    private static String createAccessKey(String time, String made) {
        return call(time, "us-east-1", "ci-deploy", STOLEN, "iam.amazonaws.com", "CreateAccessKey",
                "{\"userName\":\"svc-backup\"}", "{\"accessKey\":{\"userName\":\"svc-backup\",\"accessKeyId\":\""
                        + made + "\",\"status\":\"Active\",\"createDate\":\"Mar 8, 2026 9:21:00 AM\"}}", null);
    }

    private List<String> notes(String investigation, String subject) throws Exception {
        String trail = "{\"name\":\"org-main\"}";
        List<String> lines = List.of(
                call("2026-03-08T09:00:00Z", "us-east-1", "ci-deploy", STOLEN, "sts.amazonaws.com",
                        "GetCallerIdentity", "null", "null", null),
                call("2026-03-08T09:20:00Z", "us-east-1", "ci-deploy", STOLEN, "iam.amazonaws.com", "CreateUser",
                        "{\"userName\":\"svc-backup\"}", "null", null),
                createAccessKey("2026-03-08T09:21:00Z", BACKDOOR),
                createAccessKey("2026-03-08T09:23:00Z", UNUSED),
                call("2026-03-08T09:31:00Z", "us-east-1", "svc-backup", BACKDOOR, "cloudtrail.amazonaws.com",
                        "StopLogging", trail, "null", null),
                call("2026-03-08T09:32:00Z", "us-east-1", "svc-backup", BACKDOOR, "cloudtrail.amazonaws.com",
                        "DeleteTrail", trail, "null", null),
                call("2026-03-08T09:40:00Z", "sa-east-1", "svc-backup", BACKDOOR, "ec2.amazonaws.com",
                        "RunInstances", "{\"instanceType\":\"c5.24xlarge\"}", "null", "VcpuLimitExceeded"),
                call("2026-03-08T09:50:00Z", "us-east-1", "svc-backup", BACKDOOR, "secretsmanager.amazonaws.com",
                        "GetSecretValue", "{\"secretId\":\"prod/db-password\"}", "null", null));
        Path file = dir.resolve("drill.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        Path store = IncidentStores.load(dir.resolve("drill.duckdb"), file);
        try (EventStore s = IncidentStores.read(store)) {
            return new Investigator(s, IncidentStores.CLOCK).run(investigation, InvestigationArgs.of(subject)).notes()
                    .stream().filter(n -> n.contains(" made access key ")).toList();
        }
    }

    @Test
    void theStolenKeysStoryFollowsTheKeysItMade() throws Exception {
        assertEquals(List.of("key " + STOLEN + " made access key " + BACKDOOR + " for IAM user svc-backup at"
                + " 2026-03-08T09:21:00Z; it made 4 calls (1 refused) from 2026-03-08T09:31:00Z to 2026-03-08T09:50:00Z,"
                + " from 198.51.100.77, in sa-east-1, us-east-1: DeleteTrail, GetSecretValue, RunInstances, StopLogging"
                + " (investigate key " + BACKDOOR + " tells its story)",
                "key " + STOLEN + " made access key " + UNUSED + " for IAM user svc-backup at 2026-03-08T09:23:00Z;"
                + " the store holds no call made with it (not used, or used where nothing was collected); it works"
                + " until deleted (aws iam delete-access-key --user-name svc-backup --access-key-id " + UNUSED + ")"),
                notes("key", STOLEN));
    }

    /** The backdoor key's own story: the command that tells whether it is still active names its user. */
    @Test
    void theCommandThatTellsWhetherTheBackdoorKeyIsActiveNamesItsUser() throws Exception {
        notes("key", BACKDOOR);
        try (EventStore s = IncidentStores.read(dir.resolve("drill.duckdb"))) {
            List<String> status = new Investigator(s, IncidentStores.CLOCK).run("key", InvestigationArgs.of(BACKDOOR))
                    .notes().stream().filter(n -> n.contains("list-access-keys")).toList();
            assertEquals(List.of("the store holds no UpdateAccessKey or DeleteAccessKey of key " + BACKDOOR + ": whether"
                    + " it is still active cannot be told from it (aws iam list-access-keys --user-name svc-backup tells"
                    + " it now)"), status);
        }
    }

    @Test
    void theActorsStoryToo() throws Exception {
        List<String> notes = notes("actor", "ci-deploy");
        assertEquals(2, notes.size(), notes.toString());
        assertEquals(true, notes.get(0).startsWith("'ci-deploy' made access key " + BACKDOOR + " for IAM user"
                + " svc-backup at 2026-03-08T09:21:00Z; it made 4 calls"), notes.get(0));
    }
}
