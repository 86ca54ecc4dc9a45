package io.trailkeeper.audit.checks;

import io.trailkeeper.audit.AuditContext;
import io.trailkeeper.audit.Check;
import io.trailkeeper.audit.internal.Inputs;
import io.trailkeeper.audit.internal.Inputs.TrailBucket;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshot.Bucket;
import io.trailkeeper.events.AccountSnapshot.ObjectLock;
import io.trailkeeper.events.Finding;
import java.util.List;

/**
 * Someone holding the account cannot simply delete the logs: the trail bucket has Object Lock (COMPLIANCE, or
 * GOVERNANCE, which s3:BypassGovernanceRetention can override) with a default retention of at least 365 days,
 * or versioning with MFA delete, so that deleting a version takes the root user's MFA device.
 */
public final class RetentionProtectedCheck implements Check {
    public static final String ID = "cloudtrail_bucket_retention_protected";
    static final int DAYS = 365;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(AccountSnapshot snapshot, AuditContext context) {
        List<TrailBucket> buckets = Inputs.trailBuckets(snapshot);
        if (buckets.isEmpty()) {
            return List.of(Inputs.trailOnly(ID, snapshot, "no log file to protect"));
        }
        return buckets.stream().map(tb -> judge(snapshot, tb)).toList();
    }

    private static Finding judge(AccountSnapshot snapshot, TrailBucket tb) {
        Finding unusable = Inputs.unusableBucket(ID, snapshot, tb);
        if (unusable != null) {
            return unusable;
        }
        Bucket b = tb.bucket();
        ObjectLock lock = b.objectLock();
        int lockDays = lock == null ? 0 : days(lock);
        if (lock != null && lock.enabled() && lock.mode() != null && lockDays >= DAYS) {
            return Finding.pass(ID, tb.name(), tb.region(), "Object Lock " + lock.mode() + " keeps each log file "
                    + lockDays + " days" + ("GOVERNANCE".equalsIgnoreCase(lock.mode())
                    ? " (GOVERNANCE: s3:BypassGovernanceRetention overrides it)" : ""));
        }
        if ("Enabled".equalsIgnoreCase(b.versioning()) && "Enabled".equalsIgnoreCase(b.mfaDelete())) {
            return Finding.pass(ID, tb.name(), tb.region(), "versioning with MFA delete: deleting a log version takes"
                    + " the root user's MFA device");
        }
        String lockError = Inputs.bucketError(b, Inputs.OBJECT_LOCK);
        String versioningError = Inputs.bucketError(b, Inputs.VERSIONING);
        if (lockError != null || versioningError != null) {
            return Finding.unknown(ID, tb.name(), tb.region(), "could not read "
                    + (lockError != null ? "Object Lock (" + lockError + ")" : "versioning (" + versioningError + ")"));
        }
        String lockText = lock == null || !lock.enabled() ? "no Object Lock"
                : lock.mode() == null ? "Object Lock without a default retention"
                : "Object Lock " + lock.mode() + " for only " + lockDays + " days";
        String versionText = "versioning " + (b.versioning() == null ? "never enabled" : b.versioning())
                + ", MFA delete " + (b.mfaDelete() == null ? "off" : b.mfaDelete());
        return Finding.fail(ID, tb.name(), tb.region(), "anyone allowed to delete objects in " + tb.name()
                + " can erase the logs for good: " + lockText + "; " + versionText);
    }

    private static int days(ObjectLock lock) {
        return (lock.days() == null ? 0 : lock.days()) + (lock.years() == null ? 0 : lock.years() * 365);
    }
}
