package io.trailkeeper.audit.checks;

import static io.trailkeeper.audit.Outcomes.fail;
import static io.trailkeeper.audit.Outcomes.mentions;
import static io.trailkeeper.audit.Outcomes.pass;
import static io.trailkeeper.audit.Outcomes.unknown;

import io.trailkeeper.audit.SnapshotBuilder;
import io.trailkeeper.events.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class GlobalServiceEventsCheckTest {
    private final GlobalServiceEventsCheck check = new GlobalServiceEventsCheck();

    private List<Finding> run(SnapshotBuilder b) {
        return check.evaluate(b.build(), SnapshotBuilder.context());
    }

    @Test
    void passesWhenTheMultiRegionTrailIncludesThem() {
        mentions(pass(run(SnapshotBuilder.wellConfigured())), "recorded by main");
    }

    @Test
    void aSingleRegionTrailInUsEast1IsEnough() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().multiRegion = false;
        pass(run(b));
    }

    @Test
    void aSingleRegionTrailElsewhereDoesNotReceiveThem() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().multiRegion = false;
        b.trail().homeRegion = "eu-west-1";
        mentions(fail(run(b)), "no logging trail records global service events");
    }

    @Test
    void failsWhenTheTrailExcludesThem() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().includeGlobalServiceEvents = false;
        mentions(fail(run(b)), "excluded by main");
    }

    @Test
    void failsWithoutATrail() {
        mentions(fail(run(SnapshotBuilder.noTrail())), "kept 90 days only");
    }

    @Test
    void unknownWhenATrailsStatusCouldNotBeRead() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().logging = null;
        mentions(unknown(run(b)), "status could not be read");
    }

    @Test
    void aTrailLoggingOnlyDataEventsRecordsNone() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().s3DataEventsOnly();
        mentions(fail(run(b)), "main logs no management events");
        SnapshotBuilder basic = SnapshotBuilder.wellConfigured();
        basic.trail().basicManagement("All", false);
        fail(run(basic));
    }

    @Test
    void aWriteOnlyTrailMissesAssumeRole() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().basicManagement("WriteOnly", true);
        mentions(fail(run(b)), "recorded only in part", "main does not log STS AssumeRole (who assumed which role)");
    }

    @Test
    void unknownForAnUnreadEventDataStoreStillSaysWhatTheWriteOnlyTrailMisses() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().basicManagement("WriteOnly", true);
        b.unreadable(io.trailkeeper.events.AccountSnapshot.EVENT_DATA_STORES, "HTTP 500");
        mentions(unknown(run(b)), "HTTP 500", "; what is known: main does not log STS AssumeRole");
    }
}
