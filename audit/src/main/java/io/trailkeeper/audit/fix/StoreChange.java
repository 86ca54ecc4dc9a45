package io.trailkeeper.audit.fix;

import io.trailkeeper.audit.internal.EventDataStores;
import io.trailkeeper.events.AccountSnapshot;
import java.util.List;

/**
 * The account's event data store, changed where it falls short ({@link LakePlan}): no trail is built beside it.
 *
 * @param retentionDays  the RetentionPeriod to set, or null to leave it
 * @param multiRegion    whether MultiRegionEnabled is to be turned on
 * @param selectors      the whole list of advanced selectors to set (its own, then those added), or empty to
 *                       leave them: UpdateEventDataStore replaces the list
 * @param added          the names of the selectors added
 * @param startIngestion whether its ingestion is to be started
 * @param closes         the failed checks the change closes
 * @param notAdded       the selectors it needs but cannot take (five at most): the owner merges them
 * @param leftFailing    the failed checks those would have closed: no trail is built for them either
 * @param current        the store as the snapshot read it
 */
record StoreChange(String name, String arn, String region, Integer retentionDays, boolean multiRegion,
                   List<AccountSnapshot.AdvancedEventSelector> selectors, List<String> added, boolean startIngestion,
                   List<String> closes, List<String> notAdded, List<String> leftFailing,
                   AccountSnapshot.EventDataStore current) {
    /** Whether the store is changed at all (it may only need selectors it cannot take). */
    boolean changes() {
        return retentionDays != null || multiRegion || !selectors.isEmpty() || startIngestion;
    }

    /** With a trail of the plan's own, the store keeps only the change to its own retention (the trail records). */
    static StoreChange ownRetentionOnly(StoreChange change) {
        if (change == null || change.retentionDays() == null) {
            return null;
        }
        return new StoreChange(change.name(), change.arn(), change.region(), change.retentionDays(), false, List.of(),
                List.of(), false, List.of(CheckIds.RETENTION_365), List.of(), List.of(), change.current());
    }

    /**
     * Whether Terraform can take the store over as it is (import, then change): its ARN and every setting that
     * Terraform would otherwise reset were read. A KMS key or billing mode left out would make the plan replace
     * the store, deleting its events.
     */
    boolean declarable() {
        return current != null && current.arn() != null && !current.errors().containsKey("details")
                && current.billingMode() != null && current.terminationProtection() != null
                && (retentionDays != null || current.retentionDays() != null);
    }

    /** The selectors the store is to have: the new list, or its own when they are left as they are. */
    List<AccountSnapshot.AdvancedEventSelector> selectorsAfter() {
        return selectors.isEmpty() ? current.advancedEventSelectors() : selectors;
    }

    /** Whether the store is to ingest after the change: started, or ingesting already. */
    boolean ingestsAfter() {
        return startIngestion || current != null && EventDataStores.RECORDING.contains(current.status());
    }
}
