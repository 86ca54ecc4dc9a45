package io.trailkeeper.audit.internal;

import io.trailkeeper.events.DataEventSelectors;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshot.EventDataStore;
import io.trailkeeper.events.AccountSnapshot.FieldSelector;
import io.trailkeeper.events.AccountSnapshot.Trail;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How checks read a snapshot's CloudTrail Lake event data stores. A store is a record of CloudTrail events when
 * one of its advanced selectors takes eventCategory Management or Data (not a store of Config items, of events
 * from outside AWS, or of Insights events only); it records when its status is ENABLED or STARTING_INGESTION.
 * A store of CloudTrail events that does not record (ingestion stopped, pending deletion, just created) keeps
 * what it has but records nothing new, and does not count for any check.
 */
public final class EventDataStores {
    /** The statuses of a store that ingests events. */
    public static final Set<String> RECORDING = Set.of("ENABLED", "STARTING_INGESTION");
    /** Best first: every region before one, then the longest kept, then by name. */
    private static final Comparator<EventDataStore> BEST = Comparator
            .comparing((EventDataStore s) -> !s.multiRegion())
            .thenComparing(s -> s.retentionDays() == null ? 0 : -s.retentionDays())
            .thenComparing(s -> String.valueOf(s.name()));

    private EventDataStores() {
    }

    /** Whether the store keeps CloudTrail events (management or data), whatever its status. */
    public static boolean ofCloudTrailEvents(EventDataStore store) {
        return store.advancedEventSelectors().stream().anyMatch(s -> s.fieldSelectors().stream()
                .filter(EventDataStores::category)
                .anyMatch(f -> DataEventSelectors.test(f, "Management") || DataEventSelectors.test(f, "Data")));
    }

    /** The stores of CloudTrail events that record, best first (every region, longest kept). */
    public static List<EventDataStore> recording(AccountSnapshot snapshot) {
        return snapshot.eventDataStores().stream().filter(EventDataStores::ofCloudTrailEvents)
                .filter(s -> s.status() != null && RECORDING.contains(s.status()))
                .sorted(BEST).toList();
    }

    /** The stores of CloudTrail events that do not record (their status known), best first. */
    public static List<EventDataStore> notRecording(AccountSnapshot snapshot) {
        return snapshot.eventDataStores().stream().filter(EventDataStores::ofCloudTrailEvents)
                .filter(s -> s.status() != null && !RECORDING.contains(s.status())).sorted(BEST).toList();
    }

    /**
     * Why the account's stores cannot all be told apart: the list refused (or not in the snapshot), or a store's
     * details unread; null when every store was read.
     */
    public static String unknown(AccountSnapshot snapshot) {
        String listing = Inputs.unreadable(snapshot, AccountSnapshot.EVENT_DATA_STORES);
        if (listing != null) {
            return listing;
        }
        List<String> unread = snapshot.eventDataStores().stream().filter(s -> s.status() == null)
                .map(s -> "event data store " + s.name() + ": " + s.errors().getOrDefault("details", "no status"))
                .toList();
        return unread.isEmpty() ? null : String.join("; ", unread);
    }

    /**
     * Why CloudTrail's record cannot be told whole: a region's CloudTrail, the list of stores, or a store's
     * details unread; null when all was read.
     */
    public static String cloudTrailUnknown(AccountSnapshot snapshot) {
        String unreadable = Inputs.unreadable(snapshot, "cloudtrail");
        return unreadable != null ? unreadable : unknown(snapshot);
    }

    /**
     * "; event data store X does not count: its status is STOPPED_INGESTION, it records nothing new", then, for an
     * account of an organization, where an organization store would be listed ({@link #organizationNote}); or "".
     */
    public static String notCountingNote(AccountSnapshot snapshot) {
        List<EventDataStore> idle = notRecording(snapshot);
        return (idle.isEmpty() ? "" : "; " + String.join("; ", idle.stream().map(EventDataStores::idle).toList()))
                + organizationNote(snapshot);
    }

    /**
     * What this account cannot see: an organization event data store belongs to the management account (or a
     * delegated administrator) and records every member account, but ListEventDataStores lists it only there.
     * When whether the account is in an organization could not be read, the note says so and what it would mean.
     * Empty when the account is in no organization or already lists an organization store.
     */
    static String organizationNote(AccountSnapshot snapshot) {
        if (recording(snapshot).stream().anyMatch(EventDataStore::organization)) {
            return "";
        }
        String elsewhere = ": an organization event data store (CloudTrail Lake) of its management account or a"
                + " delegated administrator would record this account too, and member accounts do not list it (from"
                + " a member account: audit the account that owns it, or run aws cloudtrail list-event-data-stores"
                + " with its credentials)";
        if (snapshot.organizationId() != null) {
            return "; the account is in organization " + snapshot.organizationId() + elsewhere;
        }
        String unread = Inputs.unreadable(snapshot, AccountSnapshot.ORGANIZATION);
        return unread == null ? "" : "; whether the account is in an organization could not be read (" + unread
                + "); if it is" + elsewhere;
    }

    /** Why a store of CloudTrail events does not count, in words. */
    public static String idle(EventDataStore store) {
        return describe(store) + " does not count: its status is " + store.status()
                + ("PENDING_DELETION".equals(store.status()) ? ", it is to be deleted"
                : ", it records nothing new (start it: " + startCommand(store) + ")");
    }

    /**
     * The retention to raise a store to: what its price includes, 2557 days (7 years) under
     * FIXED_RETENTION_PRICING, 366 under EXTENDABLE_RETENTION_PRICING (longer costs extra there).
     */
    public static int retentionTarget(EventDataStore store) {
        return "FIXED_RETENTION_PRICING".equals(store.billingMode()) ? 2557 : 366;
    }

    public static String retentionCommand(EventDataStore store) {
        return "aws cloudtrail update-event-data-store --event-data-store " + resource(store) + " --retention-period "
                + retentionTarget(store) + " --region " + store.homeRegion();
    }

    public static String startCommand(EventDataStore store) {
        return "aws cloudtrail start-event-data-store-ingestion --event-data-store " + resource(store)
                + " --region " + store.homeRegion();
    }

    /** The store's name and where it lives, for a finding's detail. */
    public static String describe(EventDataStore store) {
        return "event data store " + store.name() + " (CloudTrail Lake, " + store.homeRegion() + ")";
    }

    public static String resource(EventDataStore store) {
        return store.arn() != null ? store.arn() : store.name();
    }

    /** How far the store reaches: "every region of the organization's accounts", "every region", "its region". */
    public static String reach(EventDataStore store) {
        return (store.multiRegion() ? "every region" : store.homeRegion() + " only")
                + (store.organization() ? " of every account of the organization" : "");
    }

    /**
     * The store's selectors as a logging trail's (advanced selectors only, no bucket to spare), so that the
     * selectors are judged by {@link DataEventSelectors} and {@link ManagementEventSelectors} exactly as a
     * trail's are: an event data store takes the same advanced event selectors.
     */
    public static Trail asTrail(EventDataStore store) {
        return new Trail("event data store " + store.name(), store.arn(), store.homeRegion(), null, null, null,
                store.multiRegion(), store.organization(), true, false, store.kmsKeyId(), null, null, true, null,
                null, null, null, null, null, List.of(), store.advancedEventSelectors(), List.of(), List.of(),
                Map.of());
    }

    private static boolean category(FieldSelector f) {
        return f.field() != null && f.field().equalsIgnoreCase("eventCategory");
    }
}
