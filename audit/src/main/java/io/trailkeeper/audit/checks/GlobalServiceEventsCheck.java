package io.trailkeeper.audit.checks;

import io.trailkeeper.audit.AuditContext;
import io.trailkeeper.audit.Check;
import io.trailkeeper.audit.internal.EventDataStores;
import io.trailkeeper.audit.internal.Inputs;
import io.trailkeeper.audit.internal.ManagementEventSelectors;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshot.Trail;
import io.trailkeeper.events.Finding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * IAM, STS and CloudFront calls (global service events, recorded in us-east-1) reach a trail: one that is
 * logging, includes global service events, is multi-region or lives in us-east-1, and whose selectors log the
 * management events that matter: IAM changes, STS AssumeRole (a read) and console sign-ins. A trail that logs
 * only data events, or only writes, records them in part or not at all. Judged for the account, since one such
 * trail is enough and more would record them twice. A CloudTrail Lake event data store that is ingesting, is
 * multi-region or lives in us-east-1, and selects those events counts as such a trail does.
 */
public final class GlobalServiceEventsCheck implements Check {
    public static final String ID = "cloudtrail_global_service_events_included";
    static final String GLOBAL_REGION = "us-east-1";
    /** What an investigation needs of them: a representative event of each, and its words. */
    private static final List<KeyEvent> KEY_EVENTS = List.of(
            new KeyEvent("IAM changes (CreateAccessKey)", "iam.amazonaws.com", "CreateAccessKey", false),
            new KeyEvent("STS AssumeRole (who assumed which role)", "sts.amazonaws.com", "AssumeRole", true),
            new KeyEvent("console sign-ins (ConsoleLogin)", "signin.amazonaws.com", "ConsoleLogin", false));

    private record KeyEvent(String words, String source, String name, boolean readOnly) {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(AccountSnapshot snapshot, AuditContext context) {
        List<Trail> receiving = Inputs.loggingTrails(snapshot).stream()
                .filter(t -> t.includeGlobalServiceEvents() && (t.multiRegion() || GLOBAL_REGION.equals(t.homeRegion())))
                .toList();
        Map<Trail, List<String>> readable = new LinkedHashMap<>(); // each trail's missing key events, judged once
        receiving.stream().filter(t -> Inputs.error(t.errors(), Inputs.SELECTORS) == null)
                .forEach(t -> readable.put(t, missing(t)));
        List<String> recording = readable.keySet().stream().filter(t -> readable.get(t).isEmpty()).map(Trail::name)
                .toList();
        if (!recording.isEmpty()) {
            return List.of(Finding.pass(ID, snapshot.account(), null, "global service events (IAM, STS sign-ins) are"
                    + " recorded by " + String.join(", ", recording)));
        }
        List<String> stores = EventDataStores.recording(snapshot).stream()
                .filter(s -> s.multiRegion() || GLOBAL_REGION.equals(s.homeRegion()))
                .filter(s -> missing(EventDataStores.asTrail(s)).isEmpty()).map(EventDataStores::describe).toList();
        if (!stores.isEmpty()) {
            return List.of(Finding.pass(ID, snapshot.account(), null, "global service events (IAM, STS sign-ins) are"
                    + " recorded by " + String.join(", ", stores)));
        }
        String unreadable = EventDataStores.cloudTrailUnknown(snapshot);
        boolean unsure = snapshot.trails().stream().anyMatch(t -> t.logging() == null);
        List<String> unread = receiving.stream().filter(t -> !readable.containsKey(t)).map(Trail::name).toList();
        if (unreadable != null || unsure || !unread.isEmpty()) {
            String known = readable.entrySet().stream().filter(e -> e.getValue().size() < KEY_EVENTS.size())
                    .map(e -> "; what is known: " + e.getKey().name() + " does not log " + String.join(", ", e.getValue())
                            + " (" + ManagementEventSelectors.of(e.getKey()).gaps() + ")")
                    .collect(java.util.stream.Collectors.joining());
            return List.of(Finding.unknown(ID, snapshot.account(), null, "no trail is known to record global service"
                    + " events; " + (unreadable != null ? unreadable : unsure ? "a trail's status could not be read"
                    : "the event selectors of " + String.join(", ", unread) + " could not be read") + known));
        }
        List<Trail> partly = readable.keySet().stream().filter(t -> readable.get(t).size() < KEY_EVENTS.size()).toList();
        if (!partly.isEmpty()) {
            return List.of(Finding.fail(ID, snapshot.account(), null, "global service events are recorded only in part:"
                    + " " + String.join("; ", partly.stream().map(t -> t.name() + " does not log "
                    + String.join(", ", readable.get(t)) + " (" + ManagementEventSelectors.of(t).gaps() + ")").toList())));
        }
        List<String> excluding = snapshot.trails().stream().filter(t -> !t.includeGlobalServiceEvents())
                .map(Trail::name).toList();
        List<String> silent = readable.keySet().stream().map(Trail::name).toList();
        return List.of(Finding.fail(ID, snapshot.account(), null, (snapshot.trails().isEmpty()
                ? "no trail: IAM and STS calls (who created which key, who assumed which role) are kept 90 days only"
                : "no logging trail records global service events (IAM, STS) in " + GLOBAL_REGION
                + (excluding.isEmpty() ? "" : "; excluded by " + String.join(", ", excluding))
                + (silent.isEmpty() ? "" : "; " + String.join(", ", silent) + " log" + (silent.size() == 1 ? "s" : "")
                + " no management events")) + EventDataStores.notCountingNote(snapshot)));
    }

    /** The key global events {@code trail}'s selectors leave out, in words. */
    private static List<String> missing(Trail trail) {
        return KEY_EVENTS.stream().filter(e -> !ManagementEventSelectors.logs(trail, e.source(), e.name(),
                e.readOnly())).map(KeyEvent::words).toList();
    }
}
