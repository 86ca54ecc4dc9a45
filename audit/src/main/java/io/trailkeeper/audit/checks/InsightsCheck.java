package io.trailkeeper.audit.checks;

import io.trailkeeper.audit.AuditContext;
import io.trailkeeper.audit.Check;
import io.trailkeeper.audit.internal.EventDataStores;
import io.trailkeeper.audit.internal.Inputs;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshot.Trail;
import io.trailkeeper.events.Finding;
import java.util.List;

/**
 * A logging trail has CloudTrail Insights (API call rate or error rate), which marks unusual bursts of write
 * calls or errors, such as a credential enumerating what it may do. Insights is billed per management event
 * analysed, so it is worth it where someone reads its events.
 */
public final class InsightsCheck implements Check {
    public static final String ID = "cloudtrail_insights_exist";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(AccountSnapshot snapshot, AuditContext context) {
        List<Trail> with = Inputs.loggingTrails(snapshot).stream().filter(t -> !t.insightTypes().isEmpty()).toList();
        if (!with.isEmpty()) {
            return List.of(Finding.pass(ID, snapshot.account(), null, "Insights on " + String.join(", ", with.stream()
                    .map(t -> t.name() + " (" + String.join(", ", t.insightTypes()) + ")").toList())));
        }
        List<AccountSnapshot.EventDataStore> stores = EventDataStores.recording(snapshot);
        if (snapshot.trails().isEmpty() && !stores.isEmpty()) {
            return List.of(Finding.unknown(ID, snapshot.account(), null, "no trail; whether Insights are enabled on "
                    + String.join(", ", stores.stream().map(EventDataStores::describe).toList()) + " is not read"
                    + " (GetInsightSelectors of an event data store)"));
        }
        if (snapshot.trails().isEmpty()) {
            return List.of(Inputs.noTrail(ID, snapshot, "no Insights"));
        }
        List<String> unsure = snapshot.trails().stream().filter(t -> t.logging() == null
                || Inputs.error(t.errors(), Inputs.INSIGHTS) != null).map(Trail::name).toList();
        if (!unsure.isEmpty()) {
            return List.of(Finding.unknown(ID, snapshot.account(), null, "the status or Insights selectors of "
                    + String.join(", ", unsure) + " could not be read"));
        }
        return List.of(Finding.fail(ID, snapshot.account(), null, "no logging trail has Insights: bursts of unusual"
                + " API calls or errors are not flagged"));
    }
}
