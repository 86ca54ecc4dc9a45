package io.trailkeeper.audit.checks;

import io.trailkeeper.audit.AuditContext;
import io.trailkeeper.audit.Check;
import io.trailkeeper.audit.internal.Inputs;
import io.trailkeeper.audit.internal.Inputs.TrailBucket;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshot.Bucket;
import io.trailkeeper.events.AccountSnapshot.PublicAccessBlock;
import io.trailkeeper.events.Finding;
import java.util.ArrayList;
import java.util.List;

/**
 * Nobody outside the account reads the trail bucket: no public ACL grant (unless IgnorePublicAcls) and no
 * public policy statement (unless RestrictPublicBuckets), at the bucket's or the account's public access block.
 * Without any trail there is no trail bucket to expose: PASS (the missing trail is cloudtrail_trail_logging's).
 */
public final class TrailBucketNotPublicCheck implements Check {
    public static final String ID = "cloudtrail_logs_s3_bucket_is_not_publicly_accessible";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(AccountSnapshot snapshot, AuditContext context) {
        List<TrailBucket> buckets = Inputs.trailBuckets(snapshot);
        if (buckets.isEmpty()) {
            // an event data store has no bucket: only a trail that could not be listed could have one to expose
            return List.of(Inputs.noTrailNoRisk(ID, snapshot, Inputs.trailsUnreadable(snapshot),
                    "no trail bucket to expose"));
        }
        return buckets.stream().map(tb -> judge(snapshot, tb)).toList();
    }

    private static Finding judge(AccountSnapshot snapshot, TrailBucket tb) {
        Finding unusable = Inputs.unusableBucket(ID, snapshot, tb);
        if (unusable != null) {
            return unusable;
        }
        Bucket b = tb.bucket();
        PublicAccessBlock account = snapshot.accountPublicAccessBlock();
        if (b.publicAccessBlock() != null && b.publicAccessBlock().all() || account != null && account.all()) {
            return Finding.pass(ID, tb.name(), tb.region(), "public access is fully blocked on the "
                    + (account != null && account.all() ? "account" : "bucket"));
        }
        boolean accountUnread = Inputs.unreadable(snapshot, "accountPublicAccessBlock") != null;
        boolean bucketUnread = Inputs.bucketError(b, Inputs.PUBLIC_ACCESS_BLOCK) != null;
        List<String> open = new ArrayList<>();
        List<String> maybe = new ArrayList<>();
        sort(PublicAccess.publicGrants(b), PublicAccess.blocked(b.publicAccessBlock(), bucketUnread, account,
                accountUnread, PublicAccessBlock::ignorePublicAcls), open, maybe);
        sort(PublicAccess.publicStatements(b), PublicAccess.blocked(b.publicAccessBlock(), bucketUnread, account,
                accountUnread, PublicAccessBlock::restrictPublicBuckets), open, maybe);
        if (!open.isEmpty()) {
            return Finding.fail(ID, tb.name(), tb.region(), "the logs of " + tb.trailNames() + " are public: "
                    + String.join("; ", open));
        }
        String aclError = Inputs.bucketError(b, Inputs.ACL);
        String policyError = Inputs.bucketError(b, Inputs.POLICY);
        if (aclError != null || policyError != null) {
            return Finding.unknown(ID, tb.name(), tb.region(), "could not read the bucket's "
                    + (aclError != null ? "ACL: " + aclError : "policy: " + policyError));
        }
        if (!maybe.isEmpty()) {
            return Finding.unknown(ID, tb.name(), tb.region(), String.join("; ", maybe)
                    + ", and whether a public access block neutralises it could not be read");
        }
        return Finding.pass(ID, tb.name(), tb.region(), "no public ACL grant or policy statement is in effect");
    }

    private static void sort(List<String> exposures, Boolean blocked, List<String> open, List<String> maybe) {
        if (blocked == null) {
            maybe.addAll(exposures);
        } else if (!blocked) {
            open.addAll(exposures);
        }
    }
}
