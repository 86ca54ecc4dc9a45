package io.trailkeeper.audit.checks;

import io.trailkeeper.audit.AuditContext;
import io.trailkeeper.audit.Check;
import io.trailkeeper.audit.internal.Inputs;
import io.trailkeeper.audit.internal.Inputs.TrailBucket;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.Finding;
import java.util.List;

/**
 * The trail bucket has S3 server access logging, so that reads of the logs themselves (who looked, who
 * copied them out) are recorded even without S3 data events on that bucket.
 */
public final class TrailBucketAccessLoggingCheck implements Check {
    public static final String ID = "cloudtrail_logs_s3_bucket_access_logging_enabled";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(AccountSnapshot snapshot, AuditContext context) {
        List<TrailBucket> buckets = Inputs.trailBuckets(snapshot);
        if (buckets.isEmpty()) {
            return List.of(Inputs.trailOnly(ID, snapshot, "no trail bucket whose access to record"));
        }
        return buckets.stream().map(tb -> judge(snapshot, tb)).toList();
    }

    private static Finding judge(AccountSnapshot snapshot, TrailBucket tb) {
        Finding unusable = Inputs.unusableBucket(ID, snapshot, tb);
        if (unusable != null) {
            return unusable;
        }
        String error = Inputs.bucketError(tb.bucket(), Inputs.ACCESS_LOGGING);
        if (error != null) {
            return Finding.unknown(ID, tb.name(), tb.region(), "the access logging of " + tb.name()
                    + " could not be read: " + error);
        }
        String target = tb.bucket().loggingTargetBucket();
        if (target == null || target.isBlank()) {
            return Finding.fail(ID, tb.name(), tb.region(), "server access logging is off on " + tb.name()
                    + ": nobody can tell who read or copied the logs of " + tb.trailNames());
        }
        return Finding.pass(ID, tb.name(), tb.region(), "access to " + tb.name() + " is logged to " + target
                + (target.equals(tb.name()) ? " (itself: each access log write is logged again; prefer another bucket)"
                : ""));
    }
}
