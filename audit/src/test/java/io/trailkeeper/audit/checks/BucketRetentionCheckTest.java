package io.trailkeeper.audit.checks;

import static io.trailkeeper.audit.Outcomes.fail;
import static io.trailkeeper.audit.Outcomes.mentions;
import static io.trailkeeper.audit.Outcomes.pass;
import static io.trailkeeper.audit.Outcomes.unknown;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.audit.SnapshotBuilder;
import io.trailkeeper.events.AccountSnapshot.LifecycleRule;
import io.trailkeeper.events.Finding;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BucketRetentionCheckTest {
    private final BucketRetentionCheck check = new BucketRetentionCheck();

    private List<Finding> run(SnapshotBuilder b) {
        return check.evaluate(b.build(), SnapshotBuilder.context());
    }

    private static SnapshotBuilder withRule(String prefix, Integer expiration, Integer noncurrent) {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.bucket().lifecycleRules.add(new LifecycleRule("short", true, prefix, expiration, noncurrent, null));
        return b;
    }

    @Test
    void passesWhenLogsAreKept400Days() {
        Finding f = pass(run(SnapshotBuilder.wellConfigured()));
        assertEquals(SnapshotBuilder.TRAIL_BUCKET, f.resource());
        assertEquals("us-east-1", f.region());
    }

    @ParameterizedTest(name = "rule prefix \"{0}\" reaches AWSLogs/")
    @CsvSource({"''", "AWSLogs/", "AWSLogs/111122223333/", "AWS"})
    void aRuleThatReachesTheLogsAndExpiresThemIn90DaysFails(String prefix) {
        mentions(fail(run(withRule(prefix, 90, null))), "rule short deletes log files after 90 days");
    }

    @Test
    void aRuleOnAnotherPrefixDoesNotCount() {
        pass(run(withRule("access-logs/", 30, 30)));
    }

    @Test
    void aDisabledRuleDoesNotCount() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.bucket().lifecycleRules.add(new LifecycleRule("off", false, "", 1, 1, null));
        pass(run(b));
    }

    @Test
    void noncurrentVersionsCount() {
        mentions(fail(run(withRule("AWSLogs/", null, 30))), "overwritten or deleted versions after 30 days");
    }

    @Test
    void aRuleFilteredByTagOrSizeMayReachTheLogs() {
        mentions(fail(run(withRule(null, 180, null))), "filtered by tag or size, may reach the logs");
    }

    @Test
    void theTrailsKeyPrefixDecidesWhichRulesReachTheLogs() {
        SnapshotBuilder b = withRule("cloudtrail/", 60, null);
        pass(run(b));
        b.trail().keyPrefix = "cloudtrail";
        mentions(fail(run(b)), "60 days");
    }

    @Test
    void anEarlyArchiveIsNotedNotFailed() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.bucket().lifecycleRules.set(0, new LifecycleRule("archive", true, "AWSLogs/", 800, null, 30));
        mentions(pass(run(b)), "archives after 30 days (PCI DSS wants 3 months at hand)");
    }

    @Test
    void aDeletedBucketFails() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.bucket().exists = false;
        mentions(fail(run(b)), "no longer exists");
    }

    @Test
    void unknownWhenTheLifecycleCouldNotBeRead() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.bucket().lifecycleRules.clear();
        b.bucket().errors.put("lifecycle", "AccessDenied: s3:GetLifecycleConfiguration");
        mentions(unknown(run(b)), "AccessDenied: s3:GetLifecycleConfiguration");
    }

    @Test
    void unknownWhenTheBucketIsNotInTheSnapshot() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.buckets.clear();
        b.unreadable("s3", "AccessDenied: s3:ListAllMyBuckets");
        mentions(unknown(run(b)), "is not in the snapshot: s3: AccessDenied");
    }

    private static SnapshotBuilder expiringOn(String date) {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.bucket().lifecycleRules.add(new LifecycleRule("by-date", true, "AWSLogs/", null, null, null,
                Instant.parse(date)));
        return b;
    }

    @Test
    void anExpirationDateInThePastOrWithinAYearFails() {
        // the audit's clock is 2025-03-01T12:00:00Z
        mentions(fail(run(expiringOn("2024-06-01T00:00:00Z"))), "rule by-date has an expiration date"
                + " (2024-06-01T00:00:00Z) in the past: log files are deleted as they arrive");
        mentions(fail(run(expiringOn("2025-12-01T00:00:00Z"))), "rule by-date deletes every log file on"
                + " 2025-12-01T00:00:00Z, 274 days from now");
        mentions(pass(run(expiringOn("2027-01-01T00:00:00Z"))), "note: rule by-date deletes every log file, however"
                + " recent, on 2027-01-01T00:00:00Z");
    }
}
