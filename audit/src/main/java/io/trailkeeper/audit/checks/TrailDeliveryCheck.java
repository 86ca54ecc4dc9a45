package io.trailkeeper.audit.checks;

import io.trailkeeper.audit.AuditContext;
import io.trailkeeper.audit.Check;
import io.trailkeeper.audit.internal.Inputs;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshot.Trail;
import io.trailkeeper.events.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Each trail's files arrive: CloudTrail reports no delivery error (for log or digest files), and a logging
 * trail delivered within the last 24 hours of the audit's clock, to a bucket that exists (the status shows a
 * deleted bucket only at CloudTrail's next delivery attempt). A trail can log and still lose everything
 * when its bucket policy, key or bucket is broken.
 */
public final class TrailDeliveryCheck implements Check {
    public static final String ID = "cloudtrail_delivery_healthy";
    static final Duration RECENT = Duration.ofHours(24);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(AccountSnapshot snapshot, AuditContext context) {
        if (snapshot.trails().isEmpty()) {
            return List.of(Inputs.trailOnly(ID, snapshot, "nothing is delivered"));
        }
        // judged at the moment the snapshot was taken: a snapshot audited offline later says what was true then
        Instant now = snapshot.collectedAt() != null ? snapshot.collectedAt() : context.clock().instant();
        return snapshot.trails().stream().map(t -> judge(snapshot, t, now)).toList();
    }

    private static Finding judge(AccountSnapshot snapshot, Trail trail, Instant now) {
        String resource = Inputs.resource(trail);
        String error = Inputs.error(trail.errors(), Inputs.TRAIL_STATUS);
        if (error != null || trail.logging() == null) {
            return Finding.unknown(ID, resource, trail.homeRegion(), "the status of " + Inputs.describe(trail)
                    + " could not be read" + (error == null ? "" : ": " + error));
        }
        if (present(trail.latestDeliveryError())) {
            return Finding.fail(ID, resource, trail.homeRegion(), Inputs.describe(trail) + " cannot deliver log files: "
                    + trail.latestDeliveryError());
        }
        if (present(trail.latestDigestDeliveryError())) {
            return Finding.fail(ID, resource, trail.homeRegion(), Inputs.describe(trail)
                    + " cannot deliver digest files: " + trail.latestDigestDeliveryError());
        }
        if (!trail.logging()) {
            return Finding.pass(ID, resource, trail.homeRegion(), Inputs.describe(trail)
                    + " reports no delivery error (it is not logging: see cloudtrail_trail_logging)");
        }
        Instant latest = trail.latestDeliveryTime();
        boolean bucketGone = trail.s3BucketName() != null && Inputs.bucket(snapshot, trail.s3BucketName())
                .map(b -> !b.exists() && Inputs.error(b.errors(), Inputs.WHOLE_BUCKET) == null).orElse(false);
        if (bucketGone) {
            // CloudTrail reports the failed delivery only at its next attempt: until then the status looks healthy
            return Finding.fail(ID, resource, trail.homeRegion(), Inputs.describe(trail) + " cannot deliver: its"
                    + " bucket " + trail.s3BucketName() + " no longer exists (CloudTrail's last reported delivery: "
                    + (latest == null ? "none" : latest) + ")");
        }
        if (latest == null) {
            return Finding.fail(ID, resource, trail.homeRegion(), Inputs.describe(trail)
                    + " is logging but CloudTrail reports no delivery to S3");
        }
        Duration age = Duration.between(latest, now);
        if (age.compareTo(RECENT) > 0) {
            return Finding.fail(ID, resource, trail.homeRegion(), Inputs.describe(trail) + " last delivered at "
                    + latest + ", " + age.toHours() + " hours before the audit");
        }
        return Finding.pass(ID, resource, trail.homeRegion(), Inputs.describe(trail) + " delivered at " + latest);
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
