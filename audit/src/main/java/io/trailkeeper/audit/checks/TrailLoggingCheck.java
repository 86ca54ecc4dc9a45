package io.trailkeeper.audit.checks;

import io.trailkeeper.audit.AuditContext;
import io.trailkeeper.audit.Check;
import io.trailkeeper.audit.internal.EventDataStores;
import io.trailkeeper.audit.internal.Inputs;
import io.trailkeeper.audit.internal.TrailDeletions;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshot.EventDataStore;
import io.trailkeeper.events.AccountSnapshot.Region;
import io.trailkeeper.events.AccountSnapshot.Trail;
import io.trailkeeper.events.Finding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A trail exists and is logging. Without any trail, a CloudTrail Lake event data store of CloudTrail events that
 * is ingesting is the account's record, and passes, named. Without either, the only record is each region's 90-day
 * event history of management events: the FAIL says so, names the regions that had activity in it, and a store
 * whose ingestion is stopped.
 */
public final class TrailLoggingCheck implements Check {
    public static final String ID = "cloudtrail_trail_logging";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(AccountSnapshot snapshot, AuditContext context) {
        if (snapshot.trails().isEmpty()) {
            List<EventDataStore> stores = EventDataStores.recording(snapshot);
            if (!stores.isEmpty()) {
                return stores.stream().map(s -> Finding.pass(ID, EventDataStores.resource(s), s.homeRegion(),
                        "no trail, but " + EventDataStores.describe(s) + " is ingesting CloudTrail events of "
                        + EventDataStores.reach(s) + (s.retentionDays() == null ? ""
                        : ", kept " + s.retentionDays() + " days"))).toList();
            }
            String unreadable = EventDataStores.cloudTrailUnknown(snapshot);
            if (unreadable != null) {
                return List.of(Finding.unknown(ID, snapshot.account(), null, "no trail found, but CloudTrail could"
                        + " not be read everywhere: " + unreadable));
            }
            return List.of(Finding.fail(ID, snapshot.account(), null, "no trail: only the last 90 days of management"
                    + " events exist, in each region's event history, and no data events at all"
                    + TrailDeletions.describe(snapshot) + "; " + activity(snapshot)
                    + EventDataStores.notCountingNote(snapshot)));
        }
        List<Finding> out = new ArrayList<>();
        for (Trail trail : snapshot.trails()) {
            out.add(judge(trail));
        }
        return out;
    }

    private static Finding judge(Trail trail) {
        String resource = Inputs.resource(trail);
        if (Boolean.TRUE.equals(trail.logging())) {
            return Finding.pass(ID, resource, trail.homeRegion(), Inputs.describe(trail) + " is logging"
                    + (trail.startLoggingTime() == null ? "" : " since " + trail.startLoggingTime()));
        }
        if (trail.logging() == null) {
            String error = Inputs.error(trail.errors(), Inputs.TRAIL_STATUS);
            return Finding.unknown(ID, resource, trail.homeRegion(), "the status of " + Inputs.describe(trail)
                    + " could not be read" + (error == null ? "" : ": " + error));
        }
        return Finding.fail(ID, resource, trail.homeRegion(), Inputs.describe(trail) + " is not logging"
                + (trail.stopLoggingTime() == null ? "" : " since " + trail.stopLoggingTime())
                + ": nothing is recorded beyond the 90-day event history");
    }

    private static String activity(AccountSnapshot snapshot) {
        List<Region> active = snapshot.regions().stream()
                .filter(r -> r.recentEvents() != null && r.recentEvents() > 0)
                .sorted(Comparator.comparing(Region::name)).toList();
        List<String> unread = snapshot.regions().stream()
                .filter(r -> r.enabled() && Inputs.error(r.errors(), Inputs.EVENT_HISTORY) != null)
                .map(Region::name).sorted().toList();
        String seen = active.isEmpty() ? "no region's event history showed activity"
                : "regions with activity in it: " + String.join(", ", active.stream().map(r -> r.name() + " ("
                + Inputs.recentEvents(r.recentEvents()) + (r.recentEvents() == 1 ? " event" : " events")
                + (r.latestActivity() == null ? "" : ", latest " + r.latestActivity())
                + ")").toList());
        return seen + (unread.isEmpty() ? "" : "; event history unreadable in " + String.join(", ", unread))
                + "; collect it now with `trailkeeper collect lookup` before it ages out";
    }
}
