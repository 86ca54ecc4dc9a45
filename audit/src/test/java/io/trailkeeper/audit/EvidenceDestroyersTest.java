package io.trailkeeper.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.audit.EvidenceDestroyers.Destroyer;
import io.trailkeeper.audit.EvidenceDestroyers.TrailEvidence;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshot.Iam;
import io.trailkeeper.events.AccountSnapshot.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvidenceDestroyersTest {

    private static TrailEvidence evidence(SnapshotBuilder b) {
        EvidenceDestroyers all = EvidenceDestroyers.of(b.build(), SnapshotBuilder.context());
        assertTrue(all.readable(), all.unreadable());
        assertEquals(1, all.trails().size());
        return all.trails().get(0);
    }

    private static Destroyer named(TrailEvidence e, String name) {
        return e.destroyers().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow(
                () -> new AssertionError(name + " not among " + e.destroyers()));
    }

    private static SnapshotBuilder withRole(String name, String policy) {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        List<Principal> roles = new ArrayList<>(b.iam.roles());
        roles.add(new Principal(name, "arn:aws:iam::111122223333:role/" + name, List.of(), Map.of("inline", policy),
                List.of(), null, null));
        b.iam = new Iam(b.iam.users(), b.iam.groups(), roles, b.iam.policies());
        return b;
    }

    @Test
    void groupPoliciesReachTheirUsersAndTheBucketPolicyDenyHoldsThemToTheTrailActions() {
        TrailEvidence e = evidence(SnapshotBuilder.wellConfigured());
        Destroyer alice = named(e, "alice");
        assertEquals(EvidenceDestroyers.TRAIL_ACTIONS, alice.actions());
        assertEquals("user", alice.kind());
        assertFalse(alice.breakGlass());
        assertTrue(named(e, "BreakGlass").breakGlass());
        assertEquals(10, named(e, "BreakGlass").actions().size());
        assertEquals(List.of(alice), e.besidesBreakGlass());
        assertTrue(e.destroyers().stream().noneMatch(d -> d.name().equals("Auditor")));
        assertEquals(List.of(), e.caveats());
    }

    @Test
    void withoutTheBucketPolicyAnAdministratorCanDoEverything() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.bucket().policy = null;
        assertEquals(10, named(evidence(b), "alice").actions().size());
    }

    @Test
    void anIdentityDenyAndAScopedAllowAreRespected() {
        SnapshotBuilder b = withRole("LogJanitor", """
                {"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::trail-logs-111122223333/*"},
                 {"Effect":"Deny","Action":"s3:DeleteObjectVersion","Resource":"*"}]}""");
        assertTrue(evidence(b).destroyers().stream().noneMatch(d -> d.name().equals("LogJanitor")),
                "the bucket policy's Deny stops it");
        b.bucket().policy = null;
        Destroyer janitor = named(evidence(b), "LogJanitor");
        assertEquals(List.of("s3:DeleteObject"), janitor.actions());
        assertEquals(List.of(), janitor.conditionalActions());
    }

    @Test
    void aRoleTheBucketPolicyNamesCanDeleteLogsWithoutAnIdentityPolicy() {
        SnapshotBuilder b = withRole("Cleaner", "{\"Statement\":[]}");
        b.bucket().policy = """
                {"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/Cleaner"},
                 "Action":"s3:DeleteObject","Resource":"arn:aws:s3:::trail-logs-111122223333/*"}]}""";
        assertEquals(List.of("s3:DeleteObject"), named(evidence(b), "Cleaner").actions());
        assertEquals("role/Cleaner: s3:DeleteObject", named(evidence(b), "Cleaner").summary());
    }

    @Test
    void conditionalPermissionsAreListedApart() {
        Destroyer ops = named(evidence(withRole("Ops", """
                {"Statement":{"Effect":"Allow","Action":"cloudtrail:StopLogging","Resource":"*",
                 "Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}}""")), "Ops");
        assertEquals(List.of(), ops.actions());
        assertEquals(List.of("cloudtrail:StopLogging"), ops.conditionalActions());
        assertEquals("role/Ops: (conditional: cloudtrail:StopLogging)", ops.summary());
    }

    @Test
    void whatCouldNotBeTakenIntoAccountIsSaid() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.iam = new Iam(b.iam.users(), b.iam.groups(), b.iam.roles(), List.of(b.iam.policies().get(1)));
        b.bucket().owner = "999988887777";
        b.trail().arn = "arn:aws:cloudtrail:us-east-1:999988887777:trail/org";
        TrailEvidence e = evidence(b);
        assertEquals(List.of(), e.destroyers());
        assertEquals(4, e.caveats().size(), e.caveats()::toString);
        assertTrue(e.caveats().get(0).contains("the trail belongs to account 999988887777"), e.caveats()::toString);
        assertTrue(String.join(" ", e.caveats()).contains("AdministratorAccess (attached to Admins) is not in the"
                + " snapshot"), e.caveats()::toString);
    }

    @Test
    void anUnreadableBucketPolicyIsACaveat() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.bucket().policy = null;
        b.bucket().errors.put("policy", "AccessDenied");
        TrailEvidence e = evidence(b);
        assertTrue(e.caveats().get(0).contains("could not be read (AccessDenied)"), e.caveats()::toString);
    }

    @Test
    void unreadableIamIsSaidNotGuessed() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.iam = null;
        EvidenceDestroyers all = EvidenceDestroyers.of(b.build(), SnapshotBuilder.context());
        assertFalse(all.readable());
        assertEquals("IAM authorization details are not in the snapshot", all.unreadable());
        assertEquals(List.of(), all.trails());
    }

    @Test
    void anOrganizationTrailsLogsAreJudgedUnderTheOrganizationsPath() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().organization = true;
        b.bucket().policy = SnapshotBuilder.protectivePolicy(SnapshotBuilder.TRAIL_BUCKET, SnapshotBuilder.BREAK_GLASS)
                .replace(SnapshotBuilder.TRAIL_BUCKET + "/*\"]", SnapshotBuilder.TRAIL_BUCKET
                        + "/AWSLogs/111122223333/*\"]");
        TrailEvidence e = evidence(b);
        assertTrue(named(e, "alice").actions().containsAll(EvidenceDestroyers.OBJECT_ACTIONS), named(e, "alice").summary());
        assertTrue(e.caveats().stream().anyMatch(c -> c.contains("organization trail")), e.caveats().toString());
    }

    @Test
    void aPermissionsBoundaryLimitsAnAdministratorRole() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.bucket().policy = null;
        String readOnly = "arn:aws:iam::111122223333:policy/read-only-boundary";
        String deleteOnly = "arn:aws:iam::111122223333:policy/delete-objects-boundary";
        List<AccountSnapshot.ManagedPolicy> policies = new ArrayList<>(b.iam.policies());
        policies.add(new AccountSnapshot.ManagedPolicy(readOnly, "read-only-boundary",
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:Get*\",\"s3:List*\"],\"Resource\":\"*\"}]}"));
        policies.add(new AccountSnapshot.ManagedPolicy(deleteOnly, "delete-objects-boundary",
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:DeleteObject\",\"Resource\":\"*\"}]}"));
        List<Principal> roles = new ArrayList<>(b.iam.roles());
        String admin = "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
        roles.add(new Principal("Bounded", "arn:aws:iam::111122223333:role/Bounded", List.of(),
                Map.of("admin", admin), List.of(), null, readOnly));
        roles.add(new Principal("Deleter", "arn:aws:iam::111122223333:role/Deleter", List.of(),
                Map.of("admin", admin), List.of(), null, deleteOnly));
        roles.add(new Principal("Unknown", "arn:aws:iam::111122223333:role/Unknown", List.of(),
                Map.of("admin", admin), List.of(), null, "arn:aws:iam::111122223333:policy/not-read"));
        b.iam = new Iam(b.iam.users(), b.iam.groups(), roles, policies);
        TrailEvidence e = evidence(b);
        // its boundary allows no destructive action, whatever its own policy says
        assertTrue(e.destroyers().stream().noneMatch(d -> d.name().equals("Bounded")), e.destroyers().toString());
        assertEquals(List.of("s3:DeleteObject"), named(e, "Deleter").actions());
        assertEquals(10, named(e, "Unknown").actions().size(), "a boundary not read is not taken as one");
        assertTrue(e.caveats().contains("permissions boundary arn:aws:iam::111122223333:policy/not-read (of Unknown)"
                + " is not in the snapshot: Unknown is judged without it"), e.caveats().toString());
    }

    /**
     * A bucket policy's grant to a user's own ARN is not limited by the user's permissions boundary, but an explicit
     * Deny in the boundary still wins, as a Deny in any policy does.
     */
    @Test
    void aBoundarysExplicitDenyStopsEvenAGrantToTheUsersOwnArn() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        String readOnly = "arn:aws:iam::111122223333:policy/read-only-boundary";
        String denyDelete = "arn:aws:iam::111122223333:policy/deny-delete-boundary";
        List<AccountSnapshot.ManagedPolicy> policies = new ArrayList<>(b.iam.policies());
        policies.add(new AccountSnapshot.ManagedPolicy(readOnly, "read-only-boundary",
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:Get*\",\"s3:List*\"],\"Resource\":\"*\"}]}"));
        policies.add(new AccountSnapshot.ManagedPolicy(denyDelete, "deny-delete-boundary",
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
                        + "{\"Effect\":\"Deny\",\"Action\":\"s3:DeleteObject\",\"Resource\":\"*\"}]}"));
        List<Principal> users = new ArrayList<>(b.iam.users());
        users.add(new Principal("granted", "arn:aws:iam::111122223333:user/granted", List.of(), Map.of(), List.of(),
                null, readOnly));
        users.add(new Principal("denied", "arn:aws:iam::111122223333:user/denied", List.of(), Map.of(), List.of(),
                null, denyDelete));
        b.iam = new Iam(users, b.iam.groups(), b.iam.roles(), policies);
        b.bucket().policy = """
                {"Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:user/granted",
                 "arn:aws:iam::111122223333:user/denied"]},
                 "Action":"s3:DeleteObject","Resource":"arn:aws:s3:::trail-logs-111122223333/*"}]}""";
        TrailEvidence e = evidence(b);
        assertEquals(List.of("s3:DeleteObject"), named(e, "granted").actions(), "the boundary does not limit it");
        assertTrue(e.destroyers().stream().noneMatch(d -> d.name().equals("denied")), e.destroyers().toString());
    }
}
