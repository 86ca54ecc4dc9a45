package io.trailkeeper.audit.fix;

import io.trailkeeper.audit.internal.EventDataStores;
import io.trailkeeper.audit.internal.Inputs;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.DirectoryBuckets;
import io.trailkeeper.events.Finding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What the plan builds, decided once from the snapshot, the findings and the options; the three renderers only
 * spell it out. Every name is derived from the account, never from the clock, so renderings are repeatable.
 *
 * @param failed        the ids of the checks that failed
 * @param core          the trail, its bucket, key, log group and data events; null when none of their checks failed
 * @param monitoring    alarms and the EventBridge rule; null when none of their checks failed
 * @param existingTrail the trail the account has today (the best of them: multi-region, logging, fewest failures of
 *                      its own), or null
 * @param leftovers     the other trails that are not logging (each to be started or deleted), and, beside a best trail
 *                      that passes its own checks, the logging ones that fail theirs (each to be deleted, or fixed in
 *                      place): by their owner's choice; their own failures are theirs, and build nothing
 * @param lake          the change to the account's CloudTrail Lake event data store, made in place; null for none
 */
record Design(String account, String partition, String region, Set<String> failed, Core core,
              Monitoring monitoring, FixOptions options, AccountSnapshot.Trail existingTrail, List<Leftover> leftovers,
              StoreChange lake) {

    /**
     * A trail beside the best one that is not logging (a leftover, or one stopped on purpose or by an intruder), or
     * that logs but fails its own checks beside a best trail that passes them (a plan's trail deployed beside the
     * trail it replaces, before that one is deleted): a new trail built for its failures would be one more beside it.
     *
     * @param logging    whether it logs (to be deleted or fixed in place) rather than not (to be started or deleted)
     * @param closes     the failed checks that are about this trail (or a bucket only it uses)
     * @param dataEvents whether it selects data events: deleted, it would record them no more
     */
    record Leftover(String name, String region, boolean logging, List<String> closes, boolean dataEvents) {
    }

    /**
     * The trail and everything it needs.
     *
     * @param s3DataEventBuckets the buckets whose object events are logged; empty: every bucket but the plan's two
     * @param keptSelectors      the replaced trail's selectors of data events of other types than the plan's own
     *                           (SNS topics, directory buckets...), as they are: deleting it must not lose them
     * @param s3ExpressObjectArns the object ARN prefixes of those that are directory buckets
     *                            ({@code arn:aws:s3express:REGION:ACCOUNT:bucket/NAME/}): their object calls are
     *                            {@code AWS::S3Express::Object} data events; empty with a directory bucket among them:
     *                            one's region is not known, and every directory bucket's are logged
     */
    record Core(String trailName, String bucket, String accessLogBucket, String keyAlias, String logGroup,
                String logsRole, List<String> s3DataEventBuckets, List<String> s3ExpressObjectArns,
                boolean dynamoDbAndLambda, boolean insights,
                List<AccountSnapshot.AdvancedEventSelector> keptSelectors) {

        /** The critical buckets that are general purpose buckets (AWS::S3::Object). */
        List<String> generalPurposeBuckets() {
            return s3DataEventBuckets.stream().filter(b -> !DirectoryBuckets.is(b)).toList();
        }

        /** The critical buckets that are directory buckets (S3 Express One Zone). */
        List<String> directoryBuckets() {
            return s3DataEventBuckets.stream().filter(DirectoryBuckets::is).toList();
        }
    }

    /**
     * Alerts on tampering and risky sign-ins.
     *
     * @param logGroup the log group the metric filters read: the plan's own, or the existing trail's
     */
    record Monitoring(String logGroup, List<MonitoringAlarm> alarms, boolean eventRule, String topic) {
    }

    static Design from(AccountSnapshot snapshot, List<Finding> findings, FixOptions options) {
        String account = snapshot.account();
        if (account == null || !account.matches("\\d{12}")) {
            throw new IllegalArgumentException("the snapshot names no account id (" + account + ")");
        }
        AccountSnapshot.Trail existing = snapshot.trails().stream()
                .sorted(Comparator.comparing((AccountSnapshot.Trail t) -> !t.multiRegion())
                        .thenComparing(t -> !Boolean.TRUE.equals(t.logging()))
                        .thenComparing(t -> ownFailures(t, snapshot, findings).size())
                        .thenComparing(t -> String.valueOf(t.name())))
                .findFirst().orElse(null);
        if (existing != null && !Boolean.TRUE.equals(existing.logging()) && !EventDataStores.recording(snapshot).isEmpty()) {
            existing = null; // an event data store records: a stopped trail is to be started or deleted, not replaced
        }
        boolean existingPasses = existing != null && Boolean.TRUE.equals(existing.logging())
                && ownFailures(existing, snapshot, findings).isEmpty();
        List<Leftover> leftovers = new ArrayList<>();
        List<Finding> theirs = new ArrayList<>();
        for (AccountSnapshot.Trail t : snapshot.trails()) {
            List<Finding> own = t == existing ? List.of() : ownFailures(t, snapshot, findings);
            boolean stopped = t != existing && Boolean.FALSE.equals(t.logging());
            boolean failingBesideAPassingOne = existingPasses && Boolean.TRUE.equals(t.logging()) && !t.organization()
                    && !own.isEmpty();
            if (stopped || failingBesideAPassingOne) {
                theirs.addAll(own);
                leftovers.add(new Leftover(t.name(), t.homeRegion(), !stopped, own.stream().map(Finding::checkId)
                        .distinct().sorted().toList(), selectsDataEvents(t)));
            }
        }
        Set<String> failed = new TreeSet<>();
        for (Finding f : findings) {
            if (f.outcome() == Finding.Outcome.FAIL && !theirs.contains(f)) {
                failed.add(f.checkId());
            }
        }
        String region = options.region() != null ? options.region()
                : existing != null && existing.homeRegion() != null ? existing.homeRegion() : "us-east-1";
        String partition = partitionOf(snapshot.callerArn());
        String existingLogGroup = existing == null ? null : logGroupName(existing.cloudWatchLogsLogGroupArn());

        StoreChange lake = LakePlan.from(snapshot, findings, failed, options);
        Set<String> forATrail = new TreeSet<>(failed);
        forATrail.removeAll(LakePlan.notForATrail(lake, snapshot));
        // An account whose record is an event data store gets no trail for alarms alone: PlanWords says what they need.
        boolean storeIsRecord = Inputs.loggingTrails(snapshot).isEmpty()
                && (!EventDataStores.recording(snapshot).isEmpty() || lake != null && lake.startIngestion());
        List<MonitoringAlarm> alarms = Stream.of(MonitoringAlarm.values())
                .filter(a -> failed.contains(a.checkId)).toList();
        boolean needsCore = forATrail.stream().anyMatch(CheckIds.CORE::contains)
                || (!alarms.isEmpty() && existingLogGroup == null && !storeIsRecord);
        Core core = needsCore ? core(snapshot, failed, options, existing, existingPasses) : null;
        if (core == null && existingLogGroup == null) {
            alarms = List.of();
        }
        if (core != null) {
            // Alarms on the old trail's log group fall silent once the old trail goes: they move with the trail.
            alarms = List.of(MonitoringAlarm.values());
        }
        Monitoring monitoring = null;
        if (!alarms.isEmpty()) {
            boolean eventRule = options.eventBridgeRule() && alarms.contains(MonitoringAlarm.TRAIL_TAMPERING);
            monitoring = new Monitoring(core != null ? core.logGroup() : existingLogGroup, alarms, eventRule,
                    "trailkeeper-alerts");
        }
        if (core == null && monitoring != null && existing.homeRegion() != null) {
            // alarms count the existing log group's events only in its region, the trail's home region (as the
            // tampering rule must be): --region cannot move them
            region = existing.homeRegion();
        }
        return new Design(account, partition, region, Set.copyOf(failed), core, monitoring, options, existing,
                List.copyOf(leftovers), core == null ? lake : StoreChange.ownRetentionOnly(lake));
    }

    private static boolean selectsDataEvents(AccountSnapshot.Trail trail) {
        return trail.eventSelectors().stream().anyMatch(s -> !s.dataResources().isEmpty())
                || trail.advancedEventSelectors().stream().anyMatch(TrailSelectors::selectsDataEvents);
    }

    /** The failed findings about {@code trail} ({@link #about}). */
    private static List<Finding> ownFailures(AccountSnapshot.Trail trail, AccountSnapshot snapshot,
                                             List<Finding> findings) {
        return findings.stream().filter(f -> f.outcome() == Finding.Outcome.FAIL && about(f, trail, snapshot)).toList();
    }

    /** Whether a finding is about {@code trail}: names it, or a bucket that no other trail writes to. */
    private static boolean about(Finding f, AccountSnapshot.Trail trail, AccountSnapshot snapshot) {
        if (f.resource().equals(trail.arn()) || f.resource().equals(trail.name())) {
            return true;
        }
        return trail.s3BucketName() != null && f.resource().equals(trail.s3BucketName())
                && snapshot.trails().stream().filter(t -> t != trail).noneMatch(t -> trail.s3BucketName()
                .equals(t.s3BucketName()));
    }

    private static Core core(AccountSnapshot snapshot, Set<String> failed, FixOptions options,
                             AccountSnapshot.Trail existing, boolean existingStays) {
        String account = snapshot.account();
        Set<String> takenBuckets = new HashSet<>();
        snapshot.buckets().forEach(b -> {
            takenBuckets.add(b.name());
            takenBuckets.add(b.loggingTargetBucket());
        });
        snapshot.trails().forEach(t -> takenBuckets.add(t.s3BucketName()));
        Set<String> takenRoles = new HashSet<>();
        if (snapshot.iam() != null) {
            snapshot.iam().roles().forEach(r -> takenRoles.add(r.name()));
        }
        snapshot.trails().forEach(t -> takenRoles.add(afterLastSlash(t.cloudWatchLogsRoleArn())));
        Set<String> takenTrails = new HashSet<>();
        snapshot.trails().forEach(t -> takenTrails.add(t.name()));
        Set<String> takenGroups = new HashSet<>();
        snapshot.logGroups().forEach(g -> takenGroups.add(g.name()));

        String bucket = unique("trailkeeper-" + account + "-cloudtrail", takenBuckets);
        takenBuckets.add(bucket);
        String accessLogBucket = unique("trailkeeper-" + account + "-access-logs", takenBuckets);
        List<String> critical = options.criticalBuckets().stream()
                .filter(b -> !b.equals(bucket) && !b.equals(accessLogBucket)).toList();
        boolean hadDynamoOrLambda = existing != null && logsDataEventsOf(existing, "AWS::DynamoDB::Table",
                "AWS::Lambda::Function");
        boolean dynamo = options.dynamoDbAndLambda() != null ? options.dynamoDbAndLambda()
                : failed.contains(CheckIds.DYNAMODB_LAMBDA) || hadDynamoOrLambda;
        boolean insights = options.insights() != null ? options.insights()
                : failed.contains(CheckIds.INSIGHTS) || existing != null && !existing.insightTypes().isEmpty();
        String trail = unique("trailkeeper-" + account, takenTrails);
        // The key's alias and the role follow the trail's name: a name in use stays with what uses it.
        return new Core(trail, bucket, accessLogBucket, "alias/" + trail,
                unique("/trailkeeper/cloudtrail", takenGroups),
                unique(trail + "-to-cloudwatch-logs", takenRoles), critical,
                TrailSelectors.s3ExpressObjectArns(snapshot, critical), dynamo, insights,
                existing == null || existing.organization() || existingStays ? List.of() : TrailSelectors.kept(existing));
    }

    private static boolean logsDataEventsOf(AccountSnapshot.Trail trail, String... types) {
        Set<String> wanted = Set.of(types);
        boolean basic = trail.eventSelectors().stream().flatMap(s -> s.dataResources().stream())
                .anyMatch(r -> wanted.contains(r.type()));
        boolean advanced = trail.advancedEventSelectors().stream().flatMap(s -> s.fieldSelectors().stream())
                .filter(f -> "resources.type".equals(f.field()))
                .anyMatch(f -> f.equalsValues().stream().anyMatch(wanted::contains));
        return basic || advanced;
    }

    /**
     * The name, or the name with the first free suffix -2, -3...: a bucket once used (public, deleted) is never
     * reused.
     */
    static String unique(String name, Set<String> taken) {
        String candidate = name;
        for (int i = 2; taken.contains(candidate); i++) {
            candidate = name + "-" + i;
        }
        return candidate;
    }

    static String partitionOf(String arn) {
        if (arn != null && arn.startsWith("arn:")) {
            String[] parts = arn.split(":", 3);
            if (parts.length == 3 && !parts[1].isEmpty()) {
                return parts[1];
            }
        }
        return "aws";
    }

    private static String afterLastSlash(String arn) {
        return arn == null ? null : arn.substring(arn.lastIndexOf('/') + 1);
    }

    /** arn:aws:logs:REGION:ACCOUNT:log-group:NAME:* to NAME. */
    static String logGroupName(String arn) {
        if (arn == null) {
            return null;
        }
        int start = arn.indexOf(":log-group:");
        if (start < 0) {
            return null;
        }
        String name = arn.substring(start + ":log-group:".length());
        return name.endsWith(":*") ? name.substring(0, name.length() - 2) : name;
    }

    boolean nothingToFix() {
        return buildsNothing() && leftovers.isEmpty();
    }

    /** Nothing is created: at most, leftover trails are to be started or deleted (by hand: the choice is theirs). */
    boolean buildsNothing() {
        return createsNothing() && (lake == null || !lake.changes());
    }

    /**
     * No resource is created: CloudFormation then has nothing to declare, and Terraform at most the event data store
     * it imports ({@link #terraformImport}).
     */
    boolean createsNothing() {
        return core == null && monitoring == null;
    }

    /**
     * The event data store change that Terraform makes by importing the store and declaring it as it is, or null:
     * none is changed, or its settings were not all read ({@link StoreChange#declarable}), and only the CLI script
     * changes it.
     */
    StoreChange terraformImport() {
        return lake != null && lake.changes() && lake.declarable() ? lake : null;
    }

    String arn(String service, String regionPart, String resource) {
        return "arn:" + partition + ":" + service + ":" + regionPart + ":" + resource;
    }

    String trailArn() {
        return arn("cloudtrail", region, account + ":trail/" + core.trailName());
    }

    String bucketArn(String bucket) {
        return "arn:" + partition + ":s3:::" + bucket;
    }

    String logGroupArn(String logGroup) {
        return arn("logs", region, account + ":log-group:" + logGroup + ":*");
    }

    String topicArn() {
        return arn("sns", region, account + ":" + monitoring.topic());
    }

    String logsRoleArn() {
        return "arn:" + partition + ":iam::" + account + ":role/" + core.logsRole();
    }

    /** The trail's advanced event selectors: management events, then the chosen data events. */
    List<AccountSnapshot.AdvancedEventSelector> selectors() {
        return TrailSelectors.of(this);
    }
}
