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

    @BeforeAll
    static void load() {
        incident = IncidentStores.load(dir.resolve("incident.duckdb"), IncidentStores.splitIncident());
    }

    private static InvestigationResult run(String name, InvestigationArgs args) {
        try (EventStore s = IncidentStores.read(incident)) {
            return new Investigator(s, IncidentStores.CLOCK).run(name, args);
        }
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
        assertEquals(List.of("RunInstances", "CreateUser", "CreateAccessKey"),
                created.stream().map(m -> m.get("call")).toList());
        assertEquals(List.of("i-0c0ffee1234567890"), created.get(0).get("created"));
        assertEquals("us-west-2", created.get(0).get("region"));
        assertEquals(List.of("AIDABACKDOOREXAMPLE", "arn:aws:iam::111122223333:user/backdoor"),
                created.get(1).get("created"));
        assertEquals(List.of("AKIABACKDOOREXAMPLE1"), created.get(2).get("created"));
        assertTrue(r.notes().contains("created or changed: RunInstances in us-west-2: i-0c0ffee1234567890; CreateUser"
                + " in us-east-1: AIDABACKDOOREXAMPLE, arn:aws:iam::111122223333:user/backdoor; CreateAccessKey in"
                + " us-east-1: AKIABACKDOOREXAMPLE1"), r.notes().toString());
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
                + " region"), r.notes());
        assertEquals(0, r.section("created").rows().size());
    }
}
