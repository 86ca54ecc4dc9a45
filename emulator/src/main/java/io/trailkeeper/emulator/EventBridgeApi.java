package io.trailkeeper.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * EventBridge in JSON 1.1 ({@code AWSEvents.*}): ListRules and ListTargetsByRule on the default event bus, from
 * the scenario's {@code eventRules}, each in its region. Other buses do not exist here.
 */
final class EventBridgeApi {
    private final Scenario scenario;

    EventBridgeApi(Scenario scenario) {
        this.scenario = scenario;
    }

    WireResponse handle(Call call) {
        JsonNode request = call.json();
        String bus = request.path("EventBusName").asText("default");
        if (!"default".equals(bus) && !bus.equals(busArn(call))) {
            throw AwsError.badRequest("ResourceNotFoundException", "Event bus " + bus + " does not exist.");
        }
        return switch (String.valueOf(call.operation())) {
            case "ListRules" -> listRules(call, request);
            case "ListTargetsByRule" -> listTargets(call, request);
            default -> throw AwsError.badRequest("UnknownOperationException", "The emulator does not serve EventBridge "
                    + call.operation());
        };
    }

    private List<ObjectNode> rules(Call call) {
        return scenario.resources().eventRules().stream()
                .filter(r -> r.get("region").asText().equals(call.region()))
                .sorted((a, b) -> a.get("name").asText().compareTo(b.get("name").asText())).toList();
    }

    private WireResponse listRules(Call call, JsonNode request) {
        String prefix = request.path("NamePrefix").asText("");
        int limit = request.path("Limit").asInt(100);
        if (limit < 1 || limit > 100) {
            throw AwsError.badRequest("ValidationException", "Limit must be 1 to 100, was " + limit);
        }
        int start = start(request.path("NextToken").asText(null));
        List<ObjectNode> matching = rules(call).stream().filter(r -> r.get("name").asText().startsWith(prefix)).toList();
        int end = Math.min(matching.size(), start + limit);
        ObjectNode out = Call.JSON.createObjectNode();
        ArrayNode list = out.putArray("Rules");
        for (ObjectNode r : matching.subList(Math.min(start, end), end)) {
            JsonNode pattern = r.get("eventPattern");
            ObjectNode rule = list.addObject().put("Name", r.get("name").asText())
                    .put("Arn", "arn:aws:events:" + call.region() + ":" + scenario.account() + ":rule/"
                            + r.get("name").asText())
                    .put("State", r.get("state").asText()).put("EventBusName", "default");
            if (pattern != null && !pattern.isNull()) {
                rule.put("EventPattern", pattern.isTextual() ? pattern.asText() : pattern.toString());
            }
            if (r.hasNonNull("description")) {
                rule.put("Description", r.get("description").asText());
            }
        }
        if (end < matching.size()) {
            out.put("NextToken", "rules-" + end);
        }
        return call.ok(out);
    }

    private WireResponse listTargets(Call call, JsonNode request) {
        String name = request.path("Rule").asText("");
        ObjectNode rule = rules(call).stream().filter(r -> r.get("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> AwsError.badRequest("ResourceNotFoundException", "Rule " + name
                        + " does not exist on EventBus default."));
        ObjectNode out = Call.JSON.createObjectNode();
        ArrayNode targets = out.putArray("Targets");
        int i = 0;
        for (JsonNode arn : rule.path("targets")) {
            targets.addObject().put("Id", "target-" + ++i).put("Arn", arn.asText());
        }
        return call.ok(out);
    }

    private String busArn(Call call) {
        return "arn:aws:events:" + call.region() + ":" + scenario.account() + ":event-bus/default";
    }

    private static int start(String token) {
        if (token == null) {
            return 0;
        }
        try {
            return Integer.parseInt(token.substring("rules-".length()));
        } catch (RuntimeException e) {
            throw AwsError.badRequest("ValidationException", "The NextToken is not valid.");
        }
    }
}
