package io.trailkeeper.audit.fix;

import io.trailkeeper.events.DataEventSelectors;
import io.trailkeeper.events.DataEventSelectors.Kind;
import io.trailkeeper.audit.internal.EventDataStores;
import io.trailkeeper.audit.internal.Inputs;
import io.trailkeeper.audit.internal.ManagementEventSelectors;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshot.AdvancedEventSelector;
import io.trailkeeper.events.AccountSnapshot.EventDataStore;
import io.trailkeeper.events.AccountSnapshot.FieldSelector;
import io.trailkeeper.events.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What the plan changes on the account's CloudTrail Lake event data store, in place: a trail and bucket beside it
 * would record the same events twice and be charged twice. Without a trail the store is the account's record, and
 * closes what it falls short in (retention, regions, management or data events, stopped ingestion); beside a
 * logging trail, only its own retention. Checks about a trail's own files and bucket pass once the store records (they are about
 * trails), so starting a stopped store closes them too.
 */
final class LakePlan {
    /** Trail-only checks that pass for an account whose record is an ingesting event data store. */
    private static final Set<String> TRAIL_ONLY = Set.of(CheckIds.LOG_FILE_VALIDATION, CheckIds.KMS,
            CheckIds.DELIVERY, CheckIds.RETENTION_PROTECTED, CheckIds.BUCKET_POLICY, CheckIds.ACCESS_LOGGING,
            CheckIds.CLOUDWATCH_LOGS);

    /** CloudTrail takes up to five advanced event selectors for an event data store. */
    static final int MAX_SELECTORS = 5;
    /** The checks an added selector closes. */
    private static final Set<String> SELECTOR_CHECKS = Set.of(CheckIds.MULTI_REGION, CheckIds.GLOBAL_EVENTS,
            CheckIds.S3_READ, CheckIds.S3_WRITE, CheckIds.DYNAMODB_LAMBDA);

    private LakePlan() {
    }

    /**
     * The change to the account's best event data store of CloudTrail events (not one pending deletion), or null
     * when there is none or it needs no change.
     *
     * @param failed the ids of the checks that failed
     */
    static StoreChange from(AccountSnapshot snapshot, List<Finding> findings, Set<String> failed, FixOptions options) {
        EventDataStore store = Stream.concat(EventDataStores.recording(snapshot).stream(),
                        EventDataStores.notRecording(snapshot).stream().filter(s -> !"PENDING_DELETION".equals(s.status())))
                .findFirst().orElse(null);
        if (store == null) {
            return null;
        }
        boolean record = Inputs.loggingTrails(snapshot).isEmpty();
        Set<String> closes = new TreeSet<>();
        boolean ownRetention = findings.stream().anyMatch(f -> f.outcome() == Finding.Outcome.FAIL
                && f.checkId().equals(CheckIds.RETENTION_365) && f.resource().equals(EventDataStores.resource(store)));
        Integer retention = null;
        if ((ownRetention || record && failed.contains(CheckIds.RETENTION_365)) && store.retentionDays() != null
                && store.retentionDays() < 365) {
            retention = EventDataStores.retentionTarget(store);
            closes.add(CheckIds.RETENTION_365);
        }
        boolean start = false;
        boolean multiRegion = false;
        List<AdvancedEventSelector> added = new ArrayList<>();
        if (record) {
            start = !EventDataStores.RECORDING.contains(store.status());
            if (start) {
                closes.add(CheckIds.TRAIL_LOGGING);
                closes.add(CheckIds.RETENTION_365);
                TRAIL_ONLY.stream().filter(failed::contains).forEach(closes::add);
            }
            if (failed.contains(CheckIds.MULTI_REGION) || failed.contains(CheckIds.GLOBAL_EVENTS)) {
                multiRegion = !store.multiRegion();
                if (!ManagementEventSelectors.of(EventDataStores.asTrail(store)).complete()) {
                    added.add(selector("Management events", field("eventCategory", "Management")));
                }
                closes.add(CheckIds.MULTI_REGION);
                closes.add(CheckIds.GLOBAL_EVENTS);
            }
            dataEvents(EventDataStores.asTrail(store), failed, options, Design.partitionOf(snapshot.callerArn()), added,
                    closes);
        }
        List<String> notAdded = List.of();
        if (!added.isEmpty() && store.advancedEventSelectors().size() + added.size() > MAX_SELECTORS) {
            // AWS takes five selectors at most: the owner merges them; no trail is built for it either
            notAdded = added.stream().map(AdvancedEventSelector::name).toList();
            added.clear();
        }
        closes.retainAll(failed);
        if (retention == null && !start && !multiRegion && added.isEmpty() && notAdded.isEmpty()) {
            return null;
        }
        List<AdvancedEventSelector> selectors = new ArrayList<>();
        if (!added.isEmpty()) {
            selectors.addAll(store.advancedEventSelectors());
            selectors.addAll(added);
        }
        List<String> shut = notAdded.isEmpty() ? List.copyOf(closes) : closes.stream()
                .filter(id -> !SELECTOR_CHECKS.contains(id)).toList();
        return new StoreChange(store.name(), EventDataStores.resource(store), store.homeRegion(), retention,
                multiRegion, List.copyOf(selectors), added.stream().map(AdvancedEventSelector::name).toList(), start,
                shut, notAdded, closes.stream().filter(id -> !shut.contains(id)).toList(), store);
    }

    /** The data-event selectors the store lacks for the failed checks (a stopped store may have them already). */
    private static void dataEvents(AccountSnapshot.Trail store, Set<String> failed, FixOptions options,
                                   String partition, List<AdvancedEventSelector> added, Set<String> closes) {
        List<String> critical = options.criticalBuckets();
        if (failed.contains(CheckIds.S3_READ) || failed.contains(CheckIds.S3_WRITE)) {
            closes.add(CheckIds.S3_READ);
            closes.add(CheckIds.S3_WRITE);
            boolean logged = Stream.of(Kind.READ, Kind.WRITE).allMatch(kind -> critical.isEmpty()
                    ? DataEventSelectors.logsEverything(store, DataEventSelectors.S3_OBJECT, kind, Set.of())
                    : critical.stream().allMatch(b -> DataEventSelectors.logsWholeBucket(store, kind, partition, b)));
            if (!logged) {
                List<FieldSelector> fields = new ArrayList<>(List.of(field("eventCategory", "Data"),
                        field("resources.type", DataEventSelectors.S3_OBJECT)));
                if (!critical.isEmpty()) {
                    fields.add(new FieldSelector("resources.ARN", null, null, critical.stream()
                            .map(b -> DataEventSelectors.wholeBucket(partition, b)).toList(), null, null, null));
                }
                added.add(new AdvancedEventSelector(critical.isEmpty() ? "S3 object reads and writes, all buckets"
                        : "S3 object reads and writes, critical buckets", fields));
            }
        }
        if (failed.contains(CheckIds.DYNAMODB_LAMBDA) && !Boolean.FALSE.equals(options.dynamoDbAndLambda())) {
            closes.add(CheckIds.DYNAMODB_LAMBDA);
            if (!DataEventSelectors.selectsAny(store, DataEventSelectors.DYNAMODB_TABLE)) {
                added.add(selector("DynamoDB item reads and writes", field("eventCategory", "Data"),
                        field("resources.type", DataEventSelectors.DYNAMODB_TABLE)));
            }
            if (!DataEventSelectors.selectsAny(store, DataEventSelectors.LAMBDA_FUNCTION)) {
                added.add(selector("Lambda invocations", field("eventCategory", "Data"),
                        field("resources.type", DataEventSelectors.LAMBDA_FUNCTION)));
            }
        }
    }

    /** The failed checks an account whose record is an event data store does not build a trail for. */
    static Set<String> notForATrail(StoreChange lake, AccountSnapshot snapshot) {
        Set<String> out = new TreeSet<>(lake == null ? List.of() : lake.closes());
        if (lake != null) {
            out.addAll(lake.leftFailing());
        }
        if (keepsAYear(snapshot) != null) {
            out.add(CheckIds.RETENTION_365); // a trail bucket kept less long is a note, not a second trail
        }
        if (Inputs.loggingTrails(snapshot).isEmpty() && (!EventDataStores.recording(snapshot).isEmpty()
                || lake != null && lake.startIngestion())) {
            out.add(CheckIds.INSIGHTS); // an event data store's Insights are not read: UNKNOWN, never a trail
        }
        return out;
    }

    /** An ingesting store that keeps events a year at least, or null. */
    static EventDataStore keepsAYear(AccountSnapshot snapshot) {
        return EventDataStores.recording(snapshot).stream()
                .filter(s -> s.retentionDays() != null && s.retentionDays() >= 365).findFirst().orElse(null);
    }

    private static AdvancedEventSelector selector(String name, FieldSelector... fields) {
        return new AdvancedEventSelector(name, List.of(fields));
    }

    private static FieldSelector field(String field, String value) {
        return new FieldSelector(field, List.of(value), null, null, null, null, null);
    }
}
