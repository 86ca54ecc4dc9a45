package io.trailkeeper.store.investigate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IAM Identity Center's sign-in events (CredentialChallenge, CredentialVerification with serviceEventDetails Success
 * or Failure, UserAuthentication) beside no console sign-in: password guessing there is not a ConsoleLogin, and the
 * logins answer says what it did not count.
 */
class IdentityCenterSignInsTest {
    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void load() throws IOException {
        Path file = dir.resolve("identity-center.jsonl");
        Files.writeString(file, String.join("\n",
                signIn("i1", "08:00:00", "CredentialChallenge", null),
                signIn("i2", "08:00:05", "CredentialVerification", "Failure"),
                signIn("i3", "08:00:10", "CredentialVerification", "Failure"),
                signIn("i4", "08:00:15", "CredentialVerification", "Success"),
                signIn("i5", "08:00:16", "UserAuthentication", null)) + "\n");
        store = IncidentStores.load(dir.resolve("identity-center.duckdb"), file);
    }

    @Test
    void theIdentityCenterSignInsAndTheirFailedCredentialsAreTold() {
        InvestigationResult r;
        try (EventStore s = IncidentStores.read(store)) {
            r = new Investigator(s, IncidentStores.CLOCK).run("logins", InvestigationArgs.none());
        }
        assertEquals(0, r.section("sign_ins").rows().size());
        assertTrue(r.notes().contains("not counted above: 1 IAM Identity Center sign-in (UserAuthentication) and 3"
                + " credential verifications (CredentialVerification), 2 failed at any time; query --event-source"
                + " signin --event-name 'Credential*,UserAuthentication' lists them"), r.notes().toString());
    }

    private static String signIn(String id, String time, String name, String verification) {
        return "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"Unknown\",\"principalId\":\"111122223333\","
                + "\"accountId\":\"111122223333\",\"accessKeyId\":\"\",\"userName\":\"alice\"},\"eventTime\":"
                + "\"2026-03-10T" + time + "Z\",\"eventSource\":\"signin.amazonaws.com\",\"eventName\":\"" + name + "\","
                + "\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"203.0.113.9\",\"userAgent\":\"Mozilla/5.0\","
                + "\"requestParameters\":null,\"responseElements\":null,\"additionalEventData\":{\"AuthWorkflowID\":"
                + "\"9de74b32\",\"CredentialType\":\"PASSWORD\"},\"eventID\":\"" + id + "\",\"readOnly\":false,"
                + "\"eventType\":\"AwsServiceEvent\",\"managementEvent\":true,\"recipientAccountId\":\"111122223333\","
                + (verification == null ? "" : "\"serviceEventDetails\":{\"CredentialVerification\":\"" + verification
                + "\"},") + "\"eventCategory\":\"Management\"}";
    }
}
