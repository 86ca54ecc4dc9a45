package io.trailkeeper.audit.checks;

import io.trailkeeper.audit.AuditContext;
import io.trailkeeper.audit.Check;
import io.trailkeeper.audit.internal.EventDataStores;
import io.trailkeeper.audit.internal.Inputs;
import io.trailkeeper.audit.internal.ManagementEventSelectors;
import io.trailkeeper.audit.internal.ManagementEventSelectors.ManagementEvents;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshot.EventDataStore;
import io.trailkeeper.events.AccountSnapshot.Region;
import io.trailkeeper.events.AccountSnapshot.Trail;
import io.trailkeeper.events.Finding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A logging multi-region trail (an organization trail included) records every region: its read and write
 * management events (CIS 3.1 wants ReadWriteType All). A trail that logs only data events records no sign-in
 * and no IAM change anywhere and does not count; one that logs only reads or only writes, or filters them,
 * fails and says what is lost; one that excludes whole sources (KMS, RDS Data API) passes with a note naming
 * them. Without any, each enabled region fails on its own: recorded only by a single-region trail (a region
 * enabled later would not be), or by no trail at all (its events live only in its 90-day event history).
 * A multi-region CloudTrail Lake event data store that is ingesting and selects all management events counts as
 * such a trail does, and passes, named; one that is single-region, selects no management events or is stopped is
 * named in the FAIL.
 */
public final class MultiRegionTrailCheck implements Check {
    public static final String ID = "cloudtrail_multi_region_enabled";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(AccountSnapshot snapshot, AuditContext context) {
        List<Trail> everywhere = Inputs.loggingTrails(snapshot).stream().filter(Trail::multiRegion).toList();
        List<String> unread = everywhere.stream().filter(t -> Inputs.error(t.errors(), Inputs.SELECTORS) != null)
                .map(Trail::name).toList();
        Map<Trail, ManagementEvents> recording = new LinkedHashMap<>(); // each trail's selectors read once
        everywhere.stream().filter(t -> Inputs.error(t.errors(), Inputs.SELECTORS) == null)
                .forEach(t -> recording.put(t, ManagementEventSelectors.of(t)));
        recording.values().removeIf(ManagementEvents::none);
        // Enough: reads and writes of every source, or of every source but a few excluded whole (noted).
        List<Finding> passes = recording.entrySet().stream().filter(e -> e.getValue().complete()
                || e.getValue().onlySourcesExcluded()).map(e -> Finding.pass(ID, Inputs.resource(e.getKey()),
                e.getKey().homeRegion(), (e.getKey().organization() ? "organization " : "multi-region ")
                + Inputs.describe(e.getKey()) + " records every region"
                + (e.getValue().complete() ? "" : "; note: " + e.getValue().gaps()))).toList();
        if (!passes.isEmpty()) {
            return passes;
        }
        List<Finding> stores = storePasses(snapshot);
        if (!stores.isEmpty()) {
            return stores;
        }
        List<String> unsure = snapshot.trails().stream().filter(t -> t.logging() == null && t.multiRegion())
                .map(Trail::name).toList();
        String unreadable = EventDataStores.cloudTrailUnknown(snapshot);
        if (!unsure.isEmpty() || !unread.isEmpty() || unreadable != null) {
            // what was read is said too: a trail's own gap stays to close, whatever the unread part holds
            String known = recording.entrySet().stream().map(e -> "; what is known: multi-region "
                    + Inputs.describe(e.getKey()) + " records every region, but " + e.getValue().gaps())
                    .collect(java.util.stream.Collectors.joining());
            return List.of(Finding.unknown(ID, snapshot.account(), null, "no multi-region trail is known to log; "
                    + (!unsure.isEmpty() ? "the status of " + String.join(", ", unsure) + " is unknown"
                    : !unread.isEmpty() ? "the event selectors of " + String.join(", ", unread) + " could not be read"
                    : unreadable) + known));
        }
        if (!recording.isEmpty()) {
            return recording.entrySet().stream().map(e -> Finding.fail(ID, Inputs.resource(e.getKey()),
                    e.getKey().homeRegion(), "multi-region " + Inputs.describe(e.getKey()) + " records every region,"
                    + " but " + e.getValue().gaps() + ": log all management events (ReadWriteType All)")).toList();
        }
        String silent = (everywhere.isEmpty() ? "" : "; " + Inputs.join(everywhere.stream().map(Trail::name).toList())
                + " log" + (everywhere.size() == 1 ? "s" : "") + " no management events, only data events")
                + storeGaps(snapshot);
        List<Region> enabled = snapshot.regions().stream().filter(Region::enabled).toList();
        if (enabled.isEmpty()) {
            return List.of(Finding.fail(ID, snapshot.account(), null, "no logging multi-region trail" + silent));
        }
        List<Trail> single = Inputs.loggingTrails(snapshot).stream()
                .filter(t -> !t.multiRegion() && !ManagementEventSelectors.of(t).none()).toList();
        List<Finding> out = new ArrayList<>();
        for (Region region : enabled) {
            List<String> local = single.stream().filter(t -> region.name().equals(t.homeRegion())).map(Trail::name)
                    .toList();
            out.add(Finding.fail(ID, region.name(), region.name(), (local.isEmpty()
                    ? "no trail records " + region.name() + history(region)
                    : "only the single-region trail " + String.join(", ", local) + " records " + region.name()
                    + "; no logging multi-region trail covers a region enabled later") + silent));
        }
        return out;
    }

    /** A multi-region event data store that records all management events passes as such a trail does. */
    private static List<Finding> storePasses(AccountSnapshot snapshot) {
        List<Finding> out = new ArrayList<>();
        for (EventDataStore s : EventDataStores.recording(snapshot)) {
            ManagementEvents m = ManagementEventSelectors.of(EventDataStores.asTrail(s));
            if (s.multiRegion() && (m.complete() || m.onlySourcesExcluded())) {
                out.add(Finding.pass(ID, EventDataStores.resource(s), s.homeRegion(), "multi-region "
                        + EventDataStores.describe(s) + " records " + EventDataStores.reach(s)
                        + (m.complete() ? "" : "; note: " + m.gaps())));
            }
        }
        return out;
    }

    /** Why the account's event data stores do not record every region's management events, or "". */
    private static String storeGaps(AccountSnapshot snapshot) {
        List<String> gaps = new ArrayList<>();
        for (EventDataStore s : EventDataStores.recording(snapshot)) {
            ManagementEvents m = ManagementEventSelectors.of(EventDataStores.asTrail(s));
            gaps.add(EventDataStores.describe(s) + (!s.multiRegion() ? " records " + s.homeRegion() + " only"
                    + " (MultiRegionEnabled false)" : m.none() ? " records no management events" : ": " + m.gaps()));
        }
        return (gaps.isEmpty() ? "" : "; " + String.join("; ", gaps)) + EventDataStores.notCountingNote(snapshot);
    }

    private static String history(Region region) {
        if (region.recentEvents() == null || region.recentEvents() == 0) {
            return ": its events exist only in its 90-day event history";
        }
        return ": its recent events (" + Inputs.recentEvents(region.recentEvents()) + ", latest "
                + region.latestActivity() + ") exist only in its 90-day event history";
    }
}
