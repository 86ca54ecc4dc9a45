package io.trailkeeper.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * CloudWatch in the protocol SDK v2 speaks to it, Smithy RPC v2 CBOR
 * ({@code POST /service/GraniteServiceVersion20100801/operation/DescribeAlarms}): DescribeAlarms, metric
 * alarms only, from the scenario's {@code alarms}, each in its region; by names, name prefix, state, and
 * pages of {@code MaxRecords} (default 50).
 */
final class CloudWatchApi {
    private final Scenario scenario;

    CloudWatchApi(Scenario scenario) {
        this.scenario = scenario;
    }

    WireResponse handle(Call call) {
        if (!"DescribeAlarms".equals(call.operation())) {
            throw AwsError.badRequest("InvalidAction", "The emulator does not serve CloudWatch " + call.operation());
        }
        JsonNode request = call.cbor();
        Set<String> names = new HashSet<>();
        request.path("AlarmNames").forEach(n -> names.add(n.asText()));
        String prefix = request.path("AlarmNamePrefix").asText("");
        String state = request.path("StateValue").asText(null);
        boolean metricAlarms = !request.has("AlarmTypes") || request.get("AlarmTypes").toString().contains("MetricAlarm");
        int max = request.path("MaxRecords").asInt(50);
        if (max < 1 || max > 100) {
            throw AwsError.badRequest("InvalidParameterValue", "MaxRecords must be 1 to 100, was " + max);
        }
        int start = start(request.path("NextToken").asText(null));
        List<ObjectNode> matching = scenario.resources().alarms().stream()
                .filter(a -> a.get("region").asText().equals(call.region()) && metricAlarms)
                .filter(a -> names.isEmpty() || names.contains(a.get("name").asText()))
                .filter(a -> a.get("name").asText().startsWith(prefix))
                .filter(a -> state == null || state.equals(a.path("stateValue").asText("OK")))
                .sorted((a, b) -> a.get("name").asText().compareTo(b.get("name").asText())).toList();
        int end = Math.min(matching.size(), start + max);
        ObjectNode out = Call.JSON.createObjectNode();
        ArrayNode list = out.putArray("MetricAlarms");
        for (ObjectNode a : matching.subList(Math.min(start, end), end)) {
            ObjectNode alarm = list.addObject().put("AlarmName", a.get("name").asText())
                    .put("AlarmArn", "arn:aws:cloudwatch:" + call.region() + ":" + scenario.account() + ":alarm:"
                            + a.get("name").asText())
                    .put("ActionsEnabled", a.get("actionsEnabled").asBoolean())
                    .put("StateValue", a.path("stateValue").asText("OK"))
                    .put("MetricName", a.path("metricName").asText(null))
                    .put("Namespace", a.path("namespace").asText(null))
                    .put("Statistic", "Sum").put("Period", 300).put("EvaluationPeriods", 1)
                    .put("Threshold", a.path("threshold").asDouble(1.0))
                    .put("ComparisonOperator", "GreaterThanOrEqualToThreshold");
            ArrayNode actions = alarm.putArray("AlarmActions");
            a.path("alarmActions").forEach(x -> actions.add(x.asText()));
            alarm.putArray("OKActions");
            alarm.putArray("InsufficientDataActions");
        }
        out.putArray("CompositeAlarms");
        if (end < matching.size()) {
            out.put("NextToken", "alarms-" + end);
        }
        return call.okCbor(out);
    }

    private static int start(String token) {
        if (token == null) {
            return 0;
        }
        try {
            return Integer.parseInt(token.substring("alarms-".length()));
        } catch (RuntimeException e) {
            throw AwsError.badRequest("InvalidNextToken", "The service couldn't process the NextToken.");
        }
    }
}
