package io.trailkeeper.detect.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trailkeeper.detect.Match;
import io.trailkeeper.detect.SigmaRule;
import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.events.PrintableJsonEscapes;
import io.trailkeeper.events.PrintableText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a sink is told when a rule matched: the rule (with its author, as the Detection Rule License requires
 * beside every match) and the event that completed the match. Raised once per {@link #key()}.
 *
 * @param attackTags   the rule's ATT&CK tags (attack.*)
 * @param recordHashes   the record hashes of every event of the match, the one shown first
 * @param firstEventTime for a match of several events (a correlation's), when the earliest happened; else null
 */
public record Alert(String ruleId, String title, String level, String author, List<String> attackTags,
                    Instant eventTime, String region, String principal, String sourceIp, String eventName,
                    List<String> resources, List<String> recordHashes, Instant firstEventTime) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // the JSON lines file and the webhook's body may be read on a terminal (tail -f): no raw C1 or U+202E
        JSON.getFactory().setCharacterEscapes(new PrintableJsonEscapes());
    }

    public Alert {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(title, "title");
        attackTags = attackTags == null ? List.of() : List.copyOf(attackTags);
        resources = resources == null ? List.of() : List.copyOf(resources);
        recordHashes = List.copyOf(recordHashes);
        if (recordHashes.isEmpty()) {
            throw new IllegalArgumentException("an alert is about at least one record: " + ruleId);
        }
    }

    /** An alert about one event, or written before alerts told when a correlation's first event happened. */
    public Alert(String ruleId, String title, String level, String author, List<String> attackTags,
                 Instant eventTime, String region, String principal, String sourceIp, String eventName,
                 List<String> resources, List<String> recordHashes) {
        this(ruleId, title, level, author, attackTags, eventTime, region, principal, sourceIp, eventName, resources,
                recordHashes, null);
    }

    /** The alert for a match; a rule without an id is known by its title. */
    public static Alert of(Match match) {
        SigmaRule rule = match.rule();
        CloudTrailEvent e = match.event();
        String id = rule.id() != null && !rule.id().isBlank() ? rule.id() : rule.title();
        List<String> hashes = match.events().stream().map(ev -> ev.recordHash().toString()).toList();
        Instant first = hashes.size() > 1 ? match.events().get(hashes.size() - 1).eventTime() : null;
        return new Alert(id, rule.title(), rule.level(), rule.author(), rule.attackTags(), e.eventTime(),
                e.awsRegion(), e.principalArn(), e.sourceIp(), e.eventName(), e.resources(), hashes, first);
    }

    /**
     * The alert's identity: the rule and the records it is about, in any order. The same rule matching the
     * same events again is the same alert, raised once.
     */
    public String key() {
        if (recordHashes.size() == 1) {
            return ruleId + "/" + recordHashes.get(0);
        }
        List<String> sorted = recordHashes.stream().sorted().distinct().toList();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join(",", sorted).getBytes(StandardCharsets.UTF_8));
            // a correlation may span many records: their digest keeps the key short
            return ruleId + "/" + sorted.size() + "x" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * One line for people: level, title, what happened, who, from where, and the rule's author. Its values come
     * from records and rules (a bucket name an attacker chose): it holds no control, direction or invisible
     * character ({@link PrintableText}), so the stdout sink cannot drive a terminal.
     */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append('[').append(level == null ? "unknown" : level.toUpperCase(Locale.ROOT)).append("] ").append(title);
        b.append(": ").append(or(eventName, "event"));
        b.append(" by ").append(or(principal, "unknown principal"));
        if (sourceIp != null) {
            b.append(" from ").append(sourceIp);
        }
        if (region != null) {
            b.append(" in ").append(region);
        }
        if (eventTime != null) {
            b.append(" at ").append(eventTime);
        }
        if (!resources.isEmpty()) {
            b.append(" on ").append(String.join(", ", resources));
        }
        if (recordHashes.size() > 1) {
            b.append(" (").append(recordHashes.size()).append(" events");
            if (firstEventTime != null && eventTime != null && !firstEventTime.equals(eventTime)) {
                b.append(" from ").append(firstEventTime).append(" to ").append(eventTime);
            }
            b.append(')');
        }
        b.append(" | rule ").append(ruleId);
        if (author != null) {
            b.append(" by ").append(author);
        }
        if (!attackTags.isEmpty()) {
            b.append(" | ").append(String.join(" ", attackTags));
        }
        return PrintableText.line(b.toString());
    }

    /** {@link #text()} escaped as Slack's message formatting asks (&amp;, &lt;, &gt;). */
    public String slackText() {
        return text().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** The alert as one line of JSON: a Slack-compatible {@code text} field, then every field of the alert. */
    public String toJson() {
        return json(recordHashes.size());
    }

    /**
     * The JSON sent to a webhook or an SNS topic: {@link #toJson()} with at most {@value #MESSAGE_RECORD_HASHES}
     * record hashes, the number left out in {@code recordHashesOmitted}. A correlation joined over a burst may
     * hold thousands of records, and SNS refuses a message over 256 KB (a webhook such as Slack's a large body):
     * cut short, it is still delivered, and {@code eventCount}, the times and the store tell the rest.
     */
    public String toMessageJson() {
        return json(Math.min(recordHashes.size(), MESSAGE_RECORD_HASHES));
    }

    /** About 39 KB of hashes at most in a message. */
    public static final int MESSAGE_RECORD_HASHES = 1000;

    private String json(int hashes) {
        ObjectNode o = JSON.createObjectNode();
        o.put("text", slackText());
        o.put("key", key());
        o.put("ruleId", ruleId);
        o.put("title", title);
        o.put("level", level);
        o.put("author", author);
        strings(o.putArray("attackTags"), attackTags);
        o.put("eventTime", eventTime == null ? null : eventTime.toString());
        o.put("region", region);
        o.put("principal", principal);
        o.put("sourceIp", sourceIp);
        o.put("eventName", eventName);
        strings(o.putArray("resources"), resources);
        strings(o.putArray("recordHashes"), recordHashes.subList(0, hashes));
        if (hashes < recordHashes.size()) {
            o.put("recordHashesOmitted", recordHashes.size() - hashes);
        }
        o.put("eventCount", recordHashes.size());
        o.put("firstEventTime", firstEventTime == null ? null : firstEventTime.toString());
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an alert is always writable as JSON", e);
        }
    }

    /** Reads what {@link #toJson()} wrote (the {@code text}, {@code key} and {@code eventCount} fields are derived, not read). */
    public static Alert fromJson(String json) {
        JsonNode o;
        try {
            o = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an alert: " + e.getOriginalMessage(), e);
        }
        String time = text(o, "eventTime");
        String first = text(o, "firstEventTime");
        return new Alert(text(o, "ruleId"), text(o, "title"), text(o, "level"), text(o, "author"),
                list(o, "attackTags"), time == null ? null : Instant.parse(time), text(o, "region"),
                text(o, "principal"), text(o, "sourceIp"), text(o, "eventName"), list(o, "resources"),
                list(o, "recordHashes"), first == null ? null : Instant.parse(first));
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> list(JsonNode o, String field) {
        List<String> out = new ArrayList<>();
        JsonNode v = o.get(field);
        if (v != null) {
            v.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
