package io.trailkeeper.audit.checks;

import io.trailkeeper.audit.AuditContext;
import io.trailkeeper.audit.Check;
import io.trailkeeper.audit.internal.Inputs;
import io.trailkeeper.audit.internal.Monitors;
import io.trailkeeper.audit.internal.Monitors.Watch;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshot.Trail;
import io.trailkeeper.events.Finding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tampering with a trail raises an alert: StopLogging, DeleteTrail, UpdateTrail and PutEventSelectors each
 * match a metric filter with an alarm that has actions, on a log group of a logging trail that records the
 * trail's home region (where those calls are made), or an enabled EventBridge rule with a target there.
 * CIS 4.5's own filter lacks PutEventSelectors, which blinds a trail as well as StopLogging does.
 */
public final class TrailTamperingAlarmCheck implements Check {
    public static final String ID = "cloudwatch_alarm_trail_tampering";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(AccountSnapshot snapshot, AuditContext context) {
        if (snapshot.trails().isEmpty()) {
            return List.of(Inputs.noTrail(ID, snapshot, "no trail for an alarm to watch"));
        }
        Map<String, Watch> watches = new LinkedHashMap<>();
        Samples.TAMPERING.forEach(e -> watches.put(e, Monitors.watching(snapshot, List.of(Samples.tampering(e)))));
        return snapshot.trails().stream().map(t -> judge(t, watches, snapshot)).toList();
    }

    private static Finding judge(Trail trail, Map<String, Watch> watches, AccountSnapshot snapshot) {
        String resource = Inputs.resource(trail);
        String region = trail.homeRegion();
        List<String> missing = watches.entrySet().stream().filter(e -> !e.getValue().sees(region))
                .map(Map.Entry::getKey).toList();
        if (missing.isEmpty()) {
            return Finding.pass(ID, resource, region, "tampering with " + Inputs.describe(trail) + " raises an alert: "
                    + String.join("; ", watches.values().stream().flatMap(w -> w.watchers().stream())
                    .filter(w -> w.sees(region)).map(Monitors.Watcher::description).distinct().toList()));
        }
        List<String> unknown = missing.stream().flatMap(e -> watches.get(e).unknown().stream()).distinct().toList();
        if (!unknown.isEmpty()) {
            return Finding.unknown(ID, resource, region, "part of the monitoring could not be read: "
                    + String.join("; ", unknown));
        }
        List<String> gaps = missing.stream().flatMap(e -> watches.get(e).gaps().stream()).distinct().toList();
        return Finding.fail(ID, resource, region, "nothing alerts on " + String.join(", ", missing) + " of "
                + Inputs.describe(trail) + (Inputs.loggingTrails(snapshot).isEmpty() ? " (no trail is logging)" : "")
                + (gaps.isEmpty() ? "" : "; " + String.join("; ", gaps)));
    }
}
