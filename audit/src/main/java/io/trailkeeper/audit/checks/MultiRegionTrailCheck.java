package io.trailkeeper.audit.checks;

import io.trailkeeper.audit.AuditContext;
import io.trailkeeper.audit.Check;
import io.trailkeeper.audit.internal.Inputs;
import io.trailkeeper.audit.internal.ManagementEventSelectors;
import io.trailkeeper.audit.internal.ManagementEventSelectors.ManagementEvents;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshot.Region;
import io.trailkeeper.events.AccountSnapshot.Trail;
import io.trailkeeper.events.Finding;
import java.util.ArrayList;
import java.util.List;

/**
 * A logging multi-region trail (an organization trail included) records every region: its read and write
 * management events (CIS 3.1 wants ReadWriteType All). A trail that logs only data events records no sign-in
 * and no IAM change anywhere and does not count; one that logs only reads or only writes, or filters them,
 * fails and says what is lost; one that excludes whole sources (KMS, RDS Data API) passes with a note naming
 * them. Without any, each enabled region fails on its own: recorded only by a single-region trail (a region enabled later would not
 * be), or by no trail at all (its events live only in its 90-day event history).
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
        List<Trail> recording = everywhere.stream().filter(t -> Inputs.error(t.errors(), Inputs.SELECTORS) == null)
                .filter(t -> !ManagementEventSelectors.of(t).none()).toList();
        List<Trail> enough = recording.stream().filter(t -> enough(ManagementEventSelectors.of(t))).toList();
        if (!enough.isEmpty()) {
            return enough.stream().map(t -> Finding.pass(ID, Inputs.resource(t), t.homeRegion(),
                    (t.organization() ? "organization " : "multi-region ") + Inputs.describe(t) + " records every region"
                            + note(ManagementEventSelectors.of(t)))).toList();
        }
        List<String> unsure = snapshot.trails().stream().filter(t -> t.logging() == null && t.multiRegion())
                .map(Trail::name).toList();
        List<String> unread = everywhere.stream().filter(t -> Inputs.error(t.errors(), Inputs.SELECTORS) != null)
                .map(Trail::name).toList();
        String unreadable = Inputs.unreadable(snapshot, "cloudtrail");
        if (!unsure.isEmpty() || !unread.isEmpty() || unreadable != null) {
            return List.of(Finding.unknown(ID, snapshot.account(), null, "no multi-region trail is known to log; "
                    + (!unsure.isEmpty() ? "the status of " + String.join(", ", unsure) + " is unknown"
                    : !unread.isEmpty() ? "the event selectors of " + String.join(", ", unread) + " could not be read"
                    : unreadable)));
        }
        if (!recording.isEmpty()) {
            return recording.stream().map(t -> Finding.fail(ID, Inputs.resource(t), t.homeRegion(), "multi-region "
                    + Inputs.describe(t) + " records every region, but " + ManagementEventSelectors.of(t).gaps()
                    + ": log all management events (ReadWriteType All)")).toList();
        }
        String silent = everywhere.isEmpty() ? "" : "; " + Inputs.join(everywhere.stream().map(Trail::name).toList())
                + " log" + (everywhere.size() == 1 ? "s" : "") + " no management events, only data events";
        List<Region> enabled = snapshot.regions().stream().filter(Region::enabled).toList();
        if (enabled.isEmpty()) {
            return List.of(Finding.fail(ID, snapshot.account(), null, "no logging multi-region trail" + silent));
        }
        List<Finding> out = new ArrayList<>();
        for (Region region : enabled) {
            List<String> local = Inputs.loggingTrails(snapshot).stream()
                    .filter(t -> region.name().equals(t.homeRegion()) && !t.multiRegion())
                    .filter(t -> !ManagementEventSelectors.of(t).none()).map(Trail::name).toList();
            out.add(Finding.fail(ID, region.name(), region.name(), (local.isEmpty()
                    ? "no trail records " + region.name() + history(region)
                    : "only the single-region trail " + String.join(", ", local) + " records " + region.name()
                    + "; no logging multi-region trail covers a region enabled later") + silent));
        }
        return out;
    }

    /** Reads and writes of every source, or of every source but a few excluded whole (the note names them). */
    private static boolean enough(ManagementEvents m) {
        return m.complete() || m.onlySourcesExcluded();
    }

    private static String note(ManagementEvents m) {
        return m.complete() ? "" : "; note: " + m.gaps();
    }

    private static String history(Region region) {
        if (region.recentEvents() == null || region.recentEvents() == 0) {
            return ": its events exist only in its 90-day event history";
        }
        return ": its " + region.recentEvents() + (region.recentEvents() == 1 ? " recent event" : " recent events")
                + " (latest " + region.latestActivity() + ") exist only in its 90-day event history";
    }
}
