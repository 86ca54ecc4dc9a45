package io.trailkeeper.audit.checks;

import static io.trailkeeper.audit.Outcomes.all;
import static io.trailkeeper.audit.Outcomes.fail;
import static io.trailkeeper.audit.Outcomes.mentions;
import static io.trailkeeper.audit.Outcomes.pass;
import static io.trailkeeper.audit.Outcomes.unknown;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.audit.SnapshotBuilder;
import io.trailkeeper.events.Finding;
import io.trailkeeper.events.Finding.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultiRegionTrailCheckTest {
    private final MultiRegionTrailCheck check = new MultiRegionTrailCheck();

    private List<Finding> run(SnapshotBuilder b) {
        return check.evaluate(b.build(), SnapshotBuilder.context());
    }

    @Test
    void passesWithALoggingMultiRegionTrail() {
        mentions(pass(run(SnapshotBuilder.wellConfigured())), "multi-region trail main (us-east-1) records every region");
    }

    @Test
    void passesWithAnOrganizationTrail() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().organization = true;
        b.trail().arn = "arn:aws:cloudtrail:us-east-1:999988887777:trail/org";
        mentions(pass(run(b)), "organization trail");
    }

    @Test
    void aSingleRegionTrailFailsEveryEnabledRegionOnItsOwn() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().multiRegion = false;
        List<Finding> findings = run(b);
        all(findings, Outcome.FAIL);
        assertEquals(List.of("us-east-1", "eu-west-1", "ap-southeast-2"), findings.stream().map(Finding::region).toList());
        mentions(findings.get(0), "only the single-region trail main records us-east-1");
        mentions(findings.get(1), "no trail records eu-west-1", "90-day event history");
        mentions(findings.get(2), "its recent events (37, latest");
    }

    @Test
    void aStoppedMultiRegionTrailDoesNotCount() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().logging = false;
        all(run(b), Outcome.FAIL);
    }

    @Test
    void failsForTheAccountWhenNoRegionIsKnown() {
        SnapshotBuilder b = SnapshotBuilder.noTrail();
        b.regions.clear();
        mentions(fail(run(b)), "no logging multi-region trail");
    }

    @Test
    void unknownWhenTheMultiRegionTrailsStatusCouldNotBeRead() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().logging = null;
        mentions(unknown(run(b)), "the status of main is unknown");
    }

    @Test
    void unknownWhenCloudTrailCouldNotBeReadSomewhere() {
        mentions(unknown(run(SnapshotBuilder.noTrail().unreadable("cloudtrail", "AccessDenied"))), "AccessDenied");
    }

    @Test
    void aTrailLoggingOnlyDataEventsRecordsNoRegion() {
        SnapshotBuilder advanced = SnapshotBuilder.wellConfigured();
        advanced.trail().s3DataEventsOnly();
        List<Finding> findings = run(advanced);
        all(findings, Outcome.FAIL);
        mentions(findings.get(1), "no trail records eu-west-1", "main logs no management events");
        SnapshotBuilder basic = SnapshotBuilder.wellConfigured();
        basic.trail().basicManagement("All", false);
        all(run(basic), Outcome.FAIL);
    }

    @Test
    void aWriteOnlyTrailFailsAndSaysReadsAreLost() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().basicManagement("WriteOnly", true);
        mentions(fail(run(b)), "records every region, but only write management events are logged",
                "STS AssumeRole, KMS Decrypt");
    }

    @Test
    void unknownForAnUnreadEventDataStoreStillSaysWhatTheWriteOnlyTrailLoses() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().basicManagement("WriteOnly", true);
        b.unreadable(io.trailkeeper.events.AccountSnapshot.EVENT_DATA_STORES, "HTTP 500");
        mentions(unknown(run(b)), "HTTP 500", "; what is known: multi-region trail main (us-east-1) records every"
                + " region, but only write management events are logged");
    }

    @Test
    void excludedSourcesPassWithANoteNamingThem() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().basicManagement("All", true, "kms.amazonaws.com");
        mentions(pass(run(b)), "records every region; note: management events from kms.amazonaws.com are not logged",
                "KMS Decrypt is the evidence that encrypted data was read");
    }

    @Test
    void unknownWhenTheSelectorsOfTheMultiRegionTrailCouldNotBeRead() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().advancedEventSelectors.clear();
        b.trail().errors.put("eventSelectors", "AccessDenied");
        mentions(unknown(run(b)), "the event selectors of main could not be read");
    }
}
