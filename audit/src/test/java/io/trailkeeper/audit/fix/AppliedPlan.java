package io.trailkeeper.audit.fix;

import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshot.Bucket;
import io.trailkeeper.events.AccountSnapshot.Trail;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The account as it would be once a plan is deployed and the trail it replaces deleted (as its notes say): the
 * snapshot a later audit would collect. Tests audit it to show that what the plan says it closes, it closes.
 */
final class AppliedPlan {
    private AppliedPlan() {
    }

    static AccountSnapshot apply(FixPlan plan, AccountSnapshot before, String breakGlassRoleArn) {
        return apply(plan, before, breakGlassRoleArn, true);
    }

    /**
     * @param replacedDeleted whether the trail the plan replaces is gone too; false: the plan deployed, its notes not
     *                        yet followed (the new trail delivers beside the old one)
     */
    static AccountSnapshot apply(FixPlan plan, AccountSnapshot before, String breakGlassRoleArn,
                                 boolean replacedDeleted) {
        Design d = plan.design();
        Instant now = before.collectedAt();
        List<Trail> trails = new ArrayList<>(before.trails());
        List<Bucket> buckets = new ArrayList<>(before.buckets());
        List<AccountSnapshot.KmsKey> keys = new ArrayList<>(before.kmsKeys());
        List<AccountSnapshot.LogGroup> groups = new ArrayList<>(before.logGroups());
        Design.Core c = d.core();
        if (c != null) {
            if (replacedDeleted) {
                trails.removeIf(t -> !t.organization());
            }
            String keyArn = d.arn("kms", d.region(), d.account() + ":key/11111111-2222-3333-4444-555555555555");
            List<String> regions = before.regions().stream().filter(AccountSnapshot.Region::enabled)
                    .map(AccountSnapshot.Region::name).toList();
            trails.add(new Trail(c.trailName(), d.trailArn(), d.region(), c.bucket(), null, null, true, false, true,
                    true, keyArn, d.logGroupArn(c.logGroup()), d.logsRoleArn(), true, now.minusSeconds(3600), null,
                    now.minusSeconds(300), null, now.minusSeconds(300), null, List.of(), d.selectors(),
                    c.insights() ? List.of("ApiCallRateInsight", "ApiErrorRateInsight") : List.of(), regions, Map.of()));
            FixOptions o = d.options();
            buckets.add(bucket(c.bucket(), d, new AccountSnapshot.LifecycleRule("keep-cloudtrail-logs", true, "",
                    o.expireAfterDays(), o.objectLockDays(), o.glacierAfterDays() == 0 ? null : o.glacierAfterDays()),
                    new AccountSnapshot.ObjectLock(true, "COMPLIANCE", o.objectLockDays(), null),
                    json(PolicyDocuments.trailBucketPolicy(d), breakGlassRoleArn), c.accessLogBucket()));
            buckets.add(bucket(c.accessLogBucket(), d, new AccountSnapshot.LifecycleRule("expire-access-logs", true, "",
                    o.expireAfterDays(), null, null), null, json(PolicyDocuments.accessLogBucketPolicy(d), null), null));
            keys.add(new AccountSnapshot.KmsKey(keyArn, d.region(), "Enabled", true,
                    json(PolicyDocuments.keyPolicy(d), null), Map.of()));
            groups.add(new AccountSnapshot.LogGroup(c.logGroup(), d.logGroupArn(c.logGroup()), d.region(),
                    o.logGroupRetentionDays(), List.of(), Map.of()));
        }
        List<AccountSnapshot.Alarm> alarms = new ArrayList<>(before.alarms());
        List<AccountSnapshot.EventRule> rules = new ArrayList<>(before.eventRules());
        Design.Monitoring m = d.monitoring();
        if (m != null) {
            List<AccountSnapshot.MetricFilter> filters = new ArrayList<>();
            for (MonitoringAlarm a : m.alarms()) {
                filters.add(new AccountSnapshot.MetricFilter(a.filterName(), a.pattern, MonitoringAlarm.NAMESPACE,
                        a.metricName()));
                alarms.add(new AccountSnapshot.Alarm(a.alarmName(), d.region(), MonitoringAlarm.NAMESPACE,
                        a.metricName(), true, List.of(d.topicArn())));
            }
            AccountSnapshot.LogGroup group = groups.stream().filter(g -> g.name().equals(m.logGroup())).findFirst()
                    .orElse(new AccountSnapshot.LogGroup(m.logGroup(), d.logGroupArn(m.logGroup()), d.region(), 400,
                            List.of(), Map.of()));
            groups.remove(group);
            List<AccountSnapshot.MetricFilter> all = new ArrayList<>(group.metricFilters());
            all.addAll(filters);
            groups.add(new AccountSnapshot.LogGroup(group.name(), group.arn(), group.region(), group.retentionDays(),
                    all, group.errors()));
            if (m.eventRule()) {
                rules.add(new AccountSnapshot.EventRule("trailkeeper-trail-tampering", d.region(),
                        json(PolicyDocuments.tamperingEventPattern(), null), "ENABLED", 1));
            }
        }
        return new AccountSnapshot(before.version(), before.account(), before.callerArn(), now, before.regions(),
                trails, buckets, keys, groups, alarms, rules, before.accountPublicAccessBlock(), before.iam(),
                before.unreadable());
    }

    private static Bucket bucket(String name, Design d, AccountSnapshot.LifecycleRule rule,
                                 AccountSnapshot.ObjectLock lock, String policy, String loggingTarget) {
        return new Bucket(name, d.region(), d.account(), true, List.of(rule), lock != null ? "Enabled" : null,
                lock != null ? "Disabled" : null, lock, policy, List.of(),
                new AccountSnapshot.PublicAccessBlock(true, true, true, true), loggingTarget,
                new AccountSnapshot.Encryption("AES256", null), Map.of());
    }

    /** The document as AWS would return it, the break-glass parameter filled in. */
    private static String json(Object document, String breakGlassRoleArn) {
        return JsonText.compact(document).replace("${" + UserParam.BREAK_GLASS_ROLE_ARN.shellName + "}",
                breakGlassRoleArn == null ? "" : breakGlassRoleArn);
    }
}
