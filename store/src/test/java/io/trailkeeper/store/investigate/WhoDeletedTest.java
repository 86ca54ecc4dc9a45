package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.IncidentStores.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** who-deleted over the split incident and over the Invictus trail files (facts in ../shared/data/SOURCES.md). */
class WhoDeletedTest {
    @TempDir
    static Path dir;
    static Path incident;
    static Path invictus;

    @BeforeAll
    static void load() {
        incident = IncidentStores.load(dir.resolve("incident.duckdb"), IncidentStores.splitIncident());
        invictus = IncidentStores.load(dir.resolve("invictus.duckdb"),
                IncidentStores.shared("invictus-ir-aws_dataset/CloudTrail"));
    }

    private static InvestigationResult run(Path store, InvestigationArgs args) {
        try (EventStore s = IncidentStores.read(store)) {
            return new Investigator(s, IncidentStores.CLOCK).run("who-deleted", args);
        }
    }

    @Test
    void theTokyoBucketDeletedFromACliInOregonIsFoundWithWhoAndWhere() {
        InvestigationResult r = run(incident, InvestigationArgs.of("acme-customer-exports"));
        List<Map<String, Object>> deletions = rows(r.section("deletions"));
        assertEquals(1, deletions.size(), deletions.toString());
        Map<String, Object> d = deletions.get(0);
        assertEquals(Instant.parse("2026-03-10T09:32:00Z"), d.get("event_time"));
        assertEquals("DeleteBucket", d.get("event_name"));
        assertEquals("success", d.get("result"));
        assertEquals("us-west-2", d.get("recorded_in"));
        assertEquals("ap-northeast-1", d.get("lives_in"));
        assertEquals("arn:aws:sts::111122223333:assumed-role/DeployAdmin/ci-session", d.get("principal"));
        assertEquals("AssumedRole", d.get("identity_type"));
        assertEquals("ASIA4SESSIONKEY0001X", d.get("access_key_id"));
        assertEquals("arn:aws:iam::111122223333:role/DeployAdmin", d.get("session_issuer_arn"));
        assertEquals("false", d.get("mfa"));
        assertEquals("203.0.113.66", d.get("source_ip"));
        assertTrue(d.get("user_agent").toString().startsWith("aws-cli/2.15.30"), d.toString());
        assertEquals(List.of("acme-customer-exports", "arn:aws:s3:::acme-customer-exports"), d.get("names"));
        Map<String, Object> region = rows(r.section("resource_region")).get(0);
        assertEquals("ap-northeast-1", region.get("lives_in"));
        assertEquals("CreateBucket at 2026-02-02T11:00:00Z asked for LocationConstraint ap-northeast-1",
                region.get("basis"), "not the DeleteBucket's own Host, which names the CLI's region");
        assertEquals("acme-customer-exports.s3.us-west-2.amazonaws.com", d.get("host"));
        assertTrue(r.notes().contains("DeleteBucket of acme-customer-exports was recorded in us-west-2; the bucket"
                + " lives in ap-northeast-1 (" + region.get("basis") + "): a collection of ap-northeast-1 only would"
                + " have missed it"), r.notes().toString());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("never collected")),
                "only files were loaded, no region's event history: " + r.warnings());
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("DeleteBucket of acme-customer-exports succeeded at"
                + " 2026-03-10T09:32:00Z: by arn:aws:sts::111122223333:assumed-role/DeployAdmin/ci-session (key"
                + " ASIA4SESSIONKEY0001X, session of arn:aws:iam::111122223333:role/DeployAdmin, not MFA-authenticated in"
                + " AWS) from"
                + " 203.0.113.66")), r.notes().toString());
    }

    @Test
    void aBucketOnlyEverReachedThroughTheGlobalEndpointLivesWhereCreateBucketPutIt() {
        InvestigationResult r = run(incident, InvestigationArgs.of("s3://acme-audit-archive"));
        Map<String, Object> d = rows(r.section("deletions")).get(0);
        assertEquals("AccessDenied", d.get("result"));
        assertEquals("Access Denied", d.get("error_message"));
        assertEquals("us-east-1", d.get("recorded_in"));
        assertEquals("eu-central-1", d.get("lives_in"));
        assertTrue(rows(r.section("resource_region")).get(0).get("basis").toString()
                .contains("LocationConstraint eu-central-1"), r.toString());
        assertTrue(r.notes().contains("1 call of 1 failed: AccessDenied x1"), r.notes().toString());
    }

    @Test
    void aBucketCreatedWithoutLocationConstraintLivesInUsEast1() {
        InvestigationResult r = run(incident, InvestigationArgs.of("arn:aws:s3:::acme-build-cache"));
        Map<String, Object> d = rows(r.section("deletions")).get(0);
        assertEquals("eu-west-1", d.get("recorded_in"));
        assertEquals("us-east-1", d.get("lives_in"));
        Object basis = rows(r.section("resource_region")).get(0).get("basis");
        assertEquals("CreateBucket at 2026-02-04T11:00:00Z named no LocationConstraint, which means us-east-1", basis);
        assertTrue(r.notes().contains("DeleteBucket of acme-build-cache was recorded in eu-west-1; the bucket lives in"
                + " us-east-1 (" + basis + "): a collection of us-east-1 only would have missed it"), r.notes().toString());
    }

    @Test
    void stoppingTheTrailIsEvidenceDestroyedAndItsArnSaysWhereItLives() {
        InvestigationResult r = run(incident, InvestigationArgs.of("acme-main-trail"));
        Map<String, Object> d = rows(r.section("deletions")).get(0);
        assertEquals("StopLogging", d.get("event_name"));
        assertEquals("stops the trail recording", d.get("effect"));
        assertEquals("us-east-1", d.get("lives_in"));
        assertTrue(rows(r.section("resource_region")).get(0).get("basis").toString()
                .startsWith("the region in its ARN arn:aws:cloudtrail:us-east-1:"), r.toString());
        assertTrue(r.notes().stream().noneMatch(n -> n.contains("would have missed")), r.notes().toString());
    }

    @Test
    void theInvictusBucketsLifecycleAndDeletionsInOrderWithTheFailures() {
        InvestigationResult r = run(invictus, InvestigationArgs.of("stratus-red-team-ctlr-bucket-zqfsvooxqj"));
        List<Map<String, Object>> d = rows(r.section("deletions"));
        assertEquals(List.of("PutBucketLifecycle", "DeleteBucketLifecycle", "DeleteBucket", "DeleteBucket",
                "DeleteBucket"), d.stream().map(m -> m.get("event_name")).toList());
        assertEquals(List.of("success", "success", "BucketNotEmpty", "BucketNotEmpty", "success"),
                d.stream().map(m -> m.get("result")).toList());
        for (Map<String, Object> m : d) {
            assertEquals("arn:aws:iam::123837392027:user/bert-jan", m.get("principal"));
            assertEquals("AKIATFQR7NSC8Q4X20BJ", m.get("access_key_id"));
            assertEquals("192.168.10.20", m.get("source_ip"));
            assertEquals("us-east-1", m.get("recorded_in"));
            assertEquals("us-east-1", m.get("lives_in"));
            assertEquals(null, m.get("mfa"));
        }
        assertEquals("may expire (delete) objects", d.get(0).get("effect"));
        assertEquals("7823c70d-f7f9-4a04-b4c0-baa8fbe09ea3", d.get(0).get("event_id"), "from the raw record");
        assertEquals("CreateBucket at 2023-07-10T12:00:23Z named no LocationConstraint, which means us-east-1",
                rows(r.section("resource_region")).get(0).get("basis"));
        assertTrue(r.notes().contains("2 calls of 5 failed: BucketNotEmpty x2"), r.notes().toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("DeleteBucket of stratus-red-team-ctlr-bucket-zqfsvooxqj"
                + " succeeded at 2023-07-10T12:08:10Z: by arn:aws:iam::123837392027:user/bert-jan (key"
                + " AKIATFQR7NSC8Q4X20BJ, MFA not recorded) from 192.168.10.20")), r.notes().toString());
        long summarised = rows(r.section("summary")).stream().mapToLong(m -> (Long) m.get("calls")).sum();
        assertEquals(5, summarised);
        assertEquals(List.of(Map.of("result", "success", "calls", 3L, "first_call",
                Instant.parse("2023-07-10T12:00:35Z"), "last_call", Instant.parse("2023-07-10T12:08:10Z")),
                Map.of("result", "BucketNotEmpty", "calls", 2L, "first_call", Instant.parse("2023-07-10T12:08:05Z"),
                        "last_call", Instant.parse("2023-07-10T12:08:09Z"))), rows(r.section("by_result")));
    }

    @Test
    void aRoleOrInstanceArnFindsTheCallsThatNameItByNameOnly() {
        // DeleteRole has requestParameters.roleName and no resources[]; TerminateInstances an instanceId
        InvestigationResult role = run(invictus,
                InvestigationArgs.of("arn:aws:iam::123837392027:role/stratus-red-team-usr-data-role"));
        List<Map<String, Object>> d = rows(role.section("deletions"));
        assertEquals(List.of("RemoveRoleFromInstanceProfile", "DeleteRole"),
                d.stream().map(m -> m.get("event_name")).toList(), d.toString());
        assertEquals(Instant.parse("2023-07-10T12:07:25Z"), d.get(1).get("event_time"));
        assertEquals(List.of("stratus-red-team-usr-data-role"), d.get(1).get("names"));
        assertEquals("global", rows(role.section("resource_region")).get(0).get("lives_in"));
        InvestigationResult user = run(invictus,
                InvestigationArgs.of("arn:aws:iam::123837392027:user/some/path/malicious-iam-user"));
        assertEquals(List.of("DeleteAccessKey", "DeleteUser"), rows(user.section("deletions")).stream()
                .map(m -> m.get("event_name")).toList(), "its key's deletion names the user too (userName)");
        InvestigationResult instance = run(invictus,
                InvestigationArgs.of("arn:aws:ec2:us-east-1:123837392027:instance/i-05c30218156bcc246"));
        List<Map<String, Object>> terminated = rows(instance.section("deletions"));
        assertEquals(List.of("TerminateInstances"), terminated.stream().map(m -> m.get("event_name")).toList());
        assertEquals("us-east-1", terminated.get(0).get("lives_in"));
        InvestigationResult snapshot = run(invictus,
                InvestigationArgs.of("arn:aws:ec2:us-east-1::snapshot/snap-083d3b857c13988bc"));
        assertEquals(List.of("DeleteSnapshot"), rows(snapshot.section("deletions")).stream()
                .map(m -> m.get("event_name")).toList());
    }

    @Test
    void aBareNameMatchesOnlyInTheArnsServiceAndAccount() {
        InvestigationResult otherAccount = run(invictus,
                InvestigationArgs.of("arn:aws:iam::999999999999:role/stratus-red-team-usr-data-role"));
        assertEquals(0, otherAccount.section("deletions").rows().size(), otherAccount.toString());
        // a role named like the deleted bucket: the bucket's DeleteBucket (s3.amazonaws.com) is not the role's
        InvestigationResult roleLikeBucket = run(invictus,
                InvestigationArgs.of("arn:aws:iam::123837392027:role/stratus-red-team-ctlr-bucket-zqfsvooxqj"));
        assertEquals(0, roleLikeBucket.section("deletions").rows().size(), roleLikeBucket.toString());
    }

    @Test
    void theLimitCutsTheListAndSaysSo() {
        InvestigationResult r = run(invictus, InvestigationArgs.of("stratus-red-team-ctlr-bucket-zqfsvooxqj")
                .withLimit(2));
        assertEquals(2, r.section("deletions").rows().size());
        assertTrue(r.notes().contains("deletions: the first 2 rows are shown; more match (--limit N shows more,"
                + " --since/--until narrow the window)"), r.notes().toString());
        assertEquals(5, rows(r.section("by_result")).stream().mapToLong(m -> (Long) m.get("calls")).sum());
        assertTrue(r.notes().contains("2 calls of 5 failed: BucketNotEmpty x2"), r.notes().toString());
    }

    @Test
    void outsideTheWindowNothingIsFoundAndTheAnswerSaysSo() {
        InvestigationResult r = run(incident, InvestigationArgs.of("acme-customer-exports")
                .withWindow(null, Instant.parse("2026-03-01T00:00:00Z")));
        assertEquals(0, r.section("deletions").rows().size());
        assertEquals(List.of("the store holds no call that deletes, terminates or removes acme-customer-exports up to"
                + " 2026-03-01T00:00:00Z, in any region", "the store holds no data events for bucket"
                + " acme-customer-exports up to 2026-03-01T00:00:00Z: whether objects were deleted or overwritten with"
                + " a key the caller provided (SSE-C) cannot be told; S3 data events (a trail's data event selector for"
                + " arn:aws:s3:::acme-customer-exports/) would have told it"), r.notes());
    }

    /**
     * Drill 11: a CloudWatch Logs group named as its path (/aws/cloudtrail/org-audit) is no bucket; the answer said
     * "the store holds no data events for bucket  at any time ... arn:aws:s3:::/", a bucket of no name.
     */
    @Test
    void aNameStartingWithASlashIsNoBucketAndNoDataEventNoteIsMadeOfIt() {
        InvestigationResult r = run(incident, InvestigationArgs.of("/aws/cloudtrail/org-audit"));
        assertEquals(List.of("the store holds no call that deletes, terminates or removes /aws/cloudtrail/org-audit at"
                + " any time, in any region"), r.notes());
    }

    @Test
    void aMissingResourceOrUnknownNameIsAUsageErrorThatSaysWhatItTakes() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> run(incident, InvestigationArgs.none()));
        assertTrue(none.getMessage().startsWith("investigate who-deleted needs RESOURCE: a bucket"), none.getMessage());
        assertTrue(none.getMessage().contains("usage: who-deleted RESOURCE [--since TIME] [--until TIME] [--limit N]"),
                none.getMessage());
        try (EventStore s = IncidentStores.read(incident)) {
            IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                    () -> new Investigator(s, IncidentStores.CLOCK).run("who-stole", InvestigationArgs.none()));
            assertTrue(unknown.getMessage().startsWith("there is no investigation 'who-stole'; the investigations are:"
                    + " who-deleted, key"), unknown.getMessage());
            IllegalArgumentException ip = assertThrows(IllegalArgumentException.class,
                    () -> new Investigator(s, IncidentStores.CLOCK).run("who-deleted",
                            new InvestigationArgs("x", null, null, null, null, "203.0.113.66", null)));
            assertTrue(ip.getMessage().startsWith("investigate who-deleted does not take --ip"), ip.getMessage());
        }
    }

    /**
     * mfaAuthenticated tells only of an AWS MFA device: of a role session (a SAML or web identity one too, whose
     * identity provider may ask for MFA CloudTrail never sees) "false" is no more than "not MFA-authenticated in AWS";
     * of an IAM user or root it is "without MFA".
     */
    @Test
    void aSessionIsNotSaidToBeWithoutMfaOnlyNotMfaAuthenticatedInAws() {
        List<String> columns = List.of("principal", "identity_type", "access_key_id", "session_issuer_arn", "mfa",
                "invoked_by", "source_ip", "user_agent");
        java.util.function.BiFunction<String, String, String> who = (type, issuer) -> WhoDeleted.who(
                new io.trailkeeper.events.Table("deletions", columns, List.of()), java.util.Arrays.asList("p", type,
                        "ASIAEXAMPLE", issuer, "false", null, "203.0.113.9", "aws-cli/2"));
        assertTrue(who.apply("IAMUser", null).contains(", without MFA)"), who.apply("IAMUser", null));
        assertTrue(who.apply("Root", null).contains(", without MFA)"), who.apply("Root", null));
        for (String[] session : new String[][] {{"AssumedRole", "arn:aws:iam::111122223333:role/Okta"},
                {"FederatedUser", null}, {"WebIdentityUser", null}, {"SAMLUser", null}}) {
            String text = who.apply(session[0], session[1]);
            assertTrue(text.contains("not MFA-authenticated in AWS)") && !text.contains("without MFA"), text);
        }
    }
}
