package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.IncidentStores.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** key and actor over the split incident: the leaked CI key, its enumeration, what it made, the role it assumed. */
class StoryTest {
    static final String LEAKED = "AKIA4LEAKEDKEY7Q2XZP";
    static final String SESSION = "ASIA4SESSIONKEY0001X";

    @TempDir
    static Path dir;
    static Path incident;

    static Path invictus;
    static Path tokens;

    @BeforeAll
    static void load() throws java.io.IOException {
        incident = IncidentStores.load(dir.resolve("incident.duckdb"), IncidentStores.splitIncident());
        invictus = IncidentStores.load(dir.resolve("invictus.duckdb"),
                IncidentStores.shared("invictus-ir-aws_dataset/CloudTrail"));
        Path file = dir.resolve("session-token.jsonl");
        java.nio.file.Files.writeString(file, String.join("\n",
                call("AKIAMFAUSEREXAMPLE01", "IAMUser", "GetSessionToken", "2026-03-10T08:00:00Z", "s1",
                        "\"responseElements\":{\"credentials\":{\"accessKeyId\":\"ASIAMFASESSIONEXAMP1\","
                        + "\"expiration\":\"Mar 11, 2026, 8:00:00 AM\"}},"),
                call("ASIAMFASESSIONEXAMP1", "IAMUser", "ListBuckets", "2026-03-10T09:00:00Z", "s2", ""),
                call("ASIAMFASESSIONEXAMP1", "IAMUser", "GetCallerIdentity", "2026-03-11T07:00:00Z", "s3", "")) + "\n");
        tokens = IncidentStores.load(dir.resolve("tokens.duckdb"), file);
        Path samlFile = dir.resolve("saml.jsonl");
        java.nio.file.Files.writeString(samlFile, SAML_SIGN_IN + "\n" + SAML_SESSION_CALL + "\n");
        saml = IncidentStores.load(dir.resolve("saml.duckdb"), samlFile);
    }

    static Path saml;

    /**
     * A sign-in through an identity provider: the session's name comes from the assertion, and an
     * AssumeRoleWithSAML's request need not carry it (older records do not), only the role; the response holds
     * the session's key.
     */
    private static final String SAML_SIGN_IN = "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"SAMLUser\","
            + "\"principalId\":\"Z2R4bXBsZQ==:alice@example.com\",\"userName\":\"alice@example.com\","
            + "\"identityProvider\":\"Z2R4bXBsZQ==\"},\"eventTime\":\"2026-03-10T08:00:00Z\","
            + "\"eventSource\":\"sts.amazonaws.com\",\"eventName\":\"AssumeRoleWithSAML\",\"awsRegion\":\"us-east-1\","
            + "\"sourceIPAddress\":\"198.51.100.30\",\"userAgent\":\"Mozilla/5.0\",\"requestParameters\":{"
            + "\"sAMLAssertionID\":\"_7f3c\","
            + "\"principalArn\":\"arn:aws:iam::111122223333:saml-provider/Okta\","
            + "\"roleArn\":\"arn:aws:iam::111122223333:role/SSOAdmin\",\"durationSeconds\":3600},"
            + "\"responseElements\":{\"credentials\":{\"accessKeyId\":\"ASIASAMLSESSION00001\","
            + "\"expiration\":\"Mar 10, 2026, 9:00:00 AM\"},\"assumedRoleUser\":{\"assumedRoleId\":"
            + "\"AROASSOADMINEXAMPLE:alice@example.com\",\"arn\":"
            + "\"arn:aws:sts::111122223333:assumed-role/SSOAdmin/alice@example.com\"},\"subject\":\"alice\"},"
            + "\"eventID\":\"saml1\",\"readOnly\":true,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,"
            + "\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Management\"}";
    private static final String SAML_SESSION_CALL = "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":"
            + "\"AssumedRole\",\"principalId\":\"AROASSOADMINEXAMPLE:alice@example.com\",\"arn\":"
            + "\"arn:aws:sts::111122223333:assumed-role/SSOAdmin/alice@example.com\",\"accountId\":\"111122223333\","
            + "\"accessKeyId\":\"ASIASAMLSESSION00001\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\","
            + "\"principalId\":\"AROASSOADMINEXAMPLE\",\"arn\":\"arn:aws:iam::111122223333:role/SSOAdmin\","
            + "\"accountId\":\"111122223333\",\"userName\":\"SSOAdmin\"}}},\"eventTime\":\"2026-03-10T08:10:00Z\","
            + "\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"ListBuckets\",\"awsRegion\":\"us-east-1\","
            + "\"sourceIPAddress\":\"198.51.100.30\",\"userAgent\":\"aws-cli/2.15.30\",\"requestParameters\":null,"
            + "\"responseElements\":null,\"eventID\":\"saml2\",\"readOnly\":true,\"eventType\":\"AwsApiCall\","
            + "\"managementEvent\":true,\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Management\"}";

    /** A call by user dana with the key, its source sts or s3 by the call. */
    private static String call(String key, String type, String name, String time, String id, String response) {
        String source = name.equals("ListBuckets") ? "s3.amazonaws.com" : "sts.amazonaws.com";
        return "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"" + type + "\",\"principalId\":"
                + "\"AIDADANAEXAMPLE\",\"arn\":\"arn:aws:iam::111122223333:user/dana\",\"accountId\":"
                + "\"111122223333\",\"accessKeyId\":\"" + key + "\",\"userName\":\"dana\"},\"eventTime\":\""
                + time + "\",\"eventSource\":\"" + source + "\",\"eventName\":\"" + name + "\",\"awsRegion\":"
                + "\"us-east-1\",\"sourceIPAddress\":\"198.51.100.20\",\"userAgent\":\"aws-cli/2.15.30\","
                + "\"requestParameters\":null," + response + "\"eventID\":\"" + id + "\",\"readOnly\":true,"
                + "\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"111122223333\","
                + "\"eventCategory\":\"Management\"}";
    }

    private static InvestigationResult run(String name, InvestigationArgs args) {
        return run(incident, name, args);
    }

    private static InvestigationResult run(Path store, String name, InvestigationArgs args) {
        try (EventStore s = IncidentStores.read(store)) {
            return new Investigator(s, IncidentStores.CLOCK).run(name, args);
        }
    }

    @Test
    void theKeyIsFollowedIntoTheRoleSessionItIssued() {
        InvestigationResult r = run("key", InvestigationArgs.of(LEAKED));
        Map<String, Object> issued = rows(r.section("sessions_issued")).get(0);
        assertEquals("AssumeRole", issued.get("call"));
        assertEquals("arn:aws:iam::111122223333:role/DeployAdmin", issued.get("role_arn"));
        assertEquals(SESSION, issued.get("session_key"));
        Map<String, Object> session = rows(r.section("session_activity")).get(0);
        assertEquals(SESSION, session.get("session_key"));
        assertEquals(5L, session.get("events"));
        assertEquals(List.of("DeleteBucket", "ListBuckets", "StopLogging"), session.get("some_calls"));
        assertTrue(r.notes().contains("key " + LEAKED + " issued 1 session (AssumeRole*, AssumeRoot, GetSessionToken,"
                + " GetFederationToken): arn:aws:iam::111122223333:role/DeployAdmin at 2026-03-10T09:30:00Z (success,"
                + " session key " + SESSION + ": 5 calls)"), r.notes().toString());
    }

    @Test
    void theKeyIsFollowedIntoTheSessionItsGetSessionTokenIssued() {
        InvestigationResult r = run(tokens, "key", InvestigationArgs.of("AKIAMFAUSEREXAMPLE01"));
        Map<String, Object> issued = rows(r.section("sessions_issued")).get(0);
        assertEquals("GetSessionToken", issued.get("call"));
        assertEquals("ASIAMFASESSIONEXAMP1", issued.get("session_key"));
        Map<String, Object> session = rows(r.section("session_activity")).get(0);
        assertEquals(2L, session.get("events"), "a GetSessionToken session lasts up to 36 hours: " + session);
        assertTrue(r.notes().contains("key AKIAMFAUSEREXAMPLE01 issued 1 session (AssumeRole*, AssumeRoot,"
                + " GetSessionToken, GetFederationToken): GetSessionToken at 2026-03-10T08:00:00Z (success, session key"
                + " ASIAMFASESSIONEXAMP1: 2 calls)"), r.notes().toString());
        InvestigationResult actor = run(tokens, "actor", InvestigationArgs.of("dana"));
        assertEquals(0, actor.section("assumed_roles").rows().size(), "the session's calls are dana's own: "
                + actor.notes());
    }

    @Test
    void aKeyCreatedButNeverUsedShowsTheCallThatCreatedIt() {
        // Invictus: bert-jan's CreateAccessKey for malicious-iam-user; the new key made no call
        InvestigationResult r = run(invictus, "key", InvestigationArgs.of("AKIATFQR7NSCQLA2F4OD"));
        Map<String, Object> origin = rows(r.section("origin")).get(0);
        assertEquals("CreateAccessKey", origin.get("call"));
        assertEquals(Instant.parse("2023-07-10T12:24:50Z"), origin.get("event_time"));
        assertEquals("malicious-iam-user", origin.get("issued_to"));
        assertEquals(List.of("the store holds no event of key AKIATFQR7NSCQLA2F4OD at any time, in any region",
                "key AKIATFQR7NSCQLA2F4OD was issued by CreateAccessKey at 2023-07-10T12:24:50Z by"
                        + " arn:aws:iam::123837392027:user/bert-jan from 192.168.10.20, for malicious-iam-user",
                // and the same user deleted it three and a half minutes later (Stratus Red Team's clean-up)
                "key AKIATFQR7NSCQLA2F4OD was deleted at 2023-07-10T12:28:24Z by arn:aws:iam::123837392027:user/bert-jan"
                        + " (key AKIATFQR7NSC8Q4X20BJ) from 192.168.10.20"),
                r.notes());
    }

    @Test
    void theLeakedKeysStoryAcrossRegions() {
        InvestigationResult r = run("key", InvestigationArgs.of(LEAKED));
        Map<String, Object> summary = rows(r.section("summary")).get(0);
        assertEquals(31L, summary.get("events"));
        assertEquals(Instant.parse("2026-02-08T09:00:00Z"), summary.get("first_call"));
        assertEquals(Instant.parse("2026-03-10T09:30:00Z"), summary.get("last_call"));
        assertEquals(12L, summary.get("errors"));
        assertEquals(List.of("eu-west-1", "us-east-1", "us-west-2"), summary.get("regions"));
        assertEquals(2L, summary.get("ips"));
        assertEquals(List.of("arn:aws:iam::111122223333:user/ci-deploy"),
                rows(r.section("principals")).stream().map(m -> m.get("principal")).toList());
        List<Map<String, Object>> ips = rows(r.section("ips"));
        assertEquals("203.0.113.66", ips.get(0).get("source_ip"));
        assertEquals(List.of("eu-west-1", "us-east-1", "us-west-2"), ips.get(0).get("regions"));
        assertEquals(21L, ips.get(0).get("events"));
        assertEquals("10.20.30.40", ips.get(1).get("source_ip"));
        Map<String, Object> origin = rows(r.section("origin")).get(0);
        assertEquals("CreateAccessKey", origin.get("call"));
        assertEquals("arn:aws:iam::111122223333:user/alice", origin.get("principal"));
        assertEquals("ci-deploy", origin.get("issued_to"));
        assertEquals(Instant.parse("2026-01-15T10:00:00Z"), origin.get("event_time"));
        Map<String, Object> errors = rows(r.section("errors")).get(0);
        assertEquals("AccessDenied", errors.get("error_code"));
        assertEquals(12L, errors.get("events"));
    }

    @Test
    void theAccessDeniedBurstIsFlaggedAsEnumeration() {
        InvestigationResult r = run("key", InvestigationArgs.of(LEAKED));
        List<Map<String, Object>> bursts = rows(r.section("denied_bursts"));
        assertEquals(1, bursts.size(), bursts.toString());
        Map<String, Object> b = bursts.get(0);
        assertEquals(12L, b.get("denied"));
        assertEquals(Instant.parse("2026-03-10T09:10:00Z"), b.get("first_denied"));
        assertEquals(Instant.parse("2026-03-10T09:12:12Z"), b.get("last_denied"));
        assertEquals("enumeration", b.get("flag"));
        assertEquals(List.of("203.0.113.66"), b.get("ips"));
        assertTrue(r.notes().contains("12 access-denied errors from 2026-03-10T09:10:00Z to 2026-03-10T09:12:12Z (12"
                + " different calls, from 203.0.113.66): enumeration, someone finding out what key " + LEAKED
                + " may do"), r.notes().toString());
    }

    @Test
    void whatTheKeyCreatedWithTheIdsFromTheResponses() {
        InvestigationResult r = run("key", InvestigationArgs.of(LEAKED));
        List<Map<String, Object>> created = rows(r.section("created"));
        // the key's own calls, then those of the session it issued (its role's DeleteBucket and StopLogging)
        assertEquals(List.of("RunInstances", "CreateUser", "CreateAccessKey", "DeleteBucket", "DeleteBucket",
                "StopLogging"), created.stream().map(m -> m.get("call")).toList());
        assertEquals(List.of("i-0c0ffee1234567890"), created.get(0).get("created"));
        assertEquals("us-west-2", created.get(0).get("region"));
        assertEquals(List.of("AIDABACKDOOREXAMPLE", "arn:aws:iam::111122223333:user/backdoor"),
                created.get(1).get("created"));
        assertEquals(List.of("AKIABACKDOOREXAMPLE1"), created.get(2).get("created"));
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("created or changed: RunInstances in us-west-2:"
                + " i-0c0ffee1234567890; CreateUser in us-east-1: AIDABACKDOOREXAMPLE,"
                + " arn:aws:iam::111122223333:user/backdoor; CreateAccessKey in us-east-1: AKIABACKDOOREXAMPLE1;"
                + " DeleteBucket")
                && n.endsWith("; and 1 more (see created)")), r.notes().toString());
        String joined = String.join("\n", r.notes()) + r.sections();
        assertTrue(!joined.contains("IQoJb3JpZ2luX2VjEXAMPLETOKEN"), "a session token is never shown");
    }

    @Test
    void aSessionKeyWasIssuedByTheAssumeRoleOfTheLeakedKey() {
        InvestigationResult r = run("key", InvestigationArgs.of(SESSION));
        Map<String, Object> origin = rows(r.section("origin")).get(0);
        assertEquals("AssumeRole", origin.get("call"));
        assertEquals(LEAKED, origin.get("caller_key"));
        assertEquals("arn:aws:iam::111122223333:role/DeployAdmin", origin.get("issued_to"));
        assertTrue(r.notes().contains("key " + SESSION + " was issued by AssumeRole at 2026-03-10T09:30:00Z by"
                + " arn:aws:iam::111122223333:user/ci-deploy from 203.0.113.66, for"
                + " arn:aws:iam::111122223333:role/DeployAdmin"), r.notes().toString());
    }

    @Test
    void aSessionKeyFromASamlSignInWasIssuedByTheAssumeRoleWithSaml() {
        InvestigationResult r = run(saml, "key", InvestigationArgs.of("ASIASAMLSESSION00001"));
        List<Map<String, Object>> origin = rows(r.section("origin"));
        assertEquals(1, origin.size(), r.notes().toString());
        assertEquals("AssumeRoleWithSAML", origin.get(0).get("call"));
        assertEquals("arn:aws:iam::111122223333:role/SSOAdmin", origin.get(0).get("issued_to"));
    }

    @Test
    void theActorsStoryIncludesTheSessionsOfTheRoleItAssumed() {
        InvestigationResult r = run("actor", InvestigationArgs.of("CI-Deploy"));
        assertEquals(List.of(LEAKED), rows(r.section("keys")).stream().map(m -> m.get("access_key_id")).toList());
        Map<String, Object> assumed = rows(r.section("assumed_roles")).get(0);
        assertEquals("arn:aws:iam::111122223333:role/DeployAdmin", assumed.get("role_arn"));
        assertEquals("ci-session", assumed.get("session_name"));
        assertEquals(SESSION, assumed.get("session_key"));
        assertEquals("arn:aws:sts::111122223333:assumed-role/DeployAdmin/ci-session", assumed.get("session_arn"));
        Map<String, Object> session = rows(r.section("assumed_sessions")).get(0);
        assertEquals(SESSION, session.get("session_key"));
        assertEquals(5L, session.get("events"));
        assertEquals(1L, session.get("errors"));
        assertEquals(List.of("eu-west-1", "us-east-1", "us-west-2"), session.get("regions"));
        assertEquals(List.of("DeleteBucket", "ListBuckets", "StopLogging"), session.get("some_calls"));
        assertTrue(r.notes().contains("assumed 1 role: arn:aws:iam::111122223333:role/DeployAdmin at"
                + " 2026-03-10T09:30:00Z (success, session key " + SESSION + ": 5 calls)"), r.notes().toString());
    }

    @Test
    void aKeyTheStoreNeverSawIsSaidInWords() {
        InvestigationResult r = run("key", InvestigationArgs.of("AKIANEVERSEENEXAMPLE")
                .withWindow(Instant.parse("2026-03-01T00:00:00Z"), null));
        assertEquals(List.of("the store holds no event of key AKIANEVERSEENEXAMPLE since 2026-03-01T00:00:00Z, in any"
                + " region", "the call that created or issued key AKIANEVERSEENEXAMPLE is not in the store (it may"
                + " predate what was collected, or be in a region or account not collected)", "the store holds no"
                + " UpdateAccessKey or DeleteAccessKey of key AKIANEVERSEENEXAMPLE: whether it is still active cannot be"
                + " told from it (aws iam list-access-keys --user-name USER tells it now)"), r.notes());
        assertEquals(0, r.section("created").rows().size());
    }
}
