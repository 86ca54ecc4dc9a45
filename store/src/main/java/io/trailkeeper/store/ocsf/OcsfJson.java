package io.trailkeeper.store.ocsf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trailkeeper.events.EventTimes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Tolerant reads from a CloudTrail record and null-skipping writes into an OCSF object. Every value of a record is
 * attacker-controlled: a field of the wrong type reads as absent, never as an error, and nothing read is ever
 * interpreted beyond its text.
 */
final class OcsfJson {
    /**
     * Reads a record's numbers as the decimals they are written as (1e400 stays 1E+400, not Infinity; 1.50 keeps its
     * zero), so api.request.data and api.response.data say what the caller sent.
     */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private OcsfJson() {
    }

    /** The text of a scalar field (a number or boolean as its text); null when missing, null, empty or not a scalar. */
    static String text(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        if (n == null || !n.isValueNode() || n.isNull()) {
            return null;
        }
        String s = n.asText();
        return s.isEmpty() ? null : s;
    }

    /** The node at a path of object fields, or null when any step is missing or not an object. */
    static JsonNode at(JsonNode node, String... path) {
        JsonNode n = node;
        for (String p : path) {
            if (n == null || !n.isObject()) {
                return null;
            }
            n = n.get(p);
        }
        return n == null || n.isMissingNode() ? null : n;
    }

    /** "true"/"false" (as text or JSON booleans) as a Boolean; null otherwise. */
    static Boolean bool(JsonNode node, String... path) {
        String s = text(node, path);
        if ("true".equalsIgnoreCase(s)) {
            return Boolean.TRUE;
        }
        return "false".equalsIgnoreCase(s) ? Boolean.FALSE : null;
    }

    /** A time field as epoch milliseconds (OCSF timestamp_t), or null when unreadable. */
    static Long millis(JsonNode node, String... path) {
        String s = text(node, path);
        Instant t = s == null ? null : EventTimes.parse(s);
        return t == null ? null : t.toEpochMilli();
    }

    /**
     * The event as one JSON line of well-formed text: half of a surrogate pair on its own (a record may escape one,
     * "\\ud800", which is valid JSON but no character) becomes U+FFFD, as no UTF-8 writer or Parquet string can
     * hold it. raw_data keeps the record's own text, where such a value is still its escape.
     */
    static String line(JsonNode event) throws JsonProcessingException {
        String s = MAPPER.writeValueAsString(event);
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1));
            if (paired) {
                if (out != null) {
                    out.append(c).append(s.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (out == null) {
                    out = new StringBuilder(s.length()).append(s, 0, i);
                }
                out.append('\ufffd');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    /** An instant as OCSF datetime_t: RFC 3339 in UTC, always with milliseconds ("2024-03-01T23:59:59.123Z"). */
    static String dateTime(Instant t) {
        return DATE_TIME.format(t);
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static void put(ObjectNode o, String name, String value) {
        if (value != null) {
            o.put(name, value);
        }
    }

    static void put(ObjectNode o, String name, Long value) {
        if (value != null) {
            o.put(name, value);
        }
    }

    static void put(ObjectNode o, String name, Boolean value) {
        if (value != null) {
            o.put(name, value);
        }
    }

    /** Sets an object attribute only when it has at least one attribute. */
    static void put(ObjectNode o, String name, ObjectNode value) {
        if (value != null && !value.isEmpty()) {
            o.set(name, value);
        }
    }

    /** A JSON value kept as it is (json_t), unless it is missing or null. */
    static void putJson(ObjectNode o, String name, JsonNode value) {
        if (value != null && !value.isNull() && !value.isMissingNode()) {
            o.set(name, value);
        }
    }
}
