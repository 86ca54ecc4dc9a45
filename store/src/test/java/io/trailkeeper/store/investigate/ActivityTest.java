package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.IncidentStores.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** logins, s3, regions and timeline over the split incident, and logins over Panther's compromised-root scenario. */
class ActivityTest {
    static final Instant INCIDENT_DAY = Instant.parse("2026-03-10T00:00:00Z");

    @TempDir
    static Path dir;
    static Path incident;
    static Path root;

    @BeforeAll
    static void load() {
        incident = IncidentStores.load(dir.resolve("incident.duckdb"), IncidentStores.splitIncident());
        root = IncidentStores.load(dir.resolve("root.duckdb"),
                IncidentStores.shared("panther-analysis/test_scenarios/compromised-root-creds"));
    }

    private static InvestigationResult run(Path store, String name, InvestigationArgs args) {
        try (EventStore s = IncidentStores.read(store)) {
            return new Investigator(s, IncidentStores.CLOCK).run(name, args);
        }
    }

    @Test
    void aSignInWithoutAResultOrARegionIsCountedAndSaidSo() throws Exception {
        // test data and odd producers write ConsoleLogin without responseElements, even without awsRegion
        Path file = dir.resolve("odd-logins.jsonl");
        String who = "\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::111122223333:user/bo\","
                + "\"userName\":\"bo\"},\"eventSource\":\"signin.amazonaws.com\",\"eventName\":\"ConsoleLogin\"";
        java.nio.file.Files.writeString(file, String.join("\n",
                "{\"eventVersion\":\"1.08\"," + who + ",\"eventTime\":\"2026-03-10T08:00:00Z\",\"awsRegion\":"
                        + "\"us-east-1\",\"responseElements\":{\"ConsoleLogin\":\"Success\"},\"eventID\":\"o1\"}",
                "{\"eventVersion\":\"1.08\"," + who + ",\"eventTime\":\"2026-03-10T09:00:00Z\",\"eventID\":\"o2\"}")
                + "\n");
        Path store = IncidentStores.load(dir.resolve("odd.duckdb"), file);
        InvestigationResult r = run(store, "logins", InvestigationArgs.none());
        assertTrue(r.notes().contains("2 console sign-ins at any time: 1 succeeded, 0 failed, 1 with no result in"
                + " the record; recorded in us-east-1 (1), no region (1)"), r.notes().toString());
        assertEquals(List.of(1L, 1L), rows(r.section("by_region_user")).stream().map(m -> m.get("sign_ins"))
                .toList());
        InvestigationResult regions = run(store, "regions", InvestigationArgs.none());
        assertTrue(regions.notes().contains("activity in 1 region at any time, and 1 event whose record names no"
                + " region"), regions.notes().toString());
    }

    @Test
    void theSydneySignInWithoutMfaAfterThreeFailures() {
        InvestigationResult r = run(incident, "logins", InvestigationArgs.none());
        List<Map<String, Object>> byRegion = rows(r.section("by_region_user"));
        assertEquals(2, byRegion.size(), byRegion.toString());
        Map<String, Object> sydney = byRegion.get(0);
        assertEquals("ap-southeast-2", sydney.get("region"));
        assertEquals("ops-admin", sydney.get("user"));
        assertEquals(1L, sydney.get("successes"));
        assertEquals(3L, sydney.get("failures"));
        assertEquals(1L, sydney.get("successes_without_mfa"));
        assertEquals(List.of("198.51.100.23"), sydney.get("ips"));
        assertEquals(0L, byRegion.get(1).get("successes_without_mfa"), "alice used MFA");
        Map<String, Object> guessed = rows(r.section("failures_then_success")).get(0);
        assertEquals(Instant.parse("2026-03-10T08:02:00Z"), guessed.get("success_time"));
        assertEquals("ops-admin", guessed.get("user"));
        assertEquals(3L, guessed.get("failures"));
        assertEquals("No", guessed.get("mfa_used"));
        assertEquals("user and IP", guessed.get("same"));
        Map<String, Object> firstFailure = rows(r.section("sign_ins")).stream()
                .filter(m -> "ops-admin".equals(m.get("user"))).findFirst().orElseThrow();
        assertEquals("Failure", firstFailure.get("result"));
        assertEquals("Failed authentication", firstFailure.get("error_message"));
        assertTrue(r.notes().contains("5 console sign-ins at any time: 2 succeeded, 3 failed; recorded in"
                + " ap-southeast-2 (4), us-east-1 (1) (a sign-in is recorded in the region of the sign-in URL, not"
                + " always us-east-1)"), r.notes().toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("ops-admin signed in without MFA at"
                + " 2026-03-10T08:02:00Z in ap-southeast-2 from 198.51.100.23")), r.notes().toString());
        assertTrue(r.notes().contains("ops-admin signed in at 2026-03-10T08:02:00Z in ap-southeast-2 from"
                + " 198.51.100.23 after 3 failed sign-ins for the same user and IP in the 24 hours before, the first"
                + " at 2026-03-10T08:00:05Z: possible password guessing"), r.notes().toString());
        InvestigationResult alice = run(incident, "logins", new InvestigationArgs(null, null, null, "ALICE", null, null,
                null));
        assertEquals(List.of("alice"), rows(alice.section("sign_ins")).stream().map(m -> m.get("user")).toList());
    }

    @Test
    void failuresForTheSameUserFromTwoAddressesAreNotCalledTheSameUserAndIp() {
        // Panther's two root scenarios: the same root account fails from 92.55.146.245 and 200.58.83.179 at the same
        // times, then signs in from each; in the 24 hours before each success, 4 failures of root, 2 from its IP
        Path both = IncidentStores.load(dir.resolve("both-roots.duckdb"),
                IncidentStores.shared("panther-analysis/test_scenarios/compromised-root-creds"),
                IncidentStores.shared("panther-analysis/test_scenarios/enrichment-example"));
        InvestigationResult r = run(both, "logins", InvestigationArgs.none());
        List<Map<String, Object>> guessed = rows(r.section("failures_then_success"));
        assertEquals(2, guessed.size(), guessed.toString());
        for (Map<String, Object> g : guessed) {
            assertEquals(4L, g.get("failures"));
            assertEquals(4L, g.get("same_user"));
            assertEquals(2L, g.get("same_ip"));
            assertEquals("user", g.get("same"), "not every failure came from the success's IP");
        }
        assertTrue(r.notes().contains("root signed in at 2020-11-01T08:29:10Z in us-east-1 from 92.55.146.245 after"
                + " 4 failed sign-ins for the same user (2 of them from the same IP) in the 24 hours before, the first at"
                + " 2020-10-31T10:32:00Z: possible password guessing"), r.notes().toString());
    }

    @Test
    void pantherRootSignInAfterFailuresFromTheSameAddress() {
        InvestigationResult r = run(root, "logins", InvestigationArgs.none());
        Map<String, Object> guessed = rows(r.section("failures_then_success")).get(0);
        assertEquals(Instant.parse("2020-11-01T08:29:10Z"), guessed.get("success_time"));
        assertEquals("root", guessed.get("user"));
        assertEquals("92.55.146.245", guessed.get("source_ip"));
        assertEquals(2L, guessed.get("failures"));
        assertEquals(1, r.section("failures_then_success").rows().size());
        Map<String, Object> byUser = rows(r.section("by_region_user")).get(0);
        assertEquals(4L, byUser.get("successes"));
        assertEquals(3L, byUser.get("failures"));
        assertEquals(4L, byUser.get("successes_without_mfa"));
    }

    @Test
    void noDataEventsForTheDeletedBucketIsSaidInWords() {
        InvestigationResult r = run(incident, "s3", InvestigationArgs.of("acme-customer-exports")
                .withWindow(INCIDENT_DAY, null));
        assertEquals(0, r.section("operations").rows().size());
        assertTrue(r.notes().contains("the store holds no data events for bucket acme-customer-exports since"
                + " 2026-03-10T00:00:00Z: whether objects were read, written or deleted cannot be told; S3 data events"
                + " (a trail's data event selector for arn:aws:s3:::acme-customer-exports/) would have told it"),
                r.notes().toString());
        assertTrue(r.notes().contains("bucket acme-customer-exports lives in ap-northeast-1 (CreateBucket at"
                + " 2026-02-02T11:00:00Z asked for LocationConstraint ap-northeast-1): S3 records its object calls there"),
                r.notes().toString());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("data events") && w.contains("ap-northeast-1")),
                "the coverage of the bucket's region, data events asked for: " + r.warnings());
    }

    @Test
    void objectReadsWithTheirBytesAndTheDelete() {
        InvestigationResult r = run(incident, "s3", InvestigationArgs.of("s3://acme-web-assets"));
        Map<String, Object> get = rows(r.section("operations")).get(0);
        assertEquals("GetObject", get.get("call"));
        assertEquals("read", get.get("kind"));
        assertEquals(2L, get.get("events"));
        assertEquals(1_050_624L, get.get("bytes_out"));
        Map<String, Object> who = rows(r.section("by_principal")).get(0);
        assertEquals("arn:aws:iam::111122223333:user/ci-deploy", who.get("principal"));
        assertEquals(2L, who.get("reads"));
        assertEquals(1L, who.get("deletes"));
        assertEquals(List.of("AKIA4LEAKEDKEY7Q2XZP"), who.get("access_keys"));
        assertEquals("203.0.113.66", rows(r.section("by_ip")).get(0).get("source_ip"));
        Map<String, Object> delete = rows(r.section("deletes")).get(0);
        assertEquals(List.of("exports/orders-2026-03.csv", "arn:aws:s3:::acme-web-assets/exports/orders-2026-03.csv"),
                delete.get("objects"));
        assertTrue(r.notes().contains("3 object calls on bucket acme-web-assets at any time: 2 reads,"
                + " 0 writes, 1 deletes; 1,050,624 bytes read out (bytesTransferredOut)"), r.notes().toString());
        assertTrue(r.warnings().stream().noneMatch(w -> w.contains("no data events")), r.warnings().toString());
        InvestigationResult elsewhere = run(incident, "s3", new InvestigationArgs("acme-web-assets", null, null, null,
                null, "192.0.2.*", null));
        assertEquals(0, elsewhere.section("operations").rows().size());
    }

    @Test
    void regionsTheAccountDoesNotUseAreFlagged() {
        InvestigationResult r = run(incident, "regions", InvestigationArgs.none().withWindow(INCIDENT_DAY, null));
        List<Map<String, Object>> unusual = rows(r.section("unusual"));
        assertEquals(List.of("ap-southeast-2", "us-west-2"), unusual.stream().map(m -> m.get("region")).sorted()
                .toList());
        for (Map<String, Object> m : unusual) {
            assertEquals("no events in the 30 days before the window", m.get("reason"));
            assertEquals(0L, m.get("events_30_days_before"));
        }
        List<Map<String, Object>> byRegion = rows(r.section("by_region"));
        assertEquals(List.of("us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2"),
                byRegion.stream().map(m -> m.get("region")).toList());
        assertEquals(Arrays.asList(18L, 5L, 4L, 3L), byRegion.stream().map(m -> m.get("events")).toList());
        assertEquals(11L, byRegion.get(0).get("events_30_days_before"));
        assertEquals(10L, byRegion.get(1).get("events_30_days_before"));
        assertTrue(r.notes().contains("ap-southeast-2 is unusual for this account: 4 events (13.33% of the window's);"
                + " no events in the 30 days before the window"), r.notes().toString());
        InvestigationResult all = run(incident, "regions", InvestigationArgs.none());
        assertTrue(all.notes().stream().anyMatch(n -> n.startsWith("without --since")), all.notes().toString());
    }

    @Test
    void theTimelineNarrowsByKeyAndIpAndSaysWhenItIsCut() {
        InvestigationResult r = run(incident, "timeline", new InvestigationArgs(null, INCIDENT_DAY, null, null,
                "AKIA4LEAKEDKEY7Q2XZP", null, 3));
        assertEquals(List.of("GetCallerIdentity", "ListUsers", "ListRoles"),
                rows(r.section("timeline")).stream().map(m -> m.get("event_name")).toList());
        assertTrue(r.notes().contains("timeline: the first 3 rows are shown; more match (--limit N shows more,"
                + " --since/--until narrow the window)"), r.notes().toString());
        InvestigationResult session = run(incident, "timeline", new InvestigationArgs(null, null, null, "ci-session",
                null, "203.0.113.*", null));
        List<Map<String, Object>> events = rows(session.section("timeline"));
        assertEquals(List.of("ListBuckets", "DeleteBucket", "DeleteBucket", "DeleteBucket", "StopLogging"),
                events.stream().map(m -> m.get("event_name")).toList());
        assertEquals(List.of("us-west-2", "us-west-2", "us-east-1", "eu-west-1", "us-east-1"),
                events.stream().map(m -> m.get("region")).toList());
        assertTrue(session.notes().isEmpty(), session.notes().toString());
        InvestigationResult none = run(incident, "timeline", new InvestigationArgs(null, null, null, null, null,
                "198.51.100.99", null));
        assertEquals(List.of("the store holds no event at any time matching --ip 198.51.100.99"),
                none.notes());
    }
}
