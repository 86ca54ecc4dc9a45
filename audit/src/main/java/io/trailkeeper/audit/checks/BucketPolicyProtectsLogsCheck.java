package io.trailkeeper.audit.checks;

import io.trailkeeper.audit.AuditContext;
import io.trailkeeper.audit.Check;
import io.trailkeeper.audit.IamPolicies;
import io.trailkeeper.audit.internal.Inputs;
import io.trailkeeper.audit.internal.Inputs.TrailBucket;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The trail bucket's policy denies everyone but the break-glass role(s) deleting log objects and their
 * versions, changing the lifecycle, changing or deleting the policy (which would lift the Deny itself), and
 * deleting the bucket: an administrator's stolen keys then
 * cannot erase the record. For an organization trail the log objects are every member account's, under
 * {@code AWSLogs/o-<organization id>/}: a Deny on this account's {@code AWSLogs/<account>/} alone leaves them open. A Deny that holds only under other conditions (MFA, source IP) does not count,
 * nor one whose exception takes in a role or user of any name ({@code *}, {@code arn:aws:iam::ACCOUNT:*},
 * {@code .../role/*}): it spares the administrators it is meant to stop, whoever the break-glass roles are.
 */
public final class BucketPolicyProtectsLogsCheck implements Check {
    public static final String ID = "cloudtrail_bucket_policy_protects_logs";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(AccountSnapshot snapshot, AuditContext context) {
        List<TrailBucket> buckets = Inputs.trailBuckets(snapshot);
        if (buckets.isEmpty()) {
            return List.of(Inputs.trailOnly(ID, snapshot, "no trail bucket to protect"));
        }
        return buckets.stream().map(tb -> judge(snapshot, tb, context)).toList();
    }

    private static Finding judge(AccountSnapshot snapshot, TrailBucket tb, AuditContext context) {
        Finding unusable = Inputs.unusableBucket(ID, snapshot, tb);
        String error = unusable == null ? Inputs.bucketError(tb.bucket(), Inputs.POLICY) : null;
        if (unusable != null || error != null) {
            return unusable != null ? unusable : Finding.unknown(ID, tb.name(), tb.region(), "the policy of "
                    + tb.name() + " could not be read: " + error);
        }
        List<ProtectiveDeny> denies = IamPolicies.parse(tb.bucket().policy(), "the policy of bucket " + tb.name())
                .stream().map(ProtectiveDeny::of).filter(Objects::nonNull).toList();
        List<String> open = new ArrayList<>();
        List<String> exceptions = new ArrayList<>();
        String partition = Inputs.partition(tb.trails().get(0).arn());
        ProtectiveDeny.targets(snapshot, tb).forEach((action, resources) -> {
            List<ProtectiveDeny> by = denies.stream()
                    .filter(d -> resources.stream().allMatch(r -> d.protects(action, r))).toList();
            List<ProtectiveDeny> holding = by.stream().filter(d -> d.conditional() == null
                    && d.sparesAnyone(partition, snapshot.account()) == null).toList();
            if (holding.isEmpty()) {
                open.add(action + (by.isEmpty() ? "" : by.get(0).conditional() != null ? " (denied only under "
                        + by.get(0).conditional() + ")" : " (the Deny spares every principal matching "
                        + by.get(0).sparesAnyone(partition, snapshot.account()) + ")"));
            }
            holding.forEach(d -> exceptions.addAll(d.exceptions()));
        });
        List<String> extra = exceptions.stream().distinct()
                .filter(e -> !context.isBreakGlass(e) && !e.endsWith(":root")).toList();
        if (!open.isEmpty()) {
            return Finding.fail(ID, tb.name(), tb.region(), (tb.bucket().policy() == null ? "there is no bucket"
                    + " policy to deny " : "the bucket policy does not deny ") + String.join(", ", open) + " to all but"
                    + " the break-glass role: any administrator can erase the logs of " + tb.trailNames()
                    + (tb.trails().stream().anyMatch(t -> t.organization()) ? " (an organization trail writes every"
                    + " member account's logs under AWSLogs/o-<organization id>/<account>/: the Deny must cover them"
                    + " all, e.g. AWSLogs/*)" : ""));
        }
        if (!extra.isEmpty() && !context.breakGlassRoles().isEmpty()) {
            return Finding.fail(ID, tb.name(), tb.region(), "the protective Deny also spares " + String.join(", ", extra)
                    + ", beyond the break-glass role(s) " + String.join(", ", context.breakGlassRoles()));
        }
        return Finding.pass(ID, tb.name(), tb.region(), "the bucket policy denies deleting and re-configuring logs to"
                + " all but " + (exceptions.isEmpty() ? "nobody" : String.join(", ", exceptions.stream().distinct()
                .toList())) + (extra.isEmpty() || !context.breakGlassRoles().isEmpty() ? ""
                : " (name the break-glass roles to have them checked)"));
    }
}
