package io.trailkeeper.store.coverage;

import com.fasterxml.jackson.databind.JsonNode;
import io.trailkeeper.events.AccountSnapshot.AdvancedEventSelector;
import io.trailkeeper.events.AccountSnapshot.DataResource;
import io.trailkeeper.events.AccountSnapshot.EventSelector;
import io.trailkeeper.events.AccountSnapshot.FieldSelector;
import io.trailkeeper.events.AccountSnapshot.Trail;
import io.trailkeeper.events.DataEventSelectors;
import io.trailkeeper.events.DataEventSelectors.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The selectors a stored PutEventSelectors set, read from its requestParameters as CloudTrail records them
 * ({@code eventSelectors[] {readWriteType, includeManagementEvents, dataResources[] {type, values}}},
 * {@code advancedEventSelectors[] {name, fieldSelectors[] {field, equals, notEquals, startsWith, notStartsWith,
 * endsWith, notEndsWith}}}; the API's UpperCamel names are read too), and judged by the same reading as
 * {@code audit} ({@link DataEventSelectors}): which S3 object reads and writes they leave unlogged.
 */
final class StoredSelectors {
    private StoredSelectors() {
    }

    /** The request's selectors as a trail of that name. */
    static Trail read(String name, JsonNode request) {
        List<EventSelector> basic = new ArrayList<>();
        for (JsonNode s : field(request, "eventSelectors")) {
            List<DataResource> resources = new ArrayList<>();
            for (JsonNode d : field(s, "dataResources")) {
                resources.add(new DataResource(field(d, "type").asText(null), texts(field(d, "values"))));
            }
            JsonNode management = field(s, "includeManagementEvents");
            basic.add(new EventSelector(field(s, "readWriteType").asText("All"), management.isMissingNode()
                    || management.asBoolean(true), resources, texts(field(s, "excludeManagementEventSources"))));
        }
        List<AdvancedEventSelector> advanced = new ArrayList<>();
        for (JsonNode s : field(request, "advancedEventSelectors")) {
            List<FieldSelector> fields = new ArrayList<>();
            for (JsonNode f : field(s, "fieldSelectors")) {
                fields.add(new FieldSelector(field(f, "field").asText(""), texts(field(f, "equals")),
                        texts(field(f, "notEquals")), texts(field(f, "startsWith")), texts(field(f, "notStartsWith")),
                        texts(field(f, "endsWith")), texts(field(f, "notEndsWith"))));
            }
            advanced.add(new AdvancedEventSelector(field(s, "name").asText(null), fields));
        }
        return new Trail(name, null, null, null, null, null, false, false, false, false, null, null, null, null,
                null, null, null, null, null, null, basic, advanced, null, null, null);
    }

    /**
     * What of S3 object reads and writes the selectors do not log for every bucket (the {@code spared} buckets aside),
     * in words: {@code no S3 object reads; S3 object writes only where resources.ARN StartsWith
     * arn:aws:s3:::payroll/}; empty when they log both for every bucket.
     */
    static String s3Unlogged(Trail selectors, Set<String> spared) {
        List<String> out = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            String what = kind == Kind.READ ? "S3 object reads" : "S3 object writes";
            if (DataEventSelectors.logsEverything(selectors, DataEventSelectors.S3_OBJECT, kind, spared)) {
                continue;
            }
            List<String> limits = DataEventSelectors.limits(selectors, DataEventSelectors.S3_OBJECT, kind, spared);
            out.add(limits.isEmpty() ? "no " + what : what + " only where " + String.join("; or where ", limits));
        }
        return String.join("; ", out);
    }

    /**
     * What of DynamoDB item calls and Lambda invocations the selectors select for some tables or functions only, in
     * words: {@code DynamoDB item reads and writes only where resources.ARN Equals
     * arn:aws:dynamodb:us-east-1:111122223333:table/orders}; empty when they select none of a type (said elsewhere:
     * the types they select) or every one.
     */
    static String itemsUnlogged(Trail selectors) {
        List<String> out = new ArrayList<>();
        itemsUnlogged(out, selectors, DataEventSelectors.DYNAMODB_TABLE, "DynamoDB item");
        itemsUnlogged(out, selectors, DataEventSelectors.LAMBDA_FUNCTION, "Lambda function");
        return String.join("; ", out);
    }

    private static void itemsUnlogged(List<String> out, Trail selectors, String type, String what) {
        if (!DataEventSelectors.selectsAny(selectors, type)) {
            return;
        }
        List<String> reads = limited(selectors, type, Kind.READ);
        List<String> writes = limited(selectors, type, Kind.WRITE);
        if (java.util.Objects.equals(reads, writes)) {
            said(out, what + " reads and writes", reads);
        } else {
            said(out, what + " reads", reads);
            said(out, what + " writes", writes);
        }
    }

    /** The selectors' limits on one kind; null when they log all of it, empty when none. */
    private static List<String> limited(Trail selectors, String type, Kind kind) {
        return DataEventSelectors.logsEverything(selectors, type, kind, Set.of()) ? null
                : DataEventSelectors.limits(selectors, type, kind, Set.of());
    }

    private static void said(List<String> out, String what, List<String> limits) {
        if (limits != null) {
            out.add(limits.isEmpty() ? "no " + what + "s" : what + " only where " + String.join("; or where ", limits));
        }
    }

    /**
     * The resource types whose data events the selectors select: an event selector's data resources with a value
     * (no value selects nothing), or an advanced selector of eventCategory Data (its resources.type, else "data").
     */
    static List<String> dataTypes(JsonNode request) {
        TreeSet<String> types = new TreeSet<>();
        for (JsonNode s : field(request, "eventSelectors")) {
            for (JsonNode d : field(s, "dataResources")) {
                if (field(d, "values").size() > 0) {
                    types.add(field(d, "type").asText("data"));
                }
            }
        }
        for (JsonNode s : field(request, "advancedEventSelectors")) {
            boolean data = false;
            String type = "data";
            for (JsonNode f : field(s, "fieldSelectors")) {
                String name = field(f, "field").asText("");
                if (name.equals("eventCategory")) {
                    for (JsonNode v : field(f, "equals")) {
                        data |= v.asText().equals("Data");
                    }
                } else if (name.equals("resources.type") && field(f, "equals").size() > 0) {
                    type = field(f, "equals").get(0).asText(type);
                }
            }
            if (data) {
                types.add(type);
            }
        }
        return List.copyOf(types);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(v -> out.add(v.asText()));
        } else if (array.isTextual()) {
            out.add(array.asText());
        }
        return out;
    }

    /** A member as CloudTrail's records name it (lowerCamel), or as the API does (UpperCamel). */
    static JsonNode field(JsonNode node, String name) {
        JsonNode v = node.path(name);
        return v.isMissingNode() || v.isNull() ? node.path(Character.toUpperCase(name.charAt(0)) + name.substring(1))
                : v;
    }
}
