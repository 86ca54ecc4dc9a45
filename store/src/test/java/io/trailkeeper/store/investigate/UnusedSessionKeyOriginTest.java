package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.IncidentStores.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session key that made no management call (an attacker's role session that only read S3 objects, data events the
 * event history never holds) was "not in the store (it may predate what was collected, or be in a region or account
 * not collected)", though the AssumeRole whose response issued it was in the store: a false lead to collection that
 * was complete, and nothing said who got the session. Found in a drill of a breach collected from the event history.
 */
class UnusedSessionKeyOriginTest {
    private static final String SESSION_KEY = "ASIA4ATTACKSESSION02";

    @TempDir
    Path dir;

    private static String assumeRole(String time, String role, String sessionKey, String error) {
        return "{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDA4SVCBACKUP000001\","
                + "\"arn\":\"arn:aws:iam::444455556666:user/svc-backup\",\"accountId\":\"444455556666\",\"accessKeyId\":"
                + "\"AKIA4SVCBACKUPKEY001\",\"userName\":\"svc-backup\"},\"eventTime\":\"" + time + "\",\"eventSource\":"
                + "\"sts.amazonaws.com\",\"eventName\":\"AssumeRole\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":"
                + "\"45.142.120.9\",\"userAgent\":\"aws-cli/2.15.0\",\"requestParameters\":{\"roleArn\":"
                + "\"arn:aws:iam::444455556666:role/" + role + "\",\"roleSessionName\":\"x\"},"
                + (error == null ? "\"responseElements\":{\"credentials\":{\"accessKeyId\":\"" + sessionKey + "\","
                        + "\"expiration\":\"Nov 27, 2026, 11:42:00 AM\"},\"assumedRoleUser\":{\"assumedRoleId\":"
                        + "\"AROA4DATAREADERROLE1:x\",\"arn\":\"arn:aws:sts::444455556666:assumed-role/" + role + "/x\"}},"
                        : "\"errorCode\":\"" + error + "\",\"responseElements\":null,")
                + "\"requestID\":\"r" + time + "\",\"eventID\":\"e" + time + "\",\"readOnly\":true,\"resources\":[{"
                + "\"accountId\":\"444455556666\",\"type\":\"AWS::IAM::Role\",\"ARN\":\"arn:aws:iam::444455556666:role/"
                + role + "\"}],\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":"
                + "\"444455556666\",\"eventCategory\":\"Management\"}";
    }

    private InvestigationResult key(String key, InvestigationArgs args) throws Exception {
        Path file = dir.resolve("history.jsonl");
        Files.writeString(file, String.join("\n",
                assumeRole("2026-11-26T22:40:00Z", "ops-admin", "ASIA4ATTACKSESSION01", null),
                assumeRole("2026-11-26T22:42:00Z", "data-reader", SESSION_KEY, null),
                assumeRole("2026-11-26T22:43:00Z", "data-reader", null, "AccessDenied")) + "\n");
        Path store = IncidentStores.load(dir.resolve("s.duckdb"), file);
        try (EventStore s = IncidentStores.read(store)) {
            return new Investigator(s, IncidentStores.CLOCK).run("key", args);
        }
    }

    @Test
    void aSessionKeyThatMadeNoCallComesFromTheAssumeRoleThatIssuedIt() throws Exception {
        InvestigationResult r = key(SESSION_KEY, InvestigationArgs.of(SESSION_KEY));
        List<Map<String, Object>> origin = rows(r.section("origin"));
        assertEquals(1, origin.size(), origin.toString());
        assertEquals("AssumeRole", origin.get(0).get("call"));
        assertEquals(Instant.parse("2026-11-26T22:42:00Z"), origin.get(0).get("event_time"));
        assertEquals("arn:aws:iam::444455556666:role/data-reader", origin.get(0).get("issued_to"));
        assertTrue(r.notes().contains("key " + SESSION_KEY + " was issued by AssumeRole at 2026-11-26T22:42:00Z by"
                + " arn:aws:iam::444455556666:user/svc-backup from 45.142.120.9, for"
                + " arn:aws:iam::444455556666:role/data-reader"), r.notes().toString());
    }

    @Test
    void aWindowEndingBeforeTheSessionWasIssuedDoesNotFindIt() throws Exception {
        InvestigationArgs before = new InvestigationArgs(SESSION_KEY, null, Instant.parse("2026-11-26T22:41:00Z"), null,
                null, null, null);
        InvestigationResult r = key(SESSION_KEY, before);
        assertTrue(rows(r.section("origin")).isEmpty(), r.section("origin").rows().toString());
    }

    @Test
    void aSessionKeyNoResponseIssuedIsStillNotInTheStore() throws Exception {
        InvestigationResult r = key("ASIA4NEVERISSUED0001", InvestigationArgs.of("ASIA4NEVERISSUED0001"));
        assertTrue(rows(r.section("origin")).isEmpty());
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("the call that created or issued key"
                + " ASIA4NEVERISSUED0001 is not in the store")), r.notes().toString());
    }
}
