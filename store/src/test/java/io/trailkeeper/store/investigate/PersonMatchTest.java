package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.IncidentStores.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.Table;
import io.trailkeeper.store.EventQuery;
import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.PersonKinds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One person test for query --user, investigate actor and the --actor of timeline, logins and s3. An IAM user and a
 * role of the same name (Admin) in one account, a role whose name starts with it (AdminReadOnly), and a session of
 * another role acting for a person (sourceIdentity alice): an ARN names one principal only, a text may name several.
 */
class PersonMatchTest {
    static final String ACCOUNT = "123456789012";
    static final String ROLE = "arn:aws:iam::" + ACCOUNT + ":role/Admin";
    static final String USER = "arn:aws:iam::" + ACCOUNT + ":user/Admin";

    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void load() throws IOException {
        Path file = dir.resolve("people.jsonl");
        Files.writeString(file, String.join("\n",
                call("u1", "08:00", user(), "GetObject", "evidence", "Data"),
                call("u2", "08:01", user(), "ConsoleLogin", null, "Management"),
                call("r1", "08:02", session("Admin", "ops", ""), "GetObject", "evidence", "Data"),
                call("r2", "08:03", session("Admin", "ops", ""), "ConsoleLogin", null, "Management"),
                call("ro", "08:04", session("AdminReadOnly", "audit", ""), "GetObject", "evidence", "Data"),
                call("a1", "08:05", session("Deployer", "ci", "\"sourceIdentity\":\"alice\","), "GetObject",
                        "evidence", "Data"),
                call("a2", "08:06", session("Deployer", "ci", "\"sourceIdentity\":\"alice\","), "ConsoleLogin",
                        null, "Management")) + "\n");
        store = IncidentStores.load(dir.resolve("people.duckdb"), file);
    }

    @Test
    void queryUserGivenAnArnFindsThatPrincipalOnly() {
        assertEquals(List.of("r1", "r2"), queried(ROLE), "the role's sessions, not user/Admin nor AdminReadOnly");
        assertEquals(List.of("u1", "u2"), queried(USER));
        assertEquals(List.of("r1", "r2"), queried("arn:aws:sts::" + ACCOUNT + ":assumed-role/Admin/ops"));
        assertEquals(List.of("r1", "r2"), queried("ARN:AWS:IAM::" + ACCOUNT + ":ROLE/ADMIN"), "any case");
        assertEquals(List.of("r1", "r2", "ro", "u1", "u2"), queried("Admin"), "a bare name: every kind");
        assertEquals(List.of("a1", "a2", "r1", "r2", "ro"), queried("arn:aws:iam::" + ACCOUNT + ":role/"),
                "an ARN cut short is part of ARNs: every role's sessions");
    }

    @Test
    void aBareNameThatMatchedSeveralPrincipalsIsToldWhichKindEachIs() {
        assertEquals("--user admin matched 3 principals: IAMUser " + USER + " (2 events), the sessions of " + ROLE
                + " (2 events), the sessions of " + ROLE + "ReadOnly (1 event); a whole ARN"
                + " (arn:aws:iam::ACCOUNT:user/NAME, or role/NAME for a role's sessions) asks about one", kinds("admin"));
        assertNull(kinds(ROLE), "an ARN is one principal");
        assertNull(kinds("alice"), "one principal: the sessions of role Deployer acting for alice");
    }

    @Test
    void investigateActorGivenARoleArnTellsOnlyItsSessions() {
        Table principals = run("actor", InvestigationArgs.of(ROLE)).section("principals");
        assertEquals(List.of("arn:aws:sts::" + ACCOUNT + ":assumed-role/Admin/ops"),
                rows(principals).stream().map(r -> r.get("principal")).toList());
    }

    @Test
    void timelineActorIsThePersonTestOfQueryUser() {
        assertEquals(queried("alice"), timeline("alice"));
        assertEquals(List.of("a1", "a2"), timeline("alice"), "found by the session's sourceIdentity");
        assertEquals(List.of("r1", "r2"), timeline(ROLE));
    }

    @Test
    void loginsActorIsThePersonTestOfQueryUser() {
        assertEquals(List.of("Deployer/ci"), signIns("alice"));
        assertEquals(List.of("Admin"), signIns(USER));
        assertEquals(List.of("Admin/ops"), signIns(ROLE));
    }

    @Test
    void s3ActorIsThePersonTestOfQueryUser() {
        assertEquals(List.of("arn:aws:sts::" + ACCOUNT + ":assumed-role/Deployer/ci"), s3Principals("alice"));
        assertEquals(List.of("arn:aws:sts::" + ACCOUNT + ":assumed-role/Admin/ops"), s3Principals(ROLE));
        assertEquals(List.of(USER), s3Principals(USER));
    }

    private static List<String> timeline(String actor) {
        Table t = run("timeline", new InvestigationArgs(null, null, null, actor, null, null, null)).section("timeline");
        return rows(t).stream().map(r -> eventId(r)).toList();
    }

    /** The event ids as the calls were built: the first letter of the principal and the minute's call order. */
    private static String eventId(Map<String, Object> row) {
        String time = row.get("event_time").toString();
        return switch (time.substring(time.indexOf("08:") + 3, time.indexOf("08:") + 5)) {
            case "00" -> "u1";
            case "01" -> "u2";
            case "02" -> "r1";
            case "03" -> "r2";
            case "04" -> "ro";
            case "05" -> "a1";
            default -> "a2";
        };
    }

    private static List<String> signIns(String actor) {
        Table t = run("logins", new InvestigationArgs(null, null, null, actor, null, null, null)).section("sign_ins");
        return rows(t).stream().map(r -> String.valueOf(r.get("user"))).toList();
    }

    private static List<String> s3Principals(String actor) {
        Table t = run("s3", new InvestigationArgs("evidence", null, null, actor, null, null, null))
                .section("by_principal");
        return rows(t).stream().map(r -> String.valueOf(r.get("principal"))).toList();
    }

    private static List<String> queried(String user) {
        try (EventStore s = IncidentStores.read(store)) {
            List<String> ids = new java.util.ArrayList<>();
            new EventSearch(s).records(new EventQuery(null, null, List.of(), List.of(), List.of(), user, null, null,
                    null, null, null, null, null), b -> {
                        String json = new String(b, java.nio.charset.StandardCharsets.UTF_8);
                        int at = json.indexOf("\"eventID\":\"") + 11;
                        ids.add(json.substring(at, json.indexOf('"', at)));
                    });
            return List.copyOf(new TreeSet<>(ids));
        }
    }

    @Test
    void actorTextOverEventsStoredWithoutTheirSourceIdentitySaysSoAsActorDoes() throws Exception {
        Path old = dir.resolve("old.duckdb");
        java.nio.file.Files.copy(store, old);
        // as the upgrade to schema 13 marks a store's older events: these were stored before their person was read
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + old);
             java.sql.Statement st = c.createStatement()) {
            st.execute("INSERT OR REPLACE INTO store_meta SELECT 'source_identity_unread_through_chunk',"
                    + " CAST(max(raw_chunk) AS VARCHAR) FROM events");
        }
        String said = "stored before TrailKeeper read sessionContext.sourceIdentity";
        for (String name : List.of("timeline", "logins")) {
            List<String> warnings = run(old, name, new InvestigationArgs(null, null, null, "alice", null, null, null))
                    .warnings();
            assertTrue(warnings.stream().anyMatch(w -> w.contains(said)), name + ": " + warnings);
            assertFalse(run(old, name, new InvestigationArgs(null, null, null, ROLE, null, null, null)).warnings()
                    .stream().anyMatch(w -> w.contains(said)), name + ": an ARN is not looked for by its person");
        }
        assertTrue(run(old, "s3", new InvestigationArgs("evidence", null, null, "alice", null, null, null)).warnings()
                .stream().anyMatch(w -> w.contains(said)));
    }

    private static String kinds(String user) {
        try (EventStore s = IncidentStores.read(store)) {
            return PersonKinds.note(s, new EventQuery(null, null, List.of(), List.of(), List.of(), user, null, null,
                    null, null, null, null, null));
        }
    }

    private static InvestigationResult run(String name, InvestigationArgs args) {
        return run(store, name, args);
    }

    private static InvestigationResult run(Path file, String name, InvestigationArgs args) {
        try (EventStore s = IncidentStores.read(file)) {
            return new Investigator(s, IncidentStores.CLOCK).run(name, args);
        }
    }

    private static String user() {
        return "{\"type\":\"IAMUser\",\"principalId\":\"AIDAADMIN\",\"arn\":\"" + USER + "\",\"accountId\":\""
                + ACCOUNT + "\",\"accessKeyId\":\"AKIAADMINKEY0000001\",\"userName\":\"Admin\"}";
    }

    private static String session(String role, String name, String sourceIdentity) {
        return "{\"type\":\"AssumedRole\",\"principalId\":\"AROAEXAMPLE:" + name + "\",\"arn\":\"arn:aws:sts::"
                + ACCOUNT + ":assumed-role/" + role + "/" + name + "\",\"accountId\":\"" + ACCOUNT + "\","
                + "\"accessKeyId\":\"ASIA" + role.toUpperCase(java.util.Locale.ROOT) + "\",\"sessionContext\":{"
                + sourceIdentity + "\"sessionIssuer\":{\"type\":\"Role\",\"principalId\":\"AROAEXAMPLE\",\"arn\":"
                + "\"arn:aws:iam::" + ACCOUNT + ":role/" + role + "\",\"accountId\":\"" + ACCOUNT + "\",\"userName\":\""
                + role + "\"},\"attributes\":{\"creationDate\":\"2026-03-10T07:59:00Z\",\"mfaAuthenticated\":\"true\"}}}";
    }

    private static String call(String id, String minute, String identity, String name, String bucket,
                               String category) {
        boolean login = name.equals("ConsoleLogin");
        return "{\"eventVersion\":\"1.10\",\"userIdentity\":" + identity + ",\"eventTime\":\"2026-03-10T" + minute
                + ":00Z\",\"eventSource\":\"" + (login ? "signin" : "s3") + ".amazonaws.com\",\"eventName\":\"" + name
                + "\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"203.0.113.9\",\"userAgent\":\"aws-cli/2.15.30\","
                + "\"requestParameters\":" + (login ? "null" : "{\"bucketName\":\"" + bucket + "\",\"key\":\"a.txt\"}")
                + ",\"responseElements\":" + (login ? "{\"ConsoleLogin\":\"Success\"}" : "null")
                + (login ? "" : ",\"resources\":[{\"type\":\"AWS::S3::Object\",\"ARN\":\"arn:aws:s3:::" + bucket
                + "/a.txt\"},{\"accountId\":\"" + ACCOUNT + "\",\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::"
                + bucket + "\"}]") + ",\"eventID\":\"" + id + "\",\"readOnly\":" + !login
                + ",\"eventType\":\"" + (login ? "AwsConsoleSignIn" : "AwsApiCall") + "\",\"managementEvent\":"
                + login + ",\"recipientAccountId\":\"" + ACCOUNT + "\",\"eventCategory\":\"" + category + "\"}";
    }
}
