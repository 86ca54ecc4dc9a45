package io.trailkeeper.audit.checks;

import io.trailkeeper.audit.AuditContext;
import io.trailkeeper.audit.Check;
import io.trailkeeper.audit.internal.Inputs;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshot.KmsKey;
import io.trailkeeper.events.AccountSnapshot.Trail;
import io.trailkeeper.events.Finding;
import java.util.List;
import java.util.Optional;

/**
 * Each trail encrypts its files with a KMS key (SSE-KMS), so that reading the logs takes kms:Decrypt as well
 * as s3:GetObject; a key that is disabled or pending deletion fails too, since CloudTrail cannot deliver with
 * it and the files it encrypted become unreadable once it is gone.
 */
public final class TrailKmsEncryptionCheck implements Check {
    public static final String ID = "cloudtrail_kms_encryption_enabled";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(AccountSnapshot snapshot, AuditContext context) {
        if (snapshot.trails().isEmpty()) {
            return List.of(Inputs.trailOnly(ID, snapshot, "no log file to encrypt"));
        }
        return snapshot.trails().stream().map(t -> judge(snapshot, t)).toList();
    }

    private static Finding judge(AccountSnapshot snapshot, Trail trail) {
        String resource = Inputs.resource(trail);
        if (trail.kmsKeyId() == null || trail.kmsKeyId().isBlank()) {
            return Finding.fail(ID, resource, trail.homeRegion(), Inputs.describe(trail)
                    + " uses SSE-S3 only: anyone with s3:GetObject on the bucket reads the logs");
        }
        Optional<KmsKey> key = snapshot.kmsKeys().stream()
                .filter(k -> k.arn() != null && (k.arn().equals(trail.kmsKeyId()) || k.arn().endsWith("/"
                        + trail.kmsKeyId().substring(trail.kmsKeyId().lastIndexOf('/') + 1)))).findFirst();
        if (key.isPresent() && key.get().state() != null && !"Enabled".equalsIgnoreCase(key.get().state())) {
            return Finding.fail(ID, resource, trail.homeRegion(), Inputs.describe(trail) + " encrypts with "
                    + trail.kmsKeyId() + ", which is " + key.get().state() + ": delivery fails and its files"
                    + " will not be readable once the key is gone");
        }
        return Finding.pass(ID, resource, trail.homeRegion(), Inputs.describe(trail) + " encrypts with KMS key "
                + trail.kmsKeyId());
    }
}
