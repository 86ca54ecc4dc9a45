package io.trailkeeper.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * CloudWatch Logs in JSON 1.1 ({@code Logs_20140328.*}): DescribeLogGroups (prefix, limit, nextToken) and
 * DescribeMetricFilters (by log group, filter name prefix, or metric), from the scenario's {@code logGroups},
 * each in its region. A denied group answers {@code AccessDeniedException}.
 */
final class LogsApi {
    private static final long CREATED_MILLIS = 1_705_311_000_000L;

    private final Scenario scenario;

    LogsApi(Scenario scenario) {
        this.scenario = scenario;
    }

    WireResponse handle(Call call) {
        return switch (String.valueOf(call.operation())) {
            case "DescribeLogGroups" -> describeLogGroups(call);
            case "DescribeMetricFilters" -> describeMetricFilters(call);
            default -> throw AwsError.badRequest("UnknownOperationException", "The emulator does not serve CloudWatch"
                    + " Logs " + call.operation());
        };
    }

    private List<ObjectNode> groups(Call call) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode g : scenario.resources().logGroups()) {
            if (g.get("region").asText().equals(call.region())) {
                out.add(g);
            }
        }
        return out;
    }

    private WireResponse describeLogGroups(Call call) {
        JsonNode request = call.json();
        String prefix = request.path("logGroupNamePrefix").asText("");
        int limit = request.path("limit").asInt(50);
        if (limit < 1 || limit > 50) {
            throw AwsError.badRequest("InvalidParameterException", "limit must be 1 to 50, was " + limit);
        }
        int start = token(request.path("nextToken").asText(null));
        List<ObjectNode> matching = groups(call).stream().filter(g -> g.get("name").asText().startsWith(prefix))
                .sorted((a, b) -> a.get("name").asText().compareTo(b.get("name").asText())).toList();
        ObjectNode out = Call.JSON.createObjectNode();
        ArrayNode list = out.putArray("logGroups");
        int end = Math.min(matching.size(), start + limit);
        for (ObjectNode g : matching.subList(Math.min(start, end), end)) {
            if (g.path("denied").asBoolean(false)) {
                throw AwsError.badRequest("AccessDeniedException", "User is not authorized to perform:"
                        + " logs:DescribeLogGroups on resource: " + arn(call, g));
            }
            ObjectNode item = list.addObject().put("logGroupName", g.get("name").asText())
                    .put("creationTime", CREATED_MILLIS).put("metricFilterCount", g.path("metricFilters").size())
                    .put("arn", arn(call, g) + ":*").put("logGroupArn", arn(call, g)).put("storedBytes", 0)
                    .put("logGroupClass", "STANDARD");
            if (g.hasNonNull("retentionInDays")) {
                item.put("retentionInDays", g.get("retentionInDays").asInt());
            }
        }
        if (end < matching.size()) {
            out.put("nextToken", "groups-" + end);
        }
        return call.ok(out);
    }

    private WireResponse describeMetricFilters(Call call) {
        JsonNode request = call.json();
        String groupName = request.path("logGroupName").asText(null);
        String namePrefix = request.path("filterNamePrefix").asText("");
        String metricName = request.path("metricName").asText(null);
        String metricNamespace = request.path("metricNamespace").asText(null);
        boolean groupFound = groupName == null;
        ObjectNode out = Call.JSON.createObjectNode();
        ArrayNode list = out.putArray("metricFilters");
        for (ObjectNode g : groups(call)) {
            if (groupName != null && !groupName.equals(g.get("name").asText())) {
                continue;
            }
            groupFound = true;
            if (g.path("denied").asBoolean(false)) {
                throw AwsError.badRequest("AccessDeniedException", "User is not authorized to perform:"
                        + " logs:DescribeMetricFilters on resource: " + arn(call, g));
            }
            for (JsonNode f : g.path("metricFilters")) {
                boolean named = f.path("name").asText("").startsWith(namePrefix);
                boolean metric = (metricName == null || metricName.equals(f.path("metricName").asText()))
                        && (metricNamespace == null || metricNamespace.equals(f.path("metricNamespace").asText()));
                if (named && metric) {
                    ObjectNode item = list.addObject().put("filterName", f.path("name").asText())
                            .put("filterPattern", f.path("pattern").asText("")).put("creationTime", CREATED_MILLIS)
                            .put("logGroupName", g.get("name").asText());
                    item.putArray("metricTransformations").addObject()
                            .put("metricName", f.path("metricName").asText())
                            .put("metricNamespace", f.path("metricNamespace").asText())
                            .put("metricValue", f.path("metricValue").asText("1"));
                }
            }
        }
        if (!groupFound) {
            throw AwsError.badRequest("ResourceNotFoundException", "The specified log group does not exist.");
        }
        return call.ok(out);
    }

    private String arn(Call call, ObjectNode group) {
        return "arn:aws:logs:" + call.region() + ":" + scenario.account() + ":log-group:" + group.get("name").asText();
    }

    private static int token(String token) {
        if (token == null) {
            return 0;
        }
        try {
            return Integer.parseInt(token.substring("groups-".length()));
        } catch (RuntimeException e) {
            throw AwsError.badRequest("InvalidParameterException", "The specified nextToken is invalid.");
        }
    }
}
