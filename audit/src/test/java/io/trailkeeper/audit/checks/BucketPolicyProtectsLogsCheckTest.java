package io.trailkeeper.audit.checks;

import static io.trailkeeper.audit.Outcomes.fail;
import static io.trailkeeper.audit.Outcomes.mentions;
import static io.trailkeeper.audit.Outcomes.pass;
import static io.trailkeeper.audit.Outcomes.unknown;

import io.trailkeeper.audit.AuditContext;
import io.trailkeeper.audit.SnapshotBuilder;
import io.trailkeeper.events.Finding;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BucketPolicyProtectsLogsCheckTest {
    /** An audit with no --break-glass-role named. */
    private static final AuditContext NO_BREAK_GLASS = new AuditContext(Set.of(), Set.of(),
            Clock.fixed(SnapshotBuilder.NOW, ZoneOffset.UTC));
    private final BucketPolicyProtectsLogsCheck check = new BucketPolicyProtectsLogsCheck();

    private List<Finding> run(SnapshotBuilder b) {
        return check.evaluate(b.build(), SnapshotBuilder.context());
    }

    private static String deny(String actions, String principal, String condition) {
        return """
                {"Statement":[{"Effect":"Deny","%s":%s,"Action":[%s],
                 "Resource":["arn:aws:s3:::trail-logs-111122223333","arn:aws:s3:::trail-logs-111122223333/*"]%s}]}
                """.formatted(principal.startsWith("{") ? "NotPrincipal" : "Principal", principal, actions, condition);
    }

    private static final String ALL = "\"s3:DeleteObject*\",\"s3:PutLifecycleConfiguration\",\"s3:PutBucketPolicy\","
            + "\"s3:DeleteBucketPolicy\",\"s3:DeleteBucket\"";

    @Test
    void passesWhenOnlyTheBreakGlassRoleIsSpared() {
        mentions(pass(run(SnapshotBuilder.wellConfigured())), "all but " + SnapshotBuilder.BREAK_GLASS);
    }

    @Test
    void notPrincipalNamingTheBreakGlassRolePasses() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.bucket().policy = deny(ALL, "{\"AWS\":[\"" + SnapshotBuilder.BREAK_GLASS + "\"]}", "");
        pass(run(b));
    }

    @Test
    void failsWithoutAPolicy() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.bucket().policy = null;
        mentions(fail(run(b)), "there is no bucket policy to deny s3:DeleteObject, s3:DeleteObjectVersion");
    }

    @Test
    void denyingDeleteObjectAloneLeavesVersionsAndTheLifecycleOpen() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.bucket().policy = deny("\"s3:DeleteObject\"", "\"*\"", "");
        mentions(fail(run(b)), "s3:DeleteObjectVersion, s3:PutLifecycleConfiguration");
    }

    @Test
    void aDenyThatHoldsOnlyWithoutMfaDoesNotCount() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.bucket().policy = deny(ALL, "\"*\"", ",\"Condition\":{\"BoolIfExists\":{\"aws:MultiFactorAuthPresent\":\"false\"}}");
        mentions(fail(run(b)), "denied only under BoolIfExists aws:MultiFactorAuthPresent");
    }

    @Test
    void failsWhenTheDenySparesMoreThanTheBreakGlassRole() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.bucket().policy = deny(ALL, "\"*\"", ",\"Condition\":{\"ArnNotLike\":{\"aws:PrincipalArn\":[\""
                + SnapshotBuilder.BREAK_GLASS + "\",\"arn:aws:iam::111122223333:role/Ops*\"]}}");
        mentions(fail(run(b)), "also spares arn:aws:iam::111122223333:role/Ops*");
    }

    @Test
    void withoutNamedBreakGlassRolesTheExceptionsAreListed() {
        Finding f = pass(check.evaluate(SnapshotBuilder.wellConfigured().build(), NO_BREAK_GLASS));
        mentions(f, "name the break-glass roles");
    }

    @Test
    void aDenyThatSparesEveryPrincipalOfTheAccountProtectsNothingEvenWithoutNamedBreakGlassRoles() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.bucket().policy = deny(ALL, "\"*\"", ",\"Condition\":{\"StringNotLike\":{\"aws:PrincipalArn\":"
                + "\"arn:aws:iam::111122223333:*\"}}");
        mentions(fail(check.evaluate(b.build(), NO_BREAK_GLASS)),
                "s3:DeleteObject (the Deny spares every principal matching arn:aws:iam::111122223333:*)");
        b.bucket().policy = deny(ALL, "\"*\"", ",\"Condition\":{\"ArnNotLike\":{\"aws:PrincipalArn\":[\""
                + SnapshotBuilder.BREAK_GLASS + "\",\"arn:aws:iam::111122223333:role/*\"]}}");
        mentions(fail(check.evaluate(b.build(), NO_BREAK_GLASS)), "spares every principal matching arn:aws:iam::111122223333:role/*");
        b.bucket().policy = deny(ALL, "\"*\"", ",\"Condition\":{\"StringNotLike\":{\"aws:PrincipalArn\":\"*\"}}");
        mentions(fail(check.evaluate(b.build(), NO_BREAK_GLASS)), "spares every principal matching *");
    }

    @Test
    void aPatternForTheBreakGlassRolesNamesStillCountsAsAnException() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.bucket().policy = deny(ALL, "\"*\"", ",\"Condition\":{\"ArnNotLike\":{\"aws:PrincipalArn\":"
                + "\"arn:aws:iam::111122223333:role/BreakGlass*\"}}");
        mentions(pass(check.evaluate(b.build(), NO_BREAK_GLASS)), "all but arn:aws:iam::111122223333:role/BreakGlass*");
    }

    @Test
    void aPatternThatMatchesSomeRoleNamesOnlyStillCountsAsAnException() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.bucket().policy = deny(ALL, "\"*\"", ",\"Condition\":{\"ArnNotLike\":{\"aws:PrincipalArn\":"
                + "\"arn:aws:iam::111122223333:role/*-role\"}}");
        mentions(pass(check.evaluate(b.build(), NO_BREAK_GLASS)), "all but arn:aws:iam::111122223333:role/*-role");
    }

    @Test
    void unknownWhenThePolicyCouldNotBeRead() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.bucket().policy = null;
        b.bucket().errors.put("policy", "AccessDenied: s3:GetBucketPolicy");
        mentions(unknown(run(b)), "AccessDenied: s3:GetBucketPolicy");
    }

    /** An organization trail whose bucket policy protects log objects under {@code objects} only. */
    private static SnapshotBuilder organization(String objects) {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().organization = true;
        b.bucket().policy = SnapshotBuilder.protectivePolicy(SnapshotBuilder.TRAIL_BUCKET, SnapshotBuilder.BREAK_GLASS)
                .replace(SnapshotBuilder.TRAIL_BUCKET + "/*\"]", SnapshotBuilder.TRAIL_BUCKET + "/" + objects + "\"]");
        return b;
    }

    @Test
    void anOrganizationTrailsLogsAreEveryMemberAccountsUnderTheOrganizationsPath() {
        mentions(fail(run(organization("AWSLogs/111122223333/*"))), "does not deny s3:DeleteObject,"
                + " s3:DeleteObjectVersion", "every member account's logs under AWSLogs/o-<organization id>/<account>/");
        fail(run(organization("AWSLogs/o-a1b2c3d4e5/111122223333/*")));
        pass(run(organization("AWSLogs/*")));
        pass(run(organization("AWSLogs/o-*")));
        pass(run(organization("*")));
    }

    @Test
    void withTheOrganizationsIdAPolicyNamingItsPathCountsAndAnotherOrganizationsDoesNot() {
        // AWS's documented policy for an organization trail's bucket names the organization's own path
        fail(run(organization("AWSLogs/o-a1b2c3d4e5/*"))); // without the id, every organization's path is judged
        pass(run(organization("AWSLogs/o-a1b2c3d4e5/*").organization("o-a1b2c3d4e5")));
        pass(run(organization("AWSLogs/o-*").organization("o-a1b2c3d4e5")));
        fail(run(organization("AWSLogs/o-f6g7h8i9j0/*").organization("o-a1b2c3d4e5")));
        fail(run(organization("AWSLogs/o-a1b2c3d4e5/111122223333/*").organization("o-a1b2c3d4e5"))); // one member
    }
}
