package io.trailkeeper.audit.checks;

import static io.trailkeeper.audit.Outcomes.fail;
import static io.trailkeeper.audit.Outcomes.mentions;
import static io.trailkeeper.audit.Outcomes.pass;
import static io.trailkeeper.audit.Outcomes.unknown;

import io.trailkeeper.audit.SnapshotBuilder;
import io.trailkeeper.events.AccountSnapshot.Iam;
import io.trailkeeper.events.AccountSnapshot.Principal;
import io.trailkeeper.events.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvidenceDestroyersCheckTest {
    private final EvidenceDestroyersCheck check = new EvidenceDestroyersCheck();

    private List<Finding> run(SnapshotBuilder b) {
        return check.evaluate(b.build(), SnapshotBuilder.context());
    }

    private static SnapshotBuilder withAdmins(int n) {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        List<Principal> users = new ArrayList<>(b.iam.users());
        for (int i = 1; i < n; i++) {
            users.add(SnapshotBuilder.principal("admin" + i, "user", List.of(SnapshotBuilder.ADMIN_POLICY), List.of()));
        }
        b.iam = new Iam(users, b.iam.groups(), b.iam.roles(), b.iam.policies());
        return b;
    }

    @Test
    void passesWithOneAdministratorBesidesTheBreakGlassRole() {
        Finding f = pass(run(SnapshotBuilder.wellConfigured()));
        mentions(f, "1 principal besides the break-glass role(s)", "user/alice (cloudtrail:StopLogging,"
                + " cloudtrail:DeleteTrail, cloudtrail:UpdateTrail, cloudtrail:PutEventSelectors)");
    }

    @Test
    void failsWithFourAdministratorsAndNoProtectiveBucketPolicy() {
        SnapshotBuilder b = withAdmins(4);
        b.bucket().policy = null;
        mentions(fail(run(b)), "4 principals", "user/admin3 (every action)");
    }

    @Test
    void threeIsStillFew() {
        pass(run(withAdmins(3)));
    }

    @Test
    void conditionalPermissionsCountAndSaySo() {
        SnapshotBuilder b = withAdmins(3);
        List<Principal> roles = new ArrayList<>(b.iam.roles());
        roles.add(new Principal("Ops", "arn:aws:iam::111122223333:role/Ops", List.of(), Map.of("trail-ops", """
                {"Statement":{"Effect":"Allow","Action":"cloudtrail:*","Resource":"*",
                 "Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}}"""), List.of(), null, null));
        b.iam = new Iam(b.iam.users(), b.iam.groups(), roles, b.iam.policies());
        mentions(fail(run(b)), "4 principals", "role/Ops (conditionally cloudtrail:StopLogging", "1 of them only under"
                + " conditions");
    }

    @Test
    void passesWithoutATrail() {
        pass(run(SnapshotBuilder.noTrail()));
    }

    @Test
    void unknownWhenIamCouldNotBeRead() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured().unreadable("iam", "AccessDenied: "
                + "iam:GetAccountAuthorizationDetails");
        b.iam = null;
        mentions(unknown(run(b)), "iam: AccessDenied: iam:GetAccountAuthorizationDetails");
    }
}
