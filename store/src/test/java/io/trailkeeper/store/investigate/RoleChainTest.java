package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.IncidentStores.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Role chaining: user dev's long-term key assumes Admin (session "dev"), that session assumes Deployer under a name
 * the attacker chose, and that session assumes Exfil, whose session deletes a bucket in us-west-2. Every hop's
 * session is the key's (and dev's) doing.
 */
class RoleChainTest {
    static final String ACCOUNT = "111122223333";
    static final String DEV_KEY = "AKIADEVKEY000000001";

    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void load() throws IOException {
        Path file = dir.resolve("chain.jsonl");
        Files.writeString(file, String.join("\n",
                assume(user(), "2026-03-10T08:00:00Z", "c1", "Admin", "dev", "ASIAFIRSTHOP0000001"),
                assume(session("Admin", "dev", "ASIAFIRSTHOP0000001"), "2026-03-10T08:02:00Z", "c2", "Deployer",
                        "botocore-session-1", "ASIASECONDHOP000001"),
                assume(session("Deployer", "botocore-session-1", "ASIASECONDHOP000001"), "2026-03-10T08:03:00Z",
                        "c3", "Exfil", "x", "ASIATHIRDHOP0000001"),
                call(session("Exfil", "x", "ASIATHIRDHOP0000001"), "2026-03-10T08:04:00Z", "c4",
                        "s3.amazonaws.com", "DeleteBucket", "us-west-2", "{\"bucketName\":\"victim-bucket\"}", "null"),
                // the same role assumed by someone else: not in dev's story
                assume(session("Ops", "ops", "ASIAUNRELATED000001"), "2026-03-10T08:05:00Z", "c5", "Exfil", "y",
                        "ASIAUNRELATEDOUT001"),
                call(session("Exfil", "y", "ASIAUNRELATEDOUT001"), "2026-03-10T08:06:00Z", "c6",
                        "s3.amazonaws.com", "DeleteBucket", "us-west-2", "{\"bucketName\":\"other\"}", "null"))
                + "\n");
        store = IncidentStores.load(dir.resolve("chain.duckdb"), file);
    }

    @Test
    void theKeysStoryFollowsEveryHopOfTheChainToTheLastSessionsCalls() {
        InvestigationResult r = run("key", InvestigationArgs.of(DEV_KEY));
        assertEquals(List.of("ASIAFIRSTHOP0000001", "ASIASECONDHOP000001", "ASIATHIRDHOP0000001"),
                rows(r.section("sessions_issued")).stream().map(m -> m.get("session_key")).toList());
        Map<String, Object> last = rows(r.section("session_activity")).stream()
                .filter(m -> "ASIATHIRDHOP0000001".equals(m.get("session_key"))).findFirst().orElseThrow();
        assertEquals(1L, ((Number) last.get("events")).longValue());
        assertEquals(List.of("DeleteBucket"), last.get("some_calls"));
        assertEquals(List.of("us-west-2"), last.get("regions"));
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("session key ASIATHIRDHOP0000001: 1 call")),
                String.join("\n", r.notes()));
        assertTrue(r.notes().contains("each session's calls in full: investigate key ASIAFIRSTHOP0000001 (and so on for"
                + " each session key)"), "session_activity names only some calls: " + r.notes());
    }

    @Test
    void aKeyWrittenInLowerCaseIsTheKey() {
        InvestigationResult r = run("key", InvestigationArgs.of(DEV_KEY.toLowerCase(java.util.Locale.ROOT)));
        assertEquals(1, r.section("calls").rows().size(), r.notes().toString());
        assertEquals(3, r.section("sessions_issued").rows().size());
        InvestigationResult timeline = run("timeline", new InvestigationArgs(null, null, null, null,
                " asiathirdhop0000001 ", null, null));
        assertEquals(1, timeline.section("timeline").rows().size());
    }

    @Test
    void theActorsStoryFollowsTheChainPastSessionNamesThatDoNotNameIt() {
        InvestigationResult r = run("actor", InvestigationArgs.of("user/dev"));
        assertEquals(List.of("ASIAFIRSTHOP0000001", "ASIASECONDHOP000001", "ASIATHIRDHOP0000001"),
                rows(r.section("assumed_roles")).stream().map(m -> m.get("session_key")).toList());
        assertEquals(List.of("ASIAFIRSTHOP0000001", "ASIASECONDHOP000001", "ASIATHIRDHOP0000001"),
                rows(r.section("assumed_sessions")).stream().map(m -> m.get("session_key")).toList());
    }

    @Test
    void aWindowStartingAfterTheAssumeRolesStillHoldsWhatTheirSessionsDidInIt() {
        InvestigationArgs after = new InvestigationArgs(DEV_KEY, java.time.Instant.parse("2026-03-10T08:03:30Z"), null,
                null, null, null, null);
        InvestigationResult r = run("key", after);
        assertEquals(0, r.section("calls").rows().size(), "the key itself made no call in the window");
        Map<String, Object> last = rows(r.section("session_activity")).stream()
                .filter(m -> "ASIATHIRDHOP0000001".equals(m.get("session_key"))).findFirst().orElseThrow();
        assertEquals(List.of("DeleteBucket"), last.get("some_calls"));
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("session key ASIATHIRDHOP0000001: 1 call")),
                "told even though the key itself made no call in the window: " + r.notes());
        InvestigationResult actor = run("actor", new InvestigationArgs("user/dev", after.since(), null, null, null,
                null, null));
        assertEquals(List.of("ASIAFIRSTHOP0000001", "ASIASECONDHOP000001", "ASIATHIRDHOP0000001"),
                rows(actor.section("assumed_roles")).stream().map(m -> m.get("session_key")).toList());
        assertEquals(List.of("ASIATHIRDHOP0000001"), rows(actor.section("assumed_sessions")).stream()
                .map(m -> m.get("session_key")).toList(), "the others did nothing in the window");
        InvestigationResult later = run("key", new InvestigationArgs(DEV_KEY,
                java.time.Instant.parse("2026-03-11T21:00:00Z"), null, null, null, null, null));
        assertEquals(0, later.section("session_activity").rows().size(), "36 hours on, no session is alive");
    }

    @Test
    void aKeysTimelineSaysThatTheSessionsItIssuedAreNotInIt() {
        InvestigationResult r = run("timeline", new InvestigationArgs(null, null, null, null, DEV_KEY, null, null));
        assertEquals(1, r.section("timeline").rows().size());
        assertTrue(r.notes().contains("1 call here issued a session (AssumeRole*, AssumeRoot, GetSessionToken,"
                + " GetFederationToken): what a session did is signed with its own key and is not in this timeline"
                + " unless it matches too; investigate key " + DEV_KEY + " follows the sessions"),
                r.notes().toString());
    }

    private static InvestigationResult run(String name, InvestigationArgs args) {
        try (EventStore s = IncidentStores.read(store)) {
            return new Investigator(s, IncidentStores.CLOCK).run(name, args);
        }
    }

    static String user() {
        return "{\"type\":\"IAMUser\",\"principalId\":\"AIDADEV\",\"arn\":\"arn:aws:iam::" + ACCOUNT + ":user/dev\","
                + "\"accountId\":\"" + ACCOUNT + "\",\"accessKeyId\":\"" + DEV_KEY + "\",\"userName\":\"dev\"}";
    }

    private static String session(String role, String name, String key) {
        return "{\"type\":\"AssumedRole\",\"principalId\":\"AROA" + role.toUpperCase() + ":" + name + "\",\"arn\":"
                + "\"arn:aws:sts::" + ACCOUNT + ":assumed-role/" + role + "/" + name + "\",\"accountId\":\"" + ACCOUNT
                + "\",\"accessKeyId\":\"" + key + "\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\","
                + "\"arn\":\"arn:aws:iam::" + ACCOUNT + ":role/" + role + "\",\"userName\":\"" + role + "\"},"
                + "\"sourceIdentity\":\"dev\",\"attributes\":{\"mfaAuthenticated\":\"false\"}}}";
    }

    private static String assume(String identity, String time, String id, String role, String name, String key) {
        String roleArn = "arn:aws:iam::" + ACCOUNT + ":role/" + role;
        return call(identity, time, id, "sts.amazonaws.com", "AssumeRole", "us-east-1",
                "{\"roleArn\":\"" + roleArn + "\",\"roleSessionName\":\"" + name + "\"}",
                "{\"credentials\":{\"accessKeyId\":\"" + key + "\",\"expiration\":\"Mar 10, 2026, 9:00:00 AM\"},"
                        + "\"assumedRoleUser\":{\"arn\":\"arn:aws:sts::" + ACCOUNT + ":assumed-role/" + role + "/"
                        + name + "\"}}");
    }

    static String call(String identity, String time, String id, String source, String name, String region,
            String request, String response) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":" + identity + ",\"eventTime\":\"" + time + "\","
                + "\"eventSource\":\"" + source + "\",\"eventName\":\"" + name + "\",\"awsRegion\":\"" + region + "\","
                + "\"sourceIPAddress\":\"203.0.113.9\",\"userAgent\":\"aws-cli/2.15.30\",\"requestParameters\":"
                + request + ",\"responseElements\":" + response + ",\"eventID\":\"" + id + "\",\"readOnly\":false,"
                + "\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"" + ACCOUNT + "\","
                + "\"eventCategory\":\"Management\"}";
    }
}
