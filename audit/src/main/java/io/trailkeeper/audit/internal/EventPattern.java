package io.trailkeeper.audit.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trailkeeper.audit.IamPolicies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An EventBridge event pattern, matched against an event. Supported: nested fields, arrays of exact values
 * (strings, numbers, booleans, null), {@code $or}, and the content filters {@code prefix}, {@code suffix},
 * {@code anything-but} (a value, a list, or a prefix), {@code exists}, {@code equals-ignore-case} and
 * {@code wildcard}. A filter it does not know (numeric, cidr) matches nothing, so an unread pattern never
 * counts as an alarm that exists.
 */
public final class EventPattern {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventPattern() {
    }

    /** Whether {@code pattern} (JSON text) matches {@code event}; false when the pattern is not JSON. */
    public static boolean matches(String pattern, JsonNode event) {
        if (pattern == null || pattern.isBlank()) {
            return false;
        }
        try {
            JsonNode p = JSON.readTree(pattern);
            return p.isObject() && object(p, event);
        } catch (JacksonException e) {
            return false;
        }
    }

    private static boolean object(JsonNode pattern, JsonNode event) {
        for (Map.Entry<String, JsonNode> field : pattern.properties()) {
            if (field.getKey().equals("$or")) {
                boolean any = false;
                for (JsonNode alternative : field.getValue()) {
                    any |= alternative.isObject() && object(alternative, event);
                }
                if (!any) {
                    return false;
                }
                continue;
            }
            JsonNode value = event == null ? null : event.get(field.getKey());
            boolean ok = field.getValue().isObject() ? value != null && value.isObject()
                    && object(field.getValue(), value) : field.getValue().isArray() && values(field.getValue(), value);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean values(JsonNode alternatives, JsonNode value) {
        List<JsonNode> actual = new ArrayList<>();
        if (value != null && value.isArray()) {
            value.forEach(actual::add);
        } else if (value != null) {
            actual.add(value);
        }
        for (JsonNode alternative : alternatives) {
            if (alternative.isObject() && alternative.has("exists")) {
                if (alternative.get("exists").asBoolean() == (value != null && !value.isNull())) {
                    return true;
                }
                continue;
            }
            for (JsonNode v : actual) {
                if (alternative.isObject() ? filter(alternative, v) : alternative.equals(v)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean filter(JsonNode filter, JsonNode value) {
        if (!value.isValueNode()) {
            return false;
        }
        String text = value.asText();
        if (filter.has("prefix")) {
            return filter.get("prefix").isTextual() && text.startsWith(filter.get("prefix").asText());
        }
        if (filter.has("suffix")) {
            return filter.get("suffix").isTextual() && text.endsWith(filter.get("suffix").asText());
        }
        if (filter.has("equals-ignore-case")) {
            return text.equalsIgnoreCase(filter.get("equals-ignore-case").asText());
        }
        if (filter.has("wildcard")) {
            return IamPolicies.wildcard(filter.get("wildcard").asText(), text);
        }
        if (filter.has("anything-but")) {
            JsonNode but = filter.get("anything-but");
            if (but.isObject()) {
                return but.has("prefix") && !text.startsWith(but.get("prefix").asText());
            }
            if (but.isArray()) {
                for (JsonNode b : but) {
                    if (b.equals(value)) {
                        return false;
                    }
                }
                return true;
            }
            return !but.equals(value);
        }
        return false;
    }
}
