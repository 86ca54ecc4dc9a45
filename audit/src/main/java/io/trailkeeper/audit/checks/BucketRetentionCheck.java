package io.trailkeeper.audit.checks;

import io.trailkeeper.audit.AuditContext;
import io.trailkeeper.audit.Check;
import io.trailkeeper.audit.internal.EventDataStores;
import io.trailkeeper.audit.internal.Inputs;
import io.trailkeeper.audit.internal.Inputs.TrailBucket;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshot.EventDataStore;
import io.trailkeeper.events.AccountSnapshot.LifecycleRule;
import io.trailkeeper.events.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A trail bucket keeps log files at least 365 days: no enabled lifecycle rule that reaches the logs
 * ({@code [prefix/]AWSLogs/}) expires current or noncurrent versions sooner, nor expires them on a date (past,
 * or less than 365 days after the audit's clock: on that date every log file goes). A rule filtered by tag or size
 * only may reach them and counts. PCI DSS 10.5.1 wants 12 months, the last 3 at hand, so a transition to an
 * archive class within 90 days is noted, not failed. A CloudTrail Lake event data store of CloudTrail events that is
 * ingesting is judged on its RetentionPeriod, 365 days at least, beside any trail bucket; without a trail, a store
 * whose ingestion is stopped keeps nothing new and fails.
 */
public final class BucketRetentionCheck implements Check {
    public static final String ID = "cloudtrail_bucket_retention_365_days";
    static final int DAYS = 365;
    static final int AT_HAND_DAYS = 90;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(AccountSnapshot snapshot, AuditContext context) {
        List<TrailBucket> buckets = Inputs.trailBuckets(snapshot);
        List<EventDataStore> stores = EventDataStores.recording(snapshot);
        if (buckets.isEmpty() && stores.isEmpty()) {
            List<EventDataStore> idle = EventDataStores.notRecording(snapshot);
            return idle.isEmpty() || EventDataStores.cloudTrailUnknown(snapshot) != null
                    ? List.of(Inputs.noTrail(ID, snapshot, "no log file is kept beyond the 90-day event history"))
                    : idle.stream().map(s -> Finding.fail(ID, EventDataStores.resource(s), s.homeRegion(), "no trail, and "
                    + EventDataStores.idle(s) + ": nothing new is kept beyond the 90-day event history")).toList();
        }
        Instant now = context.clock().instant();
        String kept = stores.stream().filter(s -> s.retentionDays() != null && s.retentionDays() >= DAYS)
                .map(s -> EventDataStores.describe(s) + " keeps the events " + s.retentionDays() + " days")
                .collect(java.util.stream.Collectors.joining(", "));
        List<Finding> out = new ArrayList<>();
        buckets.forEach(tb -> {
            Finding f = judge(snapshot, tb, now);
            out.add(kept.isEmpty() || f.outcome() != Finding.Outcome.FAIL ? f
                    : Finding.fail(ID, f.resource(), f.region(), f.detail() + "; note: " + kept));
        });
        stores.forEach(s -> out.add(judge(s)));
        return out;
    }

    /** An event data store keeps each event RetentionPeriod days after its eventTime, then removes it. */
    private static Finding judge(EventDataStore store) {
        String resource = EventDataStores.resource(store);
        if (store.retentionDays() == null) {
            return Finding.unknown(ID, resource, store.homeRegion(), "the retention period of "
                    + EventDataStores.describe(store) + (store.errors().containsKey("details") ? " could not be read: "
                    + store.errors().get("details") : " is not given (GetEventDataStore answered without RetentionPeriod)"));
        }
        if (store.retentionDays() < DAYS) {
            return Finding.fail(ID, resource, store.homeRegion(), EventDataStores.describe(store) + " keeps events"
                    + " only " + store.retentionDays() + " days (its RetentionPeriod), less than " + DAYS + ": raise it"
                    + " with " + EventDataStores.retentionCommand(store));
        }
        return Finding.pass(ID, resource, store.homeRegion(), EventDataStores.describe(store) + " keeps events "
                + store.retentionDays() + " days (its RetentionPeriod)");
    }

    private static Finding judge(AccountSnapshot snapshot, TrailBucket tb, Instant now) {
        Finding unusable = Inputs.unusableBucket(ID, snapshot, tb);
        if (unusable != null) {
            return unusable;
        }
        String error = Inputs.bucketError(tb.bucket(), Inputs.LIFECYCLE);
        if (error != null) {
            return Finding.unknown(ID, tb.name(), tb.region(), "the lifecycle of " + tb.name() + " could not be read: "
                    + error);
        }
        List<String> tooShort = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (LifecycleRule rule : tb.bucket().lifecycleRules()) {
            if (!rule.enabled() || !reaches(rule, tb.logPrefixes())) {
                continue;
            }
            String name = "rule " + (rule.id() == null ? "(unnamed)" : rule.id())
                    + (rule.prefix() == null ? " (filtered by tag or size, may reach the logs)" : "");
            if (rule.expirationDays() != null && rule.expirationDays() < DAYS) {
                tooShort.add(name + " deletes log files after " + rule.expirationDays() + " days");
            }
            if (rule.expirationDate() != null && rule.expirationDate().isBefore(now.plus(Duration.ofDays(DAYS)))) {
                tooShort.add(name + (rule.expirationDate().isAfter(now) ? " deletes every log file on "
                        + rule.expirationDate() + ", " + Duration.between(now, rule.expirationDate()).toDays()
                        + " days from now" : " has an expiration date (" + rule.expirationDate() + ") in the past:"
                        + " log files are deleted as they arrive"));
            } else if (rule.expirationDate() != null) {
                notes.add(name + " deletes every log file, however recent, on " + rule.expirationDate());
            }
            if (rule.noncurrentExpirationDays() != null && rule.noncurrentExpirationDays() < DAYS) {
                tooShort.add(name + " deletes overwritten or deleted versions after " + rule.noncurrentExpirationDays()
                        + " days");
            }
            if (rule.transitionDays() != null && rule.transitionDays() < AT_HAND_DAYS) {
                notes.add(name + " archives after " + rule.transitionDays() + " days (PCI DSS wants 3 months at hand)");
            }
        }
        if (!tooShort.isEmpty()) {
            return Finding.fail(ID, tb.name(), tb.region(), "logs of " + tb.trailNames() + " are kept less than "
                    + DAYS + " days: " + String.join("; ", tooShort));
        }
        return Finding.pass(ID, tb.name(), tb.region(), "no lifecycle rule deletes logs of " + tb.trailNames()
                + " within " + DAYS + " days" + (notes.isEmpty() ? "" : "; note: " + String.join("; ", notes)));
    }

    /** A rule reaches the logs when its prefix and a log prefix overlap (either contains the other). */
    private static boolean reaches(LifecycleRule rule, List<String> logPrefixes) {
        return rule.prefix() == null || logPrefixes.stream()
                .anyMatch(p -> p.startsWith(rule.prefix()) || rule.prefix().startsWith(p));
    }
}
