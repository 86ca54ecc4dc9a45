package io.trailkeeper.audit.checks;

import static io.trailkeeper.audit.Outcomes.fail;
import static io.trailkeeper.audit.Outcomes.mentions;
import static io.trailkeeper.audit.Outcomes.pass;
import static io.trailkeeper.audit.Outcomes.unknown;

import io.trailkeeper.audit.SnapshotBuilder;
import io.trailkeeper.events.AccountSnapshot.KmsKey;
import io.trailkeeper.events.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrailKmsEncryptionCheckTest {
    private final TrailKmsEncryptionCheck check = new TrailKmsEncryptionCheck();

    private List<Finding> run(SnapshotBuilder b) {
        return check.evaluate(b.build(), SnapshotBuilder.context());
    }

    @Test
    void passesWithAKmsKey() {
        mentions(pass(run(SnapshotBuilder.wellConfigured())), "encrypts with KMS key");
    }

    @Test
    void aKeyNamedByItsIdMatchesTheInventoriedArn() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().kmsKeyId = "1234abcd";
        b.kmsKeys.set(0, new KmsKey("arn:aws:kms:us-east-1:111122223333:key/1234abcd", "us-east-1", "Disabled", true,
                null, null));
        mentions(fail(run(b)), "which is Disabled");
    }

    @Test
    void failsWithSseS3Only() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().kmsKeyId = null;
        mentions(fail(run(b)), "SSE-S3 only");
    }

    @Test
    void failsWhenTheKeyIsPendingDeletion() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.kmsKeys.set(0, new KmsKey(b.trail().kmsKeyId, "us-east-1", "PendingDeletion", true, null, null));
        mentions(fail(run(b)), "PendingDeletion", "will not be readable");
    }

    @Test
    void unknownWithoutTrailsWhereCloudTrailCouldNotBeRead() {
        unknown(run(SnapshotBuilder.noTrail().unreadable("cloudtrail", "AccessDenied")));
    }
}
