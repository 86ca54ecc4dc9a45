package io.trailkeeper.audit.checks;

import static io.trailkeeper.audit.Outcomes.fail;
import static io.trailkeeper.audit.Outcomes.mentions;
import static io.trailkeeper.audit.Outcomes.pass;
import static io.trailkeeper.audit.Outcomes.unknown;

import io.trailkeeper.audit.SnapshotBuilder;
import io.trailkeeper.events.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrailBucketAccessLoggingCheckTest {
    private final TrailBucketAccessLoggingCheck check = new TrailBucketAccessLoggingCheck();

    private List<Finding> run(SnapshotBuilder b) {
        return check.evaluate(b.build(), SnapshotBuilder.context());
    }

    @Test
    void passesWhenAccessIsLoggedElsewhere() {
        mentions(pass(run(SnapshotBuilder.wellConfigured())), "logged to access-logs-111122223333");
    }

    @Test
    void loggingIntoItselfPassesWithANote() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.bucket().loggingTargetBucket = SnapshotBuilder.TRAIL_BUCKET;
        mentions(pass(run(b)), "prefer another bucket");
    }

    @Test
    void failsWhenOff() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.bucket().loggingTargetBucket = null;
        mentions(fail(run(b)), "server access logging is off");
    }

    @Test
    void unknownWhenUnreadable() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.bucket().loggingTargetBucket = null;
        b.bucket().errors.put("logging", "AccessDenied");
        unknown(run(b));
    }
}
