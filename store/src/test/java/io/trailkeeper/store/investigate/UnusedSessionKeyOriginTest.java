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

    /** The data-reader session's object read, a data event only a trail's selectors record. */
    private static final String GET_OBJECT = "{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"AssumedRole\","
            + "\"principalId\":\"AROA4DATAREADERROLE1:x\",\"arn\":\"arn:aws:sts::444455556666:assumed-role/data-reader/x\","
            + "\"accountId\":\"444455556666\",\"accessKeyId\":\"" + SESSION_KEY + "\"},\"eventTime\":"
            + "\"2026-11-27T00:15:00Z\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\",\"awsRegion\":"
            + "\"eu-west-1\",\"sourceIPAddress\":\"45.142.120.9\",\"userAgent\":\"[aws-cli/2.15.0]\",\"requestParameters\":"
            + "{\"bucketName\":\"acme-customer-exports\",\"key\":\"export-1.csv\"},\"responseElements\":null,"
            + "\"eventID\":\"get1\",\"readOnly\":true,\"resources\":[{\"type\":\"AWS::S3::Object\",\"ARN\":"
            + "\"arn:aws:s3:::acme-customer-exports/export-1.csv\"}],\"eventType\":\"AwsApiCall\",\"managementEvent\":"
            + "false,\"recipientAccountId\":\"444455556666\",\"eventCategory\":\"Data\"}";

    private InvestigationResult key(String key, InvestigationArgs args) throws Exception {
        return key(key, args, false);
    }

    private InvestigationResult key(String key, InvestigationArgs args, boolean dataEvents) throws Exception {
        Path file = dir.resolve("history.jsonl");
        Files.writeString(file, String.join("\n",
                assumeRole("2026-11-26T22:40:00Z", "ops-admin", "ASIA4ATTACKSESSION01", null),
                assumeRole("2026-11-26T22:42:00Z", "data-reader", SESSION_KEY, null),
                assumeRole("2026-11-26T22:43:00Z", "data-reader", null, "AccessDenied"))
                + (dataEvents ? "\n" + GET_OBJECT : "") + "\n");
        Path store = IncidentStores.load(dir.resolve(dataEvents + ".duckdb"), file);
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

    @Test
    void aSessionThatMadeNoCallOnDaysWithoutDataEventsIsNotSaidToHaveDoneNothing() throws Exception {
        InvestigationResult r = key("AKIA4SVCBACKUPKEY001", InvestigationArgs.of("AKIA4SVCBACKUPKEY001"));
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("session key ASIA4ATTACKSESSION02: 0 calls")),
                r.notes().toString());
        assertTrue(r.notes().contains("session keys ASIA4ATTACKSESSION01, ASIA4ATTACKSESSION02 made no management call"
                + " in the store, and the store holds no data events of the days they could be used: whether"
                + " they read or wrote S3 objects, changed DynamoDB items or invoked Lambda functions cannot be told (the"
                + " event history never holds data events; only a trail's data event selectors record them)"),
                r.notes().toString());
    }

    @Test
    void aSessionWhoseCallsFallAfterTheWindowIsNotSaidToHaveMadeNone() throws Exception {
        // the data-reader session listed the buckets after the window's end: the store holds that call
        String listBuckets = GET_OBJECT.replace("\"s3.amazonaws.com\",\"eventName\":\"GetObject\"",
                "\"s3.amazonaws.com\",\"eventName\":\"ListBuckets\"").replace("\"get1\"", "\"list1\"")
                .replace("\"managementEvent\":false", "\"managementEvent\":true")
                .replace("\"eventCategory\":\"Data\"", "\"eventCategory\":\"Management\"");
        Path file = dir.resolve("after.jsonl");
        Files.writeString(file, String.join("\n",
                assumeRole("2026-11-26T22:40:00Z", "ops-admin", "ASIA4ATTACKSESSION01", null),
                assumeRole("2026-11-26T22:42:00Z", "data-reader", SESSION_KEY, null), listBuckets) + "\n");
        Path store = IncidentStores.load(dir.resolve("after.duckdb"), file);
        InvestigationResult r;
        try (EventStore s = IncidentStores.read(store)) {
            r = new Investigator(s, IncidentStores.CLOCK).run("key", new InvestigationArgs("AKIA4SVCBACKUPKEY001",
                    null, Instant.parse("2026-11-26T23:59:59Z"), null, null, null, null));
        }
        assertEquals(List.of("session key ASIA4ATTACKSESSION01 made no management call in the store, and the store"
                + " holds no data events of the days it could be used: whether it read or wrote S3 objects, changed"
                + " DynamoDB items or invoked Lambda functions cannot be told (the event history never holds data"
                + " events; only a trail's data event selectors record them)"),
                r.notes().stream().filter(n -> n.contains("made no management call")).toList());
    }

    @Test
    void withDataEventsOfThoseDaysTheSessionsNoCallsStand() throws Exception {
        InvestigationResult r = key("AKIA4SVCBACKUPKEY001", InvestigationArgs.of("AKIA4SVCBACKUPKEY001"), true);
        assertTrue(r.notes().stream().noneMatch(n -> n.contains("made no management call")), r.notes().toString());
    }
}
