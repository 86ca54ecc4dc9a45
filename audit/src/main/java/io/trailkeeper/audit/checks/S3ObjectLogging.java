package io.trailkeeper.audit.checks;

import io.trailkeeper.audit.AuditContext;
import io.trailkeeper.audit.DataEventCost;
import io.trailkeeper.events.DataEventSelectors;
import io.trailkeeper.events.DataEventSelectors.Kind;
import io.trailkeeper.audit.internal.EventDataStores;
import io.trailkeeper.audit.internal.Inputs;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshot.Bucket;
import io.trailkeeper.events.AccountSnapshot.Trail;
import io.trailkeeper.events.DirectoryBuckets;
import io.trailkeeper.events.Finding;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The shared judgement of the S3 object-level read and write checks: one account-wide finding when no bucket
 * is marked critical (a logging multi-region trail must log every bucket), else one per critical bucket (a
 * logging trail that records the bucket's region must log all of its objects). An ingesting CloudTrail Lake event
 * data store counts as a trail does, by its advanced selectors, and is named when it passes.
 */
final class S3ObjectLogging {
    private final String id;
    private final Kind kind;
    private final AccountSnapshot snapshot;
    private final String what;
    private final String cost = "; cost: " + DataEventCost.unitPrice();
    private final List<Trail> readable;
    private final List<Trail> stores;
    private final List<String> unsure;
    private final String storesUnknown;

    private S3ObjectLogging(String id, Kind kind, AccountSnapshot snapshot) {
        this.id = id;
        this.kind = kind;
        this.snapshot = snapshot;
        this.what = kind == Kind.READ ? "S3 object reads (GetObject and the like)"
                : "S3 object writes (PutObject, DeleteObject and the like)";
        this.readable = Inputs.loggingTrails(snapshot).stream()
                .filter(t -> Inputs.error(t.errors(), Inputs.SELECTORS) == null).toList();
        this.unsure = snapshot.trails().stream().filter(t -> t.logging() == null
                || Boolean.TRUE.equals(t.logging()) && Inputs.error(t.errors(), Inputs.SELECTORS) != null)
                .map(Trail::name).toList();
        this.stores = EventDataStores.recording(snapshot).stream().map(EventDataStores::asTrail).toList();
        this.storesUnknown = EventDataStores.unknown(snapshot);
    }

    static List<Finding> judge(String id, Kind kind, AccountSnapshot snapshot, AuditContext context) {
        S3ObjectLogging judge = new S3ObjectLogging(id, kind, snapshot);
        return context.criticalBuckets().isEmpty() ? List.of(judge.everyBucket())
                : context.criticalBucketList().stream().map(judge::critical).toList();
    }

    private Finding everyBucket() {
        List<String> all = recorders().filter(t -> t.multiRegion() && DataEventSelectors.logsEverything(t,
                DataEventSelectors.S3_OBJECT, kind, spared(t))).map(Trail::name).toList();
        if (!all.isEmpty()) {
            return Finding.pass(id, snapshot.account(), null, what + " of every bucket are logged by "
                    + String.join(", ", all));
        }
        if (!unsure.isEmpty() || storesUnknown != null) {
            return Finding.unknown(id, snapshot.account(), null, unsureText());
        }
        return Finding.fail(id, snapshot.account(), null, what + " are not logged for every bucket by a logging"
                + " multi-region trail" + partly() + EventDataStores.notCountingNote(snapshot)
                + ": nobody can tell what was " + (kind == Kind.READ ? "read" : "changed or deleted")
                + "; name the buckets that matter with --critical-buckets to log only those" + cost);
    }

    private Finding critical(String name) {
        boolean directory = DirectoryBuckets.is(name);
        String region = Inputs.bucket(snapshot, name).map(Bucket::region).orElse(directory
                ? DirectoryBuckets.region(name, knownRegions()) : null);
        List<Trail> whole = recorders().filter(t -> directory ? DataEventSelectors.logsWholeDirectoryBucket(t, kind,
                "arn:" + Inputs.partition(t.arn()) + ":s3express:" + (region == null ? "" : region) + ":"
                        + snapshot.account() + ":bucket/" + name + "/")
                : DataEventSelectors.logsWholeBucket(t, kind, Inputs.partition(t.arn()), name)).toList();
        List<String> by = whole.stream().filter(t -> t.multiRegion() || region != null
                && region.equals(t.homeRegion())).map(Trail::name).toList();
        if (!by.isEmpty()) {
            return Finding.pass(id, name, region, what + " of " + name + " are logged by " + String.join(", ", by));
        }
        if (region == null && !whole.isEmpty()) {
            // a single-region trail records its home region's data events only: which is the bucket's is not known
            return Finding.unknown(id, name, null, what + " of " + name + " are logged by " + whole.stream()
                    .map(t -> t.name() + " (single-region, " + t.homeRegion() + ")").collect(
                            java.util.stream.Collectors.joining(", ")) + " only if the bucket is in that region, and"
                    + (directory ? " its region could not be told: its zone id names no region the snapshot holds"
                    : " its region was not read (" + regionUnread(name) + "); run the audit again with"
                    + " s3:GetBucketLocation on it"));
        }
        if (!unsure.isEmpty() || storesUnknown != null) {
            return Finding.unknown(id, name, region, unsureText());
        }
        return Finding.fail(id, name, region, what + " of critical bucket " + name + " are not logged"
                + (region == null ? "" : " by a logging trail that records " + region) + (directory ? ": a directory"
                + " bucket's object calls are data events of " + DataEventSelectors.S3_EXPRESS_OBJECT + ", which only an"
                + " advanced selector of that type logs (one of AWS::S3::Object does not)" : partly())
                + EventDataStores.notCountingNote(snapshot) + cost);
    }

    /** The regions the snapshot names: the account's, and the trails' home regions. */
    private List<String> knownRegions() {
        return java.util.stream.Stream.concat(snapshot.regions().stream().map(AccountSnapshot.Region::name),
                snapshot.trails().stream().map(Trail::homeRegion)).distinct().toList();
    }

    /** Why a bucket's region is not known: its GetBucketLocation's error, or that the snapshot has not the bucket. */
    private String regionUnread(String name) {
        return Inputs.bucket(snapshot, name).map(b -> b.exists() ? b.errors().getOrDefault("location",
                "GetBucketLocation gave none") : "S3 says it does not exist").orElse("the snapshot does not hold"
                + " the bucket: it was not read");
    }

    /** The buckets a trail may leave out: its own (logging it would loop) and that bucket's access-log bucket. */
    private Set<String> spared(Trail trail) {
        Set<String> out = new HashSet<>();
        if (trail.s3BucketName() != null) {
            out.add(trail.s3BucketName());
            Inputs.bucket(snapshot, trail.s3BucketName()).map(Bucket::loggingTargetBucket).ifPresent(out::add);
        }
        return out;
    }

    /**
     * What the trails and stores that select S3 objects do log, in their selectors' words: which objects of this
     * kind (" (main logs some, only where resources.ARN StartsWith arn:aws:s3:::payroll/)"), none of this kind but
     * the other, every bucket's of a single-region trail's home region only, or all of them while not logging.
     */
    private String partly() {
        List<String> some = new java.util.ArrayList<>();
        String type = DataEventSelectors.S3_OBJECT;
        for (Trail t : recorders().toList()) {
            List<String> limits = DataEventSelectors.limits(t, type, kind, spared(t));
            if (!limits.isEmpty()) {
                some.add(t.name() + " logs some, only where " + String.join("; or where ", limits));
            } else if (DataEventSelectors.logsEverything(t, type, kind, spared(t))) {
                some.add(t.name() + (t.multiRegion() ? " logs every bucket's but " + String.join(" and ",
                        new java.util.TreeSet<>(spared(t))) + " (its log buckets, whose logging would loop)"
                        : " logs every bucket's but is single-region: in " + t.homeRegion() + " only"));
            } else if (DataEventSelectors.selectsAny(t, type)) {
                some.add(t.name() + " logs " + (kind == Kind.READ ? "writes" : "reads") + " only");
            }
        }
        snapshot.trails().stream().filter(t -> Boolean.FALSE.equals(t.logging()) && DataEventSelectors.selectsAny(t,
                type)).forEach(t -> some.add(t.name() + " is not logging" + (t.stopLoggingTime() == null ? ""
                : " since " + t.stopLoggingTime()) + ": it records nothing"));
        return some.isEmpty() ? "" : " (" + String.join("; ", some) + ")";
    }

    private String unsureText() {
        return unsure.isEmpty() ? "the account's event data stores could not all be read: " + storesUnknown
                : "the selectors or status of " + String.join(", ", unsure) + " could not be read";
    }

    /**
     * The logging trails whose selectors were read, then the ingesting event data stores (as trails named
     * "event data store NAME"): a store's advanced selectors log data events as a trail's do.
     */
    private java.util.stream.Stream<Trail> recorders() {
        return java.util.stream.Stream.concat(readable.stream(), stores.stream());
    }
}
