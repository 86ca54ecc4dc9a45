package io.trailkeeper.audit.checks;

import static io.trailkeeper.audit.Outcomes.fail;
import static io.trailkeeper.audit.Outcomes.mentions;
import static io.trailkeeper.audit.Outcomes.pass;
import static io.trailkeeper.audit.Outcomes.unknown;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.audit.SnapshotBuilder;
import io.trailkeeper.events.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogFileValidationCheckTest {
    private final LogFileValidationCheck check = new LogFileValidationCheck();

    private List<Finding> run(SnapshotBuilder b) {
        return check.evaluate(b.build(), SnapshotBuilder.context());
    }

    @Test
    void passesWhenDigestsAreWritten() {
        mentions(pass(run(SnapshotBuilder.wellConfigured())), "writes digest files");
    }

    @Test
    void failsPerTrailWhenValidationIsOff() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().logFileValidation = false;
        Finding f = fail(run(b));
        assertEquals(SnapshotBuilder.TRAIL_ARN, f.resource());
        mentions(f, "cannot be detected");
    }

    @Test
    void failsWithoutATrail() {
        mentions(fail(run(SnapshotBuilder.noTrail())), "no trail");
    }

    @Test
    void unknownWhenNoTrailWasFoundWhereCloudTrailCouldNotBeRead() {
        unknown(run(SnapshotBuilder.noTrail().unreadable("cloudtrail ap-southeast-2", "ExpiredToken")));
    }
}
