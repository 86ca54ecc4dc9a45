package io.trailkeeper.audit.internal;

import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshot.Bucket;
import io.trailkeeper.events.AccountSnapshot.Trail;
import io.trailkeeper.events.Finding;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * How checks read a snapshot: where a trail's logs live, and why an input is missing. The {@code errors} keys
 * each check consults are listed here, once; the inventory writes an attribute's error under one of them.
 */
public final class Inputs {
    /** GetTrailStatus: logging, start and stop times, latest delivery and its error. */
    public static final List<String> TRAIL_STATUS = List.of("status", "trailStatus", "logging");
    /** GetEventSelectors: basic and advanced selectors. */
    public static final List<String> SELECTORS = List.of("eventSelectors", "advancedEventSelectors", "selectors");
    /** GetInsightSelectors. */
    public static final List<String> INSIGHTS = List.of("insightSelectors", "insightTypes", "insights");
    public static final List<String> LIFECYCLE = List.of("lifecycle", "lifecycleRules");
    public static final List<String> POLICY = List.of("policy");
    public static final List<String> VERSIONING = List.of("versioning", "mfaDelete");
    public static final List<String> OBJECT_LOCK = List.of("objectLock");
    public static final List<String> ACL = List.of("acl", "aclGrants");
    public static final List<String> PUBLIC_ACCESS_BLOCK = List.of("publicAccessBlock");
    public static final List<String> ACCESS_LOGGING = List.of("logging", "loggingTargetBucket");
    /** A bucket that could not be read at all (HeadBucket or its location refused). */
    public static final List<String> WHOLE_BUCKET = List.of("bucket", "exists", "location");
    public static final List<String> METRIC_FILTERS = List.of("metricFilters");
    public static final List<String> LOG_GROUP = List.of("logGroup", "retentionDays", "retention");
    public static final List<String> EVENT_HISTORY = List.of("recentEvents", "lookupEvents", "eventHistory");
    /** The region's DeleteTrail events (LookupEvents by EventName), read apart from its sample of the history. */
    public static final List<String> TRAIL_DELETIONS = List.of("trailDeletions");
    /** LookupEvents' largest page: the inventory reads one page of a region's history, so its count stops there. */
    public static final long HISTORY_PAGE = 50;

    private Inputs() {
    }

    /**
     * How many recent events one page of a region's event history showed: "37", or "at least 50" when the page was
     * full (the history may hold thousands more).
     */
    public static String recentEvents(long count) {
        return count >= HISTORY_PAGE ? "at least " + count : String.valueOf(count);
    }

    /** Whether a recorded reason says the thing does not exist (rather than that it could not be read). */
    public static boolean notFound(String reason) {
        return reason != null && (reason.startsWith("ResourceNotFoundException") || reason.startsWith("NoSuch"));
    }

    /** The first error recorded under one of {@code keys}, or null. */
    public static String error(Map<String, String> errors, List<String> keys) {
        return keys.stream().map(errors::get).filter(e -> e != null).findFirst().orElse(null);
    }

    /** The reason an attribute of {@code bucket} could not be read (the whole bucket included), or null. */
    public static String bucketError(Bucket bucket, List<String> keys) {
        String whole = error(bucket.errors(), WHOLE_BUCKET);
        return whole != null ? whole : error(bucket.errors(), keys);
    }

    /**
     * Why a service could not be read at all: the reasons of {@code unreadable} entries that name it, alone
     * ("iam") or with a region ("cloudtrail eu-west-3"); null when nothing is recorded.
     */
    public static String unreadable(AccountSnapshot snapshot, String service) {
        String prefix = service.toLowerCase(Locale.ROOT);
        return reasons(snapshot, what -> what.equals(prefix) || what.startsWith(prefix + " "));
    }

    /**
     * Why a trail may exist that the snapshot does not hold: CloudTrail's DescribeTrails unread as a whole or in a
     * region ({@code "cloudtrail"}, {@code "cloudtrail REGION"}); null when every region was read. Unlike
     * {@link EventDataStores#cloudTrailUnknown}, an unread list of event data stores is left out.
     */
    public static String trailsUnreadable(AccountSnapshot snapshot) {
        String stores = AccountSnapshot.EVENT_DATA_STORES.toLowerCase(Locale.ROOT);
        return reasons(snapshot, what -> !what.equals(stores)
                && (what.equals("cloudtrail") || what.startsWith("cloudtrail ")));
    }

    /** As {@link #unreadable(AccountSnapshot, String)}, for the service as a whole or in {@code region}. */
    public static String unreadable(AccountSnapshot snapshot, String service, String region) {
        String whole = service.toLowerCase(Locale.ROOT);
        String inRegion = (service + " " + region).toLowerCase(Locale.ROOT);
        return reasons(snapshot, what -> what.equals(whole) || what.equals(inRegion));
    }

    /** The reasons of the unreadable entries whose what (lower case) {@code matches}, joined; null for none. */
    private static String reasons(AccountSnapshot snapshot, Predicate<String> matches) {
        String reasons = snapshot.unreadable().stream()
                .filter(u -> u.what() != null && matches.test(u.what().toLowerCase(Locale.ROOT)))
                .map(u -> u.what() + ": " + u.reason())
                .collect(Collectors.joining("; "));
        return reasons.isEmpty() ? null : reasons;
    }

    public static Optional<Bucket> bucket(AccountSnapshot snapshot, String name) {
        return snapshot.buckets().stream().filter(b -> b.name().equals(name)).findFirst();
    }

    public static List<Trail> loggingTrails(AccountSnapshot snapshot) {
        return snapshot.trails().stream().filter(t -> Boolean.TRUE.equals(t.logging())).toList();
    }

    /**
     * Where a trail writes: {@code prefix/AWSLogs/}, or {@code AWSLogs/} without a key prefix (an organization
     * trail then writes under {@code o-<organization id>/}).
     */
    public static String logPrefix(Trail trail) {
        String prefix = trail.s3KeyPrefix();
        return prefix == null || prefix.isBlank() ? "AWSLogs/" : stripSlashes(prefix) + "/AWSLogs/";
    }

    /** The ARN partition of a trail ("aws", "aws-cn", "aws-us-gov"); "aws" when the ARN does not say. */
    public static String partition(String arn) {
        String[] parts = arn == null ? new String[0] : arn.split(":", 3);
        return parts.length >= 2 && !parts[1].isEmpty() ? parts[1] : "aws";
    }

    public static String bucketArn(String partition, String bucket) {
        return "arn:" + partition + ":s3:::" + bucket;
    }

    /**
     * What an organization trail writes under {@code AWSLogs/}: {@code o-<organization id>/<member account>/}.
     * Every member account's logs must be covered, so the member is a wildcard, and so is the organization when
     * the snapshot does not hold its id: a policy or a selector covers the probe only when it covers them all
     * ({@code AWSLogs/o-abc123/*}, or without the id {@code AWSLogs/*}, {@code AWSLogs/o-*}), never when it names
     * one account.
     */
    public static final String ORGANIZATION_ACCOUNTS = "o-*/*";

    /**
     * A log object such as the trail writes, to test policies and selectors against: under
     * {@code AWSLogs/<account>/}, or for an organization trail {@code AWSLogs/o-<id>/*}/, {@code AWSLogs/o-*}{@code
     * /*}/ when the id is not known (see {@link #ORGANIZATION_ACCOUNTS}).
     */
    public static String logObjectArn(Trail trail, AccountSnapshot snapshot) {
        String accounts = !trail.organization() ? snapshot.account() : snapshot.organizationId() == null
                ? ORGANIZATION_ACCOUNTS : snapshot.organizationId() + "/*";
        return bucketArn(partition(trail.arn()), trail.s3BucketName()) + "/" + logPrefix(trail) + accounts
                + "/CloudTrail/" + (trail.homeRegion() == null ? "us-east-1" : trail.homeRegion())
                + "/2025/01/01/log.json.gz";
    }

    /** The trail's name and where it lives, for a finding's detail. */
    public static String describe(Trail trail) {
        return "trail " + trail.name() + (trail.homeRegion() == null ? "" : " (" + trail.homeRegion() + ")");
    }

    public static String resource(Trail trail) {
        return trail.arn() != null ? trail.arn() : trail.name();
    }

    /**
     * The finding of a per-trail check when the snapshot has no trail: FAIL with {@code consequence}, or
     * UNKNOWN when CloudTrail could not be read everywhere (a trail may exist where it could not look).
     */
    public static Finding noTrail(String checkId, AccountSnapshot snapshot, String consequence) {
        String unreadable = EventDataStores.cloudTrailUnknown(snapshot);
        return unreadable != null
                ? Finding.unknown(checkId, snapshot.account(), null, "no trail found, but " + unreadable)
                : Finding.fail(checkId, snapshot.account(), null, "no trail: " + consequence
                + EventDataStores.notCountingNote(snapshot));
    }

    /**
     * The finding of a check about a trail's own set-up (its files, bucket, key, delivery) when the snapshot has
     * no trail: PASS when a CloudTrail Lake event data store is the account's record instead (it has none of
     * these: the check is about trails), naming it; else as {@link #noTrail}.
     */
    public static Finding trailOnly(String checkId, AccountSnapshot snapshot, String consequence) {
        List<AccountSnapshot.EventDataStore> stores = EventDataStores.recording(snapshot);
        if (stores.isEmpty()) {
            return noTrail(checkId, snapshot, consequence);
        }
        return Finding.pass(checkId, snapshot.account(), null, "no trail: the account's record is "
                + String.join(", ", stores.stream().map(EventDataStores::describe).toList())
                + ", which has no trail files or trail bucket; this check is about trails");
    }

    /**
     * A bucket that trails deliver to, once however many trails share it.
     *
     * @param bucket the bucket as inventoried, or null when the snapshot does not hold it
     */
    public record TrailBucket(String name, List<Trail> trails, Bucket bucket) {
        public String region() {
            return bucket != null && bucket.region() != null ? bucket.region() : trails.get(0).homeRegion();
        }

        public String trailNames() {
            return String.join(", ", trails.stream().map(Trail::name).toList());
        }

        /** The log prefixes ({@code AWSLogs/}, {@code prefix/AWSLogs/}) its trails write under. */
        public List<String> logPrefixes() {
            return trails.stream().map(Inputs::logPrefix).distinct().toList();
        }
    }

    public static List<TrailBucket> trailBuckets(AccountSnapshot snapshot) {
        Map<String, List<Trail>> byBucket = new LinkedHashMap<>();
        snapshot.trails().stream().filter(t -> t.s3BucketName() != null && !t.s3BucketName().isBlank())
                .forEach(t -> byBucket.computeIfAbsent(t.s3BucketName(), b -> new ArrayList<>()).add(t));
        return byBucket.entrySet().stream().map(e -> new TrailBucket(e.getKey(), List.copyOf(e.getValue()),
                bucket(snapshot, e.getKey()).orElse(null))).toList();
    }

    /**
     * The finding for a trail bucket that cannot be judged on its settings: UNKNOWN when it was not inventoried
     * or could not be read at all, FAIL when it no longer exists; null when its settings can be read.
     */
    public static Finding unusableBucket(String checkId, AccountSnapshot snapshot, TrailBucket tb) {
        if (tb.bucket() == null) {
            String why = unreadable(snapshot, "s3");
            return Finding.unknown(checkId, tb.name(), tb.region(), "bucket " + tb.name() + " of " + tb.trailNames()
                    + " is not in the snapshot" + (why == null ? "" : ": " + why));
        }
        String whole = error(tb.bucket().errors(), WHOLE_BUCKET);
        if (whole != null) {
            return Finding.unknown(checkId, tb.name(), tb.region(), "bucket " + tb.name() + " could not be read: "
                    + whole);
        }
        if (!tb.bucket().exists()) {
            return Finding.fail(checkId, tb.name(), tb.region(), "bucket " + tb.name() + " of " + tb.trailNames()
                    + " no longer exists: its logs are gone, the trail cannot deliver, and anyone may create a"
                    + " bucket of that name and receive them");
        }
        return null;
    }

    /**
     * The finding of a check whose risk needs a trail to exist (an exposed bucket, a destroyable record) when
     * the snapshot has none: PASS with {@code why}, or UNKNOWN when CloudTrail could not be read everywhere.
     * The missing trail itself is {@code cloudtrail_trail_logging}'s to report.
     */
    public static Finding noTrailNoRisk(String checkId, AccountSnapshot snapshot, String why) {
        return noTrailNoRisk(checkId, snapshot, EventDataStores.cloudTrailUnknown(snapshot), why);
    }

    /**
     * As {@link #noTrailNoRisk(String, AccountSnapshot, String)}, UNKNOWN only for {@code unreadable} (null: PASS):
     * for a check that what else went unread cannot change (an event data store has no bucket to expose).
     */
    public static Finding noTrailNoRisk(String checkId, AccountSnapshot snapshot, String unreadable, String why) {
        return unreadable != null
                ? Finding.unknown(checkId, snapshot.account(), null, "no trail found, but " + unreadable)
                : Finding.pass(checkId, snapshot.account(), null, "no trail: " + why);
    }

    public static String join(Collection<String> items) {
        return items.isEmpty() ? "none" : String.join(", ", items);
    }

    private static String stripSlashes(String prefix) {
        String p = prefix;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
