package io.trailkeeper.audit.checks;

import io.trailkeeper.audit.AuditContext;
import io.trailkeeper.audit.Check;
import io.trailkeeper.audit.DataEventCost;
import io.trailkeeper.events.DataEventSelectors;
import io.trailkeeper.events.DataEventSelectors.Kind;
import io.trailkeeper.audit.internal.Inputs;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshot.Bucket;
import io.trailkeeper.events.AccountSnapshot.Trail;
import io.trailkeeper.events.Finding;
import java.util.List;

/**
 * A trail that logs S3 object writes does not log the writes to its own bucket: otherwise each log file it
 * delivers is a data event it logs and delivers again, a cost feedback loop. Not applicable to a trail with no
 * S3 data events (or to an account with no trail): those PASS with "no S3 data events selected", since there
 * is nothing to fix. Read-only selections cannot loop (a delivery is a write). An organization trail delivers
 * under {@code AWSLogs/o-<organization id>/}, so excluding only this account's {@code AWSLogs/<account>/} does
 * not stop the loop.
 */
public final class TrailBucketExcludedCheck implements Check {
    public static final String ID = "cloudtrail_trail_bucket_excluded_from_data_events";
    static final String NOT_SELECTED = "no S3 data events selected";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(AccountSnapshot snapshot, AuditContext context) {
        if (snapshot.trails().isEmpty()) {
            return List.of(Finding.pass(ID, snapshot.account(), null, NOT_SELECTED + " (no trail)"));
        }
        return snapshot.trails().stream().map(t -> judge(snapshot, t)).toList();
    }

    private static Finding judge(AccountSnapshot snapshot, Trail trail) {
        String resource = Inputs.resource(trail);
        String error = Inputs.error(trail.errors(), Inputs.SELECTORS);
        if (error != null) {
            return Finding.unknown(ID, resource, trail.homeRegion(), "the event selectors of " + Inputs.describe(trail)
                    + " could not be read: " + error);
        }
        if (!DataEventSelectors.selectsAny(trail, DataEventSelectors.S3_OBJECT)) {
            return Finding.pass(ID, resource, trail.homeRegion(), NOT_SELECTED + " on " + Inputs.describe(trail));
        }
        String bucketRegion = Inputs.bucket(snapshot, trail.s3BucketName()).map(Bucket::region).orElse(null);
        boolean sameRegion = trail.multiRegion() || bucketRegion == null || bucketRegion.equals(trail.homeRegion());
        boolean loops = sameRegion && trail.s3BucketName() != null && DataEventSelectors.logs(trail,
                DataEventSelectors.S3_OBJECT, Kind.WRITE, Inputs.logObjectArn(trail, snapshot));
        if (!loops) {
            return Finding.pass(ID, resource, trail.homeRegion(), Inputs.describe(trail) + " does not log writes to its"
                    + " own bucket " + trail.s3BucketName());
        }
        String fix = DataEventSelectors.basicLogsEverything(trail, DataEventSelectors.S3_OBJECT, Kind.WRITE)
                ? "basic event selectors cannot exclude a bucket: move to advanced selectors with"
                : "add to its S3 selector";
        return Finding.fail(ID, resource, trail.homeRegion(), Inputs.describe(trail) + " logs the writes of its own"
                + " deliveries to " + trail.s3BucketName() + ", a cost feedback loop; " + fix + " resources.ARN"
                + " NotStartsWith " + DataEventSelectors.wholeBucket(Inputs.partition(trail.arn()), trail.s3BucketName())
                + "; each logged delivery costs " + DataEventCost.unitPrice());
    }
}
