package io.trailkeeper.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * CloudTrail Lake's ListEventDataStores and GetEventDataStore. A store is regional: it is listed, and found, only
 * in its home region (a multi-region store records other regions' events, but lives in one). The list comes in
 * pages of {@link #PAGE}, so that a client must follow NextToken; a scenario that denies event data stores answers
 * both calls with AccessDeniedException, as an IAM policy without cloudtrail:ListEventDataStores would.
 */
final class EventDataStoresApi {
    /** Stores per ListEventDataStores page. */
    static final int PAGE = 2;

    private final Scenario scenario;
    private final StsApi sts;

    EventDataStoresApi(Scenario scenario, StsApi sts) {
        this.scenario = scenario;
        this.sts = sts;
    }

    WireResponse list(Call call) {
        refuseIfDenied(call, "ListEventDataStores", "eventdatastore/*");
        List<EventDataStoreDefinition> here = scenario.eventDataStores().stream()
                .filter(s -> s.homeRegion().equals(call.region())).toList();
        int from = offset(call.json().path("NextToken").asText(""), here.size());
        int size = Math.min(PAGE, call.json().path("MaxResults").asInt(PAGE));
        ArrayNode stores = Call.JSON.createArrayNode();
        here.subList(from, Math.min(here.size(), from + size)).forEach(s -> stores.add(s.listEntry()));
        ObjectNode out = Call.JSON.createObjectNode();
        out.set("EventDataStores", stores);
        if (from + size < here.size()) {
            out.put("NextToken", "stores/" + (from + size));
        }
        return call.ok(out);
    }

    WireResponse get(Call call) {
        String id = call.json().path("EventDataStore").asText("");
        if (id.length() < 3) {
            throw AwsError.badRequest("InvalidParameterException", "EventDataStore (an ARN or its ID) is required.");
        }
        if (id.startsWith("arn:") && !id.matches("arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\\d{12}:eventdatastore/.+")) {
            throw AwsError.badRequest("EventDataStoreARNInvalidException", "The specified event data store ARN is"
                    + " not valid or does not map to an event data store in your account: " + id);
        }
        refuseIfDenied(call, "GetEventDataStore", id.startsWith("arn:") ? null : "eventdatastore/" + id);
        for (EventDataStoreDefinition store : scenario.eventDataStores()) {
            if (store.homeRegion().equals(call.region()) && store.named(id)) {
                if (store.denied()) {
                    throw denied(call, "GetEventDataStore", store.arn());
                }
                return call.ok(store.description());
            }
        }
        throw AwsError.badRequest("EventDataStoreNotFoundException", "The specified event data store " + id
                + " was not found in " + call.region() + ".");
    }

    private void refuseIfDenied(Call call, String operation, String resource) {
        if (scenario.eventDataStoresDenied()) {
            throw denied(call, operation, resource == null ? call.json().path("EventDataStore").asText()
                    : "arn:aws:cloudtrail:" + call.region() + ":" + scenario.account() + ":" + resource);
        }
    }

    private AwsError denied(Call call, String operation, String resource) {
        return AwsError.badRequest("AccessDeniedException", "User: " + sts.callerArn(call.accessKeyId())
                + " is not authorized to perform: cloudtrail:" + operation + " on resource: " + resource
                + " because no identity-based policy allows the cloudtrail:" + operation + " action");
    }

    private static int offset(String token, int stores) {
        if (token.isEmpty()) {
            return 0;
        }
        try {
            int offset = token.startsWith("stores/") ? Integer.parseInt(token.substring("stores/".length())) : -1;
            if (offset > 0 && offset < stores) {
                return offset;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw AwsError.badRequest("InvalidNextTokenException", "The provided NextToken is not valid.");
    }
}
