package io.trailkeeper.audit.checks;

import io.trailkeeper.audit.internal.Inputs;
import io.trailkeeper.audit.internal.Monitors;
import io.trailkeeper.audit.internal.Monitors.Sample;
import io.trailkeeper.audit.internal.Monitors.Watch;
import io.trailkeeper.audit.internal.Monitors.Watcher;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshot.Region;
import io.trailkeeper.events.Finding;
import java.util.List;

/**
 * The judgement of an account-wide alarm: something must alert on the samples in every enabled region (an
 * event of this kind can happen in any of them), through a metric filter on a multi-region trail's log group
 * or EventBridge rules region by region.
 */
final class AccountAlarms {
    private AccountAlarms() {
    }

    static Finding judge(String id, AccountSnapshot snapshot, List<Sample> samples, String what) {
        if (Inputs.loggingTrails(snapshot).isEmpty()) {
            Finding none = Inputs.noTrail(id, snapshot, "nothing sees " + what);
            return snapshot.trails().isEmpty() ? none : Finding.fail(id, snapshot.account(), null,
                    "no trail is logging: neither metric filters nor EventBridge rules see " + what);
        }
        Watch watch = Monitors.watching(snapshot, samples);
        List<String> regions = snapshot.regions().stream().filter(Region::enabled).map(Region::name).sorted().toList();
        boolean seen = regions.isEmpty() ? !watch.watchers().isEmpty() : watch.seesAll(regions);
        String by = String.join("; ", watch.watchers().stream().map(Watcher::description).toList());
        if (seen) {
            return Finding.pass(id, snapshot.account(), null, what + " raises an alert: " + by);
        }
        if (!watch.unknown().isEmpty()) {
            return Finding.unknown(id, snapshot.account(), null, "part of the monitoring could not be read: "
                    + String.join("; ", watch.unknown()));
        }
        String gaps = watch.gaps().isEmpty() ? "" : "; " + String.join("; ", watch.gaps());
        if (watch.watchers().isEmpty()) {
            return Finding.fail(id, snapshot.account(), null, "no metric filter with an alarm and no EventBridge rule"
                    + " alerts on " + what + gaps);
        }
        return Finding.fail(id, snapshot.account(), null, what + " raises an alert only in some regions (" + by
                + "); none in " + String.join(", ", watch.missing(regions)) + gaps);
    }
}
