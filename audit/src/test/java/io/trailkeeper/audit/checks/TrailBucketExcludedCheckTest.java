package io.trailkeeper.audit.checks;

import static io.trailkeeper.audit.Outcomes.fail;
import static io.trailkeeper.audit.Outcomes.mentions;
import static io.trailkeeper.audit.Outcomes.pass;
import static io.trailkeeper.audit.Outcomes.unknown;
import static io.trailkeeper.audit.SnapshotBuilder.equalsField;

import io.trailkeeper.audit.SnapshotBuilder;
import io.trailkeeper.events.AccountSnapshot.AdvancedEventSelector;
import io.trailkeeper.events.AccountSnapshot.DataResource;
import io.trailkeeper.events.AccountSnapshot.EventSelector;
import io.trailkeeper.events.AccountSnapshot.FieldSelector;
import io.trailkeeper.events.Finding;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrailBucketExcludedCheckTest {
    private final TrailBucketExcludedCheck check = new TrailBucketExcludedCheck();

    private List<Finding> run(SnapshotBuilder b) {
        return check.evaluate(b.build(), SnapshotBuilder.context());
    }

    private static AdvancedEventSelector allS3(String... more) {
        List<FieldSelector> fields = new ArrayList<>(List.of(
                equalsField("eventCategory", "Data"), equalsField("resources.type", "AWS::S3::Object")));
        if (more.length > 0) {
            fields.add(equalsField("readOnly", more));
        }
        return new AdvancedEventSelector("all S3", fields);
    }

    @Test
    void passesWhenTheTrailExcludesItsOwnBucket() {
        mentions(pass(run(SnapshotBuilder.wellConfigured())), "does not log writes to its own bucket");
    }

    @Test
    void failsWhenEveryBucketIsLoggedIncludingItsOwn() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().advancedEventSelectors.set(1, allS3());
        mentions(fail(run(b)), "a cost feedback loop", "add to its S3 selector resources.ARN NotStartsWith "
                + "arn:aws:s3:::trail-logs-111122223333/", "$0.10 per 100,000");
    }

    @Test
    void basicSelectorsCannotExcludeABucket() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().advancedEventSelectors.clear();
        b.trail().eventSelectors.add(new EventSelector("All", true, List.of(new DataResource("AWS::S3::Object",
                List.of("arn:aws:s3:::"))), null));
        mentions(fail(run(b)), "basic event selectors cannot exclude a bucket");
    }

    @Test
    void readsOnlyCannotLoop() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().advancedEventSelectors.set(1, allS3("true"));
        pass(run(b));
    }

    @Test
    void aTrailWithoutS3DataEventsIsNotApplicableAndPasses() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().advancedEventSelectors.remove(1);
        mentions(pass(run(b)), "no S3 data events selected");
        mentions(pass(run(SnapshotBuilder.noTrail())), "no S3 data events selected (no trail)");
    }

    @Test
    void aSingleRegionTrailDoesNotSeeABucketInAnotherRegion() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().advancedEventSelectors.set(1, allS3());
        b.trail().multiRegion = false;
        b.bucket().region = "eu-west-1";
        pass(run(b));
    }

    @Test
    void unknownWhenTheSelectorsCouldNotBeRead() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().errors.put("advancedEventSelectors", "ThrottlingException");
        mentions(unknown(run(b)), "ThrottlingException");
    }

    @Test
    void anOrganizationTrailDeliversUnderTheOrganizationsPath() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().organization = true;
        b.trail().advancedEventSelectors.set(1, new AdvancedEventSelector("all but this account's logs", List.of(
                equalsField("eventCategory", "Data"), equalsField("resources.type", "AWS::S3::Object"),
                SnapshotBuilder.notStartsWith("resources.ARN", "arn:aws:s3:::" + SnapshotBuilder.TRAIL_BUCKET
                        + "/AWSLogs/111122223333/"))));
        mentions(fail(run(b)), "a cost feedback loop");
        b.trail().organization = false;
        pass(run(b));
    }
}
