package io.trailkeeper.audit.checks;

import static io.trailkeeper.audit.Outcomes.fail;
import static io.trailkeeper.audit.Outcomes.mentions;
import static io.trailkeeper.audit.Outcomes.pass;
import static io.trailkeeper.audit.Outcomes.unknown;

import io.trailkeeper.audit.SnapshotBuilder;
import io.trailkeeper.events.AccountSnapshot.ObjectLock;
import io.trailkeeper.events.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionProtectedCheckTest {
    private final RetentionProtectedCheck check = new RetentionProtectedCheck();

    private List<Finding> run(SnapshotBuilder b) {
        return check.evaluate(b.build(), SnapshotBuilder.context());
    }

    @Test
    void passesWithComplianceObjectLockFor365Days() {
        mentions(pass(run(SnapshotBuilder.wellConfigured())), "Object Lock COMPLIANCE keeps each log file 365 days");
    }

    @Test
    void governanceModeForAYearPassesAndSaysItCanBeBypassed() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.bucket().objectLock = new ObjectLock(true, "GOVERNANCE", null, 1);
        mentions(pass(run(b)), "s3:BypassGovernanceRetention");
    }

    @Test
    void versioningWithMfaDeletePasses() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.bucket().objectLock = null;
        b.bucket().mfaDelete = "Enabled";
        mentions(pass(run(b)), "MFA delete");
    }

    @Test
    void aShortLockFails() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.bucket().objectLock = new ObjectLock(true, "COMPLIANCE", 30, null);
        mentions(fail(run(b)), "Object Lock COMPLIANCE for only 30 days", "MFA delete Disabled");
    }

    @Test
    void versioningAloneFails() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.bucket().objectLock = null;
        mentions(fail(run(b)), "no Object Lock; versioning Enabled, MFA delete Disabled");
    }

    @Test
    void unknownWhenObjectLockCouldNotBeRead() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.bucket().objectLock = null;
        b.bucket().errors.put("objectLock", "AccessDenied");
        mentions(unknown(run(b)), "Object Lock (AccessDenied)");
    }
}
