package io.trailkeeper.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trailkeeper.events.EventTimes;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One trail of the scenario, as written there: the members of CloudTrail's {@code Trail} shape, plus its
 * {@code status}, {@code eventSelectors}, {@code advancedEventSelectors} and {@code insightSelectors}. Unknown
 * members are refused, so that a misspelt one does not silently change an audit's answer.
 */
final class TrailDefinition {
    private static final Set<String> TRAIL_MEMBERS = Set.of("Name", "S3BucketName", "S3KeyPrefix", "SnsTopicName",
            "SnsTopicARN", "IncludeGlobalServiceEvents", "IsMultiRegionTrail", "HomeRegion", "TrailARN",
            "LogFileValidationEnabled", "CloudWatchLogsLogGroupArn", "CloudWatchLogsRoleArn", "KmsKeyId",
            "HasCustomEventSelectors", "HasInsightSelectors", "IsOrganizationTrail");
    private static final Set<String> EXTRA_MEMBERS = Set.of("status", "eventSelectors", "advancedEventSelectors",
            "insightSelectors");
    /** GetTrailStatus members of type timestamp: the scenario writes ISO-8601, the wire wants epoch seconds. */
    private static final Set<String> STATUS_TIMES = Set.of("LatestDeliveryTime", "LatestNotificationTime",
            "StartLoggingTime", "StopLoggingTime", "LatestCloudWatchLogsDeliveryTime", "LatestDigestDeliveryTime");
    private static final String DEFAULT_SELECTORS = "[{\"ReadWriteType\":\"All\",\"IncludeManagementEvents\":true,"
            + "\"DataResources\":[],\"ExcludeManagementEventSources\":[]}]";

    private final ObjectNode description;
    private final String name;
    private final String homeRegion;
    private final String arn;
    private final boolean multiRegion;
    private final ObjectNode status;
    private final JsonNode eventSelectors;
    private final JsonNode advancedEventSelectors;
    private final JsonNode insightSelectors;

    /** @throws IllegalArgumentException naming the member at fault */
    TrailDefinition(JsonNode json, String account) {
        if (!json.isObject()) {
            throw new IllegalArgumentException("a trail must be a JSON object");
        }
        for (String member : (Iterable<String>) json::fieldNames) {
            if (!TRAIL_MEMBERS.contains(member) && !EXTRA_MEMBERS.contains(member)) {
                throw new IllegalArgumentException("unknown trail member \"" + member + "\"; known: "
                        + new TreeSet<>(TRAIL_MEMBERS) + " and " + new TreeSet<>(EXTRA_MEMBERS));
            }
        }
        this.name = requiredText(json, "Name");
        this.homeRegion = requiredText(json, "HomeRegion");
        this.arn = json.path("TrailARN").isTextual() ? json.get("TrailARN").asText()
                : "arn:aws:cloudtrail:" + homeRegion + ":" + account + ":trail/" + name;
        this.multiRegion = json.path("IsMultiRegionTrail").asBoolean(false);
        this.eventSelectors = arrayOrNull(json, "eventSelectors");
        this.advancedEventSelectors = arrayOrNull(json, "advancedEventSelectors");
        this.insightSelectors = arrayOrNull(json, "insightSelectors");
        this.status = statusOf(json.get("status"));
        this.description = describe(json);
    }

    String name() {
        return name;
    }

    String homeRegion() {
        return homeRegion;
    }

    String arn() {
        return arn;
    }

    boolean multiRegion() {
        return multiRegion;
    }

    /** The DescribeTrails entry: the scenario's members with AWS's defaults and the derived ones filled in. */
    ObjectNode description() {
        return description.deepCopy();
    }

    /** The GetTrailStatus answer. */
    ObjectNode status() {
        return status.deepCopy();
    }

    /** The GetEventSelectors answer: a trail without selectors has the default one, as a new trail has. */
    ObjectNode eventSelectors() {
        ObjectNode out = Call.JSON.createObjectNode().put("TrailARN", arn);
        if (eventSelectors != null) {
            out.set("EventSelectors", eventSelectors.deepCopy());
        }
        if (advancedEventSelectors != null) {
            out.set("AdvancedEventSelectors", advancedEventSelectors.deepCopy());
        }
        if (eventSelectors == null && advancedEventSelectors == null) {
            try {
                out.set("EventSelectors", Call.JSON.readTree(DEFAULT_SELECTORS));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** The insight selectors, or null when Insights is not enabled on the trail. */
    JsonNode insightSelectors() {
        return insightSelectors == null || insightSelectors.isEmpty() ? null : insightSelectors.deepCopy();
    }

    private ObjectNode describe(JsonNode json) {
        ObjectNode out = Call.JSON.createObjectNode();
        out.put("Name", name);
        copy(json, out, "S3BucketName", "S3KeyPrefix", "SnsTopicName", "SnsTopicARN");
        out.put("IncludeGlobalServiceEvents", json.path("IncludeGlobalServiceEvents").asBoolean(true));
        out.put("IsMultiRegionTrail", multiRegion);
        out.put("HomeRegion", homeRegion);
        out.put("TrailARN", arn);
        out.put("LogFileValidationEnabled", json.path("LogFileValidationEnabled").asBoolean(false));
        copy(json, out, "CloudWatchLogsLogGroupArn", "CloudWatchLogsRoleArn", "KmsKeyId");
        out.put("HasCustomEventSelectors", json.path("HasCustomEventSelectors")
                .asBoolean(eventSelectors != null || advancedEventSelectors != null));
        out.put("HasInsightSelectors", json.path("HasInsightSelectors").asBoolean(insightSelectors() != null));
        out.put("IsOrganizationTrail", json.path("IsOrganizationTrail").asBoolean(false));
        return out;
    }

    private static ObjectNode statusOf(JsonNode given) {
        ObjectNode out = Call.JSON.createObjectNode();
        if (given == null || given.isNull()) {
            out.put("IsLogging", true);
            return out;
        }
        if (!given.isObject()) {
            throw new IllegalArgumentException("a trail's status must be a JSON object");
        }
        for (var e : given.properties()) {
            JsonNode value = e.getValue();
            if (STATUS_TIMES.contains(e.getKey()) && value.isTextual()) {
                Instant time = EventTimes.parse(value.asText());
                if (time == null) {
                    throw new IllegalArgumentException("status." + e.getKey() + " is not a time: " + value.asText());
                }
                out.put(e.getKey(), time.getEpochSecond());
            } else if (!value.isNull()) {
                out.set(e.getKey(), value.deepCopy());
            }
        }
        return out;
    }

    private static void copy(JsonNode from, ObjectNode to, String... members) {
        for (String m : List.of(members)) {
            JsonNode value = from.get(m);
            if (value != null && !value.isNull()) {
                to.set(m, value.deepCopy());
            }
        }
    }

    private static JsonNode arrayOrNull(JsonNode json, String member) {
        JsonNode value = json.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!(value instanceof ArrayNode)) {
            throw new IllegalArgumentException("the trail's " + member + " must be a JSON array");
        }
        return value;
    }

    private static String requiredText(JsonNode json, String member) {
        JsonNode value = json.get(member);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException("a trail needs \"" + member + "\" (text)");
        }
        return value.asText();
    }
}
