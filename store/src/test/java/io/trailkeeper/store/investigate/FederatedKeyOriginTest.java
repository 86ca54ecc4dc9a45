package io.trailkeeper.store.investigate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A root takeover drill (13): the backdoor user svc-backup's key called GetFederationToken (name backup-sync, 36 hours)
 * and the federated user's key then read from a Tor exit in four regions. key on the federated user's key said "the call
 * that created or issued key ... is not in the store (it may predate what was collected...)", though the
 * GetFederationToken that issued it was, a minute before its first call: the key's own events name no IAM user (type
 * FederatedUser) and the origin looked only for a user's or a role session's issuing call. A federated user's key is
 * now traced to the IAM user its sessionIssuer names.
 */
class FederatedKeyOriginTest {
    private static final String ACCOUNT = "493827160512";
    private static final String FEDERATED_KEY = "ASIAXK7Q2K9FEDTOK01Z";
    private static final String USER = "arn:aws:iam::" + ACCOUNT + ":user/svc-backup";
    private static final String FEDERATED = "arn:aws:sts::" + ACCOUNT + ":federated-user/backup-sync";

    @TempDir
    Path dir;

    private static String event(String time, String identity, String ip, String name, String request,
                                String response) {
        return "{\"eventVersion\":\"1.08\",\"userIdentity\":" + identity + ",\"eventTime\":\"" + time + "\","
                + "\"eventSource\":\"sts.amazonaws.com\",\"eventName\":\"" + name + "\",\"awsRegion\":\"us-east-1\","
                + "\"sourceIPAddress\":\"" + ip + "\",\"userAgent\":\"Boto3/1.35.66\",\"requestParameters\":" + request
                + ",\"responseElements\":" + response + ",\"eventID\":\"" + name + time + "\",\"readOnly\":true,"
                + "\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"" + ACCOUNT + "\","
                + "\"eventCategory\":\"Management\"}";
    }

    @Test
    void aFederatedUsersKeyComesFromItsUsersGetFederationToken() throws Exception {
        String user = "{\"type\":\"IAMUser\",\"principalId\":\"AIDAXK7Q2K9SVCBKP01\",\"arn\":\"" + USER + "\","
                + "\"accountId\":\"" + ACCOUNT + "\",\"accessKeyId\":\"AKIAXK7Q2K9SVCBKPK3Y\",\"userName\":\"svc-backup\"}";
        String federated = "{\"type\":\"FederatedUser\",\"principalId\":\"" + ACCOUNT + ":backup-sync\",\"arn\":\""
                + FEDERATED + "\",\"accountId\":\"" + ACCOUNT + "\",\"accessKeyId\":\"" + FEDERATED_KEY + "\","
                + "\"sessionContext\":{\"sessionIssuer\":{\"type\":\"IAMUser\",\"principalId\":\"AIDAXK7Q2K9SVCBKP01\","
                + "\"arn\":\"" + USER + "\",\"accountId\":\"" + ACCOUNT + "\",\"userName\":\"svc-backup\"},"
                + "\"webIdFederationData\":{},\"attributes\":{\"creationDate\":\"2026-11-18T03:40:18Z\","
                + "\"mfaAuthenticated\":\"false\"}}}";
        Path file = dir.resolve("federated.jsonl");
        Files.writeString(file, String.join("\n",
                event("2026-11-18T03:40:18Z", user, "45.137.21.9", "GetFederationToken",
                        "{\"name\":\"backup-sync\",\"durationSeconds\":129600}",
                        "{\"credentials\":{\"accessKeyId\":\"" + FEDERATED_KEY + "\",\"sessionToken\":\"IQoJ\","
                                + "\"expiration\":\"Nov 19, 2026, 3:40:18 PM\"},\"federatedUser\":{\"federatedUserId\":"
                                + "\"" + ACCOUNT + ":backup-sync\",\"arn\":\"" + FEDERATED + "\"},\"packedPolicySize\":9}"),
                event("2026-11-18T03:41:02Z", federated, "185.220.101.47", "GetCallerIdentity", "null", "null"))
                + "\n");
        Path store = IncidentStores.load(dir.resolve("federated.duckdb"), file);
        try (EventStore s = IncidentStores.read(store)) {
            List<String> notes = new Investigator(s, IncidentStores.CLOCK).run("key",
                    InvestigationArgs.of(FEDERATED_KEY)).notes();
            assertTrue(notes.contains("key " + FEDERATED_KEY + " was issued by GetFederationToken at"
                    + " 2026-11-18T03:40:18Z by " + USER + " from 45.137.21.9, for " + FEDERATED), String.join("\n", notes));
        }
    }
}
