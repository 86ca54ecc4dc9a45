package io.trailkeeper.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.trailkeeper.events.CloudTrailEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One event as rules see it: the raw record parsed at most once (and only when a rule needs a field), field
 * paths resolved with dots into nested objects and element-wise through arrays.
 */
final class EventView {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CloudTrailEvent event;
    private JsonNode root;
    private String raw;

    EventView(CloudTrailEvent event) {
        this.event = event;
    }

    CloudTrailEvent event() {
        return event;
    }

    /** The whole record as text, for keywords. */
    String raw() {
        if (raw == null) {
            raw = event.rawJson();
        }
        return raw;
    }

    private JsonNode root() {
        if (root == null) {
            try {
                root = JSON.readTree(event.raw());
            } catch (IOException e) {
                // the reader only hands over records it parsed, so this is a record built by other means
                root = MissingNode.getInstance();
            }
        }
        return root;
    }

    /**
     * The values at a field path: empty when the field is missing; a JSON null is kept (it is a value that
     * {@code null} matches); arrays are flattened, objects are returned as they are.
     */
    List<JsonNode> values(String path) {
        String typed = typed(path);
        if (typed != null) {
            return List.of(TextNode.valueOf(typed));
        }
        List<JsonNode> out = new ArrayList<>(2);
        resolve(root(), path, out);
        return out;
    }

    /**
     * The fields the reader already took from the record as it was (strings only; a null may be a missing
     * field, a JSON null or another type, so the record is consulted then): most rules need no parse.
     */
    private String typed(String path) {
        return switch (path) {
            case "eventSource" -> event.eventSource();
            case "eventName" -> event.eventName();
            case "awsRegion" -> event.awsRegion();
            case "sourceIPAddress" -> event.sourceIp();
            case "userAgent" -> event.userAgent();
            case "errorCode" -> event.errorCode();
            case "errorMessage" -> event.errorMessage();
            case "eventType" -> event.eventType();
            case "eventID" -> event.eventId();
            case "recipientAccountId" -> event.recipientAccountId();
            case "userIdentity.type" -> event.identityType();
            case "userIdentity.arn" -> event.principalArn();
            case "userIdentity.principalId" -> event.principalId();
            case "userIdentity.accountId" -> event.identityAccountId();
            case "userIdentity.accessKeyId" -> event.accessKeyId();
            case "userIdentity.invokedBy" -> event.invokedBy();
            default -> null;
        };
    }

    private static void resolve(JsonNode node, String path, List<JsonNode> out) {
        if (node.isArray()) {
            for (JsonNode item : node) {
                resolve(item, path, out);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        JsonNode whole = node.get(path);
        if (whole != null) {
            flatten(whole, out);
            return;
        }
        int dot = path.indexOf('.');
        while (dot > 0) {
            JsonNode child = node.get(path.substring(0, dot));
            if (child != null) {
                resolve(child, path.substring(dot + 1), out);
                return;
            }
            dot = path.indexOf('.', dot + 1);
        }
    }

    private static void flatten(JsonNode node, List<JsonNode> out) {
        if (node.isArray()) {
            for (JsonNode item : node) {
                flatten(item, out);
            }
        } else {
            out.add(node);
        }
    }

    /** A value's text: strings as they are, numbers and booleans as written, objects as compact JSON. */
    static String text(JsonNode node) {
        return node.isValueNode() ? node.asText() : node.toString();
    }
}
