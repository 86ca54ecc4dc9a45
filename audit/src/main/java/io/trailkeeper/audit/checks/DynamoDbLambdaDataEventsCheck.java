package io.trailkeeper.audit.checks;

import io.trailkeeper.audit.AuditContext;
import io.trailkeeper.audit.Check;
import io.trailkeeper.audit.DataEventCost;
import io.trailkeeper.events.DataEventSelectors;
import io.trailkeeper.events.DataEventSelectors.Kind;
import io.trailkeeper.audit.internal.EventDataStores;
import io.trailkeeper.audit.internal.Inputs;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshot.Trail;
import io.trailkeeper.events.Finding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DynamoDB item-level activity (AWS::DynamoDB::Table) and Lambda invocations (AWS::Lambda::Function) are
 * selected as data events by a logging trail, for every resource or some. Worth it where those services hold
 * data: the snapshot does not say whether they do, so the FAIL names what is missing and leaves the choice. An
 * ingesting CloudTrail Lake event data store selects them as a trail does, by its advanced selectors.
 */
public final class DynamoDbLambdaDataEventsCheck implements Check {
    public static final String ID = "cloudtrail_data_events_dynamodb_lambda";
    static final Map<String, String> TYPES = new LinkedHashMap<>();

    static {
        TYPES.put(DataEventSelectors.DYNAMODB_TABLE, "DynamoDB item reads and writes (AWS::DynamoDB::Table)");
        TYPES.put(DataEventSelectors.LAMBDA_FUNCTION, "Lambda invocations (AWS::Lambda::Function)");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(AccountSnapshot snapshot, AuditContext context) {
        List<Trail> readable = new ArrayList<>(Inputs.loggingTrails(snapshot).stream()
                .filter(t -> Inputs.error(t.errors(), Inputs.SELECTORS) == null).toList());
        EventDataStores.recording(snapshot).forEach(s -> readable.add(EventDataStores.asTrail(s)));
        List<String> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        TYPES.forEach((type, words) -> {
            List<String> by = readable.stream().filter(t -> DataEventSelectors.selectsAny(t, type))
                    .map(t -> t.name() + (everything(t, type) ? "" : " (some resources)")).toList();
            if (by.isEmpty()) {
                missing.add(words);
            } else {
                found.add(words + " by " + String.join(", ", by));
            }
        });
        if (missing.isEmpty()) {
            return List.of(Finding.pass(ID, snapshot.account(), null, "selected: " + String.join("; ", found)));
        }
        boolean unsure = snapshot.trails().stream().anyMatch(t -> t.logging() == null
                || Inputs.error(t.errors(), Inputs.SELECTORS) != null);
        String unread = EventDataStores.cloudTrailUnknown(snapshot);
        if (unsure || unread != null) {
            return List.of(Finding.unknown(ID, snapshot.account(), null, "not known to be selected: "
                    + String.join("; ", missing) + "; " + (unsure ? "a trail's status or selectors could not be read"
                    : unread)));
        }
        return List.of(Finding.fail(ID, snapshot.account(), null, "not selected: " + String.join("; ", missing)
                + "; select them where those services hold data" + (found.isEmpty() ? "" : " (selected: "
                + String.join("; ", found) + ")") + "; cost: " + DataEventCost.unitPrice()));
    }

    private static boolean everything(Trail trail, String type) {
        return DataEventSelectors.logsEverything(trail, type, Kind.READ)
                && DataEventSelectors.logsEverything(trail, type, Kind.WRITE);
    }
}
