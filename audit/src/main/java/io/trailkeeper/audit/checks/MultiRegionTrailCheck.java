package io.trailkeeper.audit.checks;

import io.trailkeeper.audit.AuditContext;
import io.trailkeeper.audit.Check;
import io.trailkeeper.audit.internal.Inputs;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshot.Region;
import io.trailkeeper.events.AccountSnapshot.Trail;
import io.trailkeeper.events.Finding;
import java.util.ArrayList;
import java.util.List;

/**
 * A logging multi-region trail (an organization trail included) records every region. Without one, each
 * enabled region fails on its own: recorded only by a single-region trail (a region enabled later would not
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
        if (!everywhere.isEmpty()) {
            return everywhere.stream().map(t -> Finding.pass(ID, Inputs.resource(t), t.homeRegion(),
                    (t.organization() ? "organization " : "multi-region ") + Inputs.describe(t)
                            + " records every region")).toList();
        }
        List<String> unsure = snapshot.trails().stream().filter(t -> t.logging() == null && t.multiRegion())
                .map(Trail::name).toList();
        String unreadable = Inputs.unreadable(snapshot, "cloudtrail");
        if (!unsure.isEmpty() || unreadable != null) {
            return List.of(Finding.unknown(ID, snapshot.account(), null, "no multi-region trail is known to log; "
                    + (unsure.isEmpty() ? unreadable : "the status of " + String.join(", ", unsure) + " is unknown")));
        }
        List<Region> enabled = snapshot.regions().stream().filter(Region::enabled).toList();
        if (enabled.isEmpty()) {
            return List.of(Finding.fail(ID, snapshot.account(), null, "no logging multi-region trail"));
        }
        List<Finding> out = new ArrayList<>();
        for (Region region : enabled) {
            List<String> local = Inputs.loggingTrails(snapshot).stream()
                    .filter(t -> region.name().equals(t.homeRegion())).map(Trail::name).toList();
            out.add(Finding.fail(ID, region.name(), region.name(), local.isEmpty()
                    ? "no trail records " + region.name() + history(region)
                    : "only the single-region trail " + String.join(", ", local) + " records " + region.name()
                    + "; no logging multi-region trail covers a region enabled later"));
        }
        return out;
    }

    private static String history(Region region) {
        if (region.recentEvents() == null || region.recentEvents() == 0) {
            return ": its events exist only in its 90-day event history";
        }
        return ": its " + region.recentEvents() + (region.recentEvents() == 1 ? " recent event" : " recent events")
                + " (latest " + region.latestActivity() + ") exist only in its 90-day event history";
    }
}
