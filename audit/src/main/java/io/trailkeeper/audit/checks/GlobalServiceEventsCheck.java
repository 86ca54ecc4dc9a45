package io.trailkeeper.audit.checks;

import io.trailkeeper.audit.AuditContext;
import io.trailkeeper.audit.Check;
import io.trailkeeper.audit.internal.Inputs;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshot.Trail;
import io.trailkeeper.events.Finding;
import java.util.List;

/**
 * IAM, STS and CloudFront calls (global service events, recorded in us-east-1) reach a trail: one that is
 * logging, includes global service events, and is multi-region or lives in us-east-1. Judged for the account,
 * since one such trail is enough and more would record them twice.
 */
public final class GlobalServiceEventsCheck implements Check {
    public static final String ID = "cloudtrail_global_service_events_included";
    static final String GLOBAL_REGION = "us-east-1";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(AccountSnapshot snapshot, AuditContext context) {
        List<String> recording = Inputs.loggingTrails(snapshot).stream()
                .filter(t -> t.includeGlobalServiceEvents() && (t.multiRegion() || GLOBAL_REGION.equals(t.homeRegion())))
                .map(Trail::name).toList();
        if (!recording.isEmpty()) {
            return List.of(Finding.pass(ID, snapshot.account(), null, "global service events (IAM, STS sign-ins) are"
                    + " recorded by " + String.join(", ", recording)));
        }
        String unreadable = Inputs.unreadable(snapshot, "cloudtrail");
        boolean unsure = snapshot.trails().stream().anyMatch(t -> t.logging() == null);
        if (unreadable != null || unsure) {
            return List.of(Finding.unknown(ID, snapshot.account(), null, "no trail is known to record global service"
                    + " events; " + (unreadable != null ? unreadable : "a trail's status could not be read")));
        }
        List<String> excluding = snapshot.trails().stream().filter(t -> !t.includeGlobalServiceEvents())
                .map(Trail::name).toList();
        return List.of(Finding.fail(ID, snapshot.account(), null, snapshot.trails().isEmpty()
                ? "no trail: IAM and STS calls (who created which key, who assumed which role) are kept 90 days only"
                : "no logging trail records global service events (IAM, STS) in " + GLOBAL_REGION
                + (excluding.isEmpty() ? "" : "; excluded by " + String.join(", ", excluding))));
    }
}
