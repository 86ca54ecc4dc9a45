package io.trailkeeper.audit.checks;

import static io.trailkeeper.audit.Outcomes.fail;
import static io.trailkeeper.audit.Outcomes.mentions;
import static io.trailkeeper.audit.Outcomes.pass;
import static io.trailkeeper.audit.Outcomes.unknown;

import io.trailkeeper.audit.AuditContext;
import io.trailkeeper.audit.SnapshotBuilder;
import io.trailkeeper.events.Finding;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrailDeliveryCheckTest {
    private final TrailDeliveryCheck check = new TrailDeliveryCheck();

    private List<Finding> run(SnapshotBuilder b) {
        return check.evaluate(b.build(), SnapshotBuilder.context());
    }

    @Test
    void passesWithARecentDelivery() {
        mentions(pass(run(SnapshotBuilder.wellConfigured())), "delivered at 2025-03-01T11:00:00Z");
    }

    @Test
    void aDelivery23HoursOldIsRecentAnd25HoursIsNot() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().latestDeliveryTime = SnapshotBuilder.NOW.minus(Duration.ofHours(23));
        pass(run(b));
        b.trail().latestDeliveryTime = SnapshotBuilder.NOW.minus(Duration.ofHours(25));
        mentions(fail(run(b)), "last delivered at 2025-02-28T11:00:00Z, 25 hours before the audit");
    }

    @Test
    void aSnapshotAuditedLaterIsJudgedAtTheTimeItWasTaken() {
        // collected at NOW with a delivery an hour before; audited offline ten days later
        AuditContext later = new AuditContext(java.util.Set.of(), java.util.Set.of(),
                java.time.Clock.fixed(SnapshotBuilder.NOW.plus(Duration.ofDays(10)), java.time.ZoneOffset.UTC));
        pass(check.evaluate(SnapshotBuilder.wellConfigured().build(), later));
    }

    @Test
    void failsOnADeliveryError() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().latestDeliveryError = "AccessDenied";
        mentions(fail(run(b)), "cannot deliver log files: AccessDenied");
    }

    @Test
    void failsOnADigestDeliveryError() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().latestDigestDeliveryError = "NoSuchBucket";
        mentions(fail(run(b)), "cannot deliver digest files: NoSuchBucket");
    }

    @Test
    void failsWhenALoggingTrailNeverDelivered() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().latestDeliveryTime = null;
        mentions(fail(run(b)), "reports no delivery");
    }

    @Test
    void aStoppedTrailWithoutErrorsIsLeftToTheLoggingCheck() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().logging = false;
        b.trail().latestDeliveryTime = SnapshotBuilder.NOW.minus(Duration.ofDays(30));
        mentions(pass(run(b)), "see cloudtrail_trail_logging");
    }

    @Test
    void unknownWhenTheStatusCouldNotBeRead() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().logging = null;
        b.trail().errors.put("status", "AccessDenied");
        mentions(unknown(run(b)), "could not be read: AccessDenied");
    }

    @Test
    void aLoggingTrailWhoseBucketNoLongerExistsCannotDeliverWhateverItsStatusSays() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.bucket().exists = false;
        mentions(fail(run(b)), "cannot deliver: its bucket", "no longer exists (CloudTrail's last reported delivery:"
                + " 2025-03-01T11:00:00Z)");
    }
}
