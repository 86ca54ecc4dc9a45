package io.trailkeeper.audit.checks;

import io.trailkeeper.audit.AuditContext;
import io.trailkeeper.audit.DataEventCost;
import io.trailkeeper.audit.internal.DataEventSelectors;
import io.trailkeeper.audit.internal.DataEventSelectors.Kind;
import io.trailkeeper.audit.internal.Inputs;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshot.Bucket;
import io.trailkeeper.events.AccountSnapshot.Trail;
import io.trailkeeper.events.Finding;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared judgement of the S3 object-level read and write checks: one account-wide finding when no bucket
 * is marked critical (a logging multi-region trail must log every bucket), else one per critical bucket (a
 * logging trail that records the bucket's region must log all of its objects).
 */
final class S3ObjectLogging {
    private S3ObjectLogging() {
    }

    static List<Finding> judge(String id, Kind kind, AccountSnapshot snapshot, AuditContext context) {
        String what = kind == Kind.READ ? "S3 object reads (GetObject and the like)"
                : "S3 object writes (PutObject, DeleteObject and the like)";
        List<Trail> readable = Inputs.loggingTrails(snapshot).stream()
                .filter(t -> Inputs.error(t.errors(), Inputs.SELECTORS) == null).toList();
        List<String> unsure = snapshot.trails().stream().filter(t -> t.logging() == null
                || Boolean.TRUE.equals(t.logging()) && Inputs.error(t.errors(), Inputs.SELECTORS) != null)
                .map(Trail::name).toList();
        String cost = "; cost: " + DataEventCost.unitPrice();
        if (context.criticalBuckets().isEmpty()) {
            List<String> all = readable.stream().filter(t -> t.multiRegion()
                    && DataEventSelectors.logsEverything(t, DataEventSelectors.S3_OBJECT, kind)).map(Trail::name).toList();
            if (!all.isEmpty()) {
                return List.of(Finding.pass(id, snapshot.account(), null, what + " of every bucket are logged by "
                        + String.join(", ", all)));
            }
            if (!unsure.isEmpty()) {
                return List.of(Finding.unknown(id, snapshot.account(), null, "the selectors or status of "
                        + String.join(", ", unsure) + " could not be read"));
            }
            List<String> some = readable.stream().filter(t -> DataEventSelectors.selectsAny(t,
                    DataEventSelectors.S3_OBJECT)).map(Trail::name).toList();
            return List.of(Finding.fail(id, snapshot.account(), null, what + " are not logged for every bucket by a"
                    + " logging multi-region trail" + (some.isEmpty() ? "" : " (" + String.join(", ", some)
                    + " log some)") + ": a read or deletion of data leaves no trace; name the buckets that matter"
                    + " with --critical-buckets to log only those" + cost));
        }
        List<Finding> out = new ArrayList<>();
        for (String name : context.criticalBucketList()) {
            String region = Inputs.bucket(snapshot, name).map(Bucket::region).orElse(null);
            List<String> by = readable.stream()
                    .filter(t -> t.multiRegion() || region == null || region.equals(t.homeRegion()))
                    .filter(t -> DataEventSelectors.logs(t, DataEventSelectors.S3_OBJECT, kind,
                            DataEventSelectors.wholeBucket(Inputs.partition(t.arn()), name)))
                    .map(Trail::name).toList();
            if (!by.isEmpty()) {
                out.add(Finding.pass(id, name, region, what + " of " + name + " are logged by " + String.join(", ", by)));
            } else if (!unsure.isEmpty()) {
                out.add(Finding.unknown(id, name, region, "the selectors or status of " + String.join(", ", unsure)
                        + " could not be read"));
            } else {
                out.add(Finding.fail(id, name, region, what + " of critical bucket " + name + " are not logged"
                        + (region == null ? "" : " by a logging trail that records " + region) + cost));
            }
        }
        return out;
    }
}
