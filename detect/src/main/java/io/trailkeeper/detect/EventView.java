package io.trailkeeper.detect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.trailkeeper.events.CloudTrailEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One event as rules see it: the raw record parsed at most once (and only when a rule needs a field), field
 * paths resolved with dots into nested objects and element-wise through arrays.
 */
final class EventView {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CloudTrailEvent event;
    private final PathFilter needed;
    /** What has been read of the record (all of it once {@link #complete}); null before the first read. */
    private JsonNode root;
    private boolean complete;
    /** The values of the typed paths asked for so far, by {@link #typedSlot}. */
    private List<JsonNode>[] typedValues;
    /** The streaming parser partway through the record, or null. */
    private JsonParser parser;
    /** The record's values as text, for keywords; null until needed. */
    private List<String> valueTexts;
    /** The record's bytes as ISO-8859-1 text, for {@link #absent}; null until needed. */
    private String latin1;
    /** Whether the record has a backslash (an escaped key could hide a name). */
    private boolean escapes;

    EventView(CloudTrailEvent event) {
        this(event, null);
    }

    /**
     * A view that, when it must parse the record, keeps only what the given paths can reach (the rest of the
     * record is skipped by the streaming parser, not built into a tree); null keeps everything.
     */
    EventView(CloudTrailEvent event, PathFilter needed) {
        this.event = event;
        this.needed = needed;
    }

    CloudTrailEvent event() {
        return event;
    }

    /**
     * Every string, number and boolean of the record as text, decoded (a JSON escape is the character it
     * stands for), keys and nulls left out: what keywords search.
     */
    List<String> valueTexts() {
        if (valueTexts == null) {
            List<String> out = new ArrayList<>();
            try (JsonParser p = JSON.getFactory().createParser(event.raw())) {
                for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                    if (t.isScalarValue() && t != JsonToken.VALUE_NULL) {
                        out.add(p.getText());
                    }
                }
            } catch (IOException e) {
                // the reader only hands over records it parsed: this one was built by other means; what was read
            }
            valueTexts = out;
        }
        return valueTexts;
    }

    /** The whole record, parsed (a view without paths), or everything read so far of it. */
    private JsonNode root(String path) {
        if (complete) {
            return root;
        }
        try {
            if (needed == null) {
                root = JSON.readTree(event.raw());
                complete = true;
            } else {
                readFor(path);
            }
        } catch (IOException e) {
            // the reader only hands over records it parsed, so this is a record built by other means
            root = MissingNode.getInstance();
            complete = true;
        }
        return root;
    }

    /**
     * Reads members of the record (keeping what the needed paths reach) until none of the rest can hold the
     * path: past the last place where the text of a key leading to it occurs (a record without a backslash
     * has no key that its text does not show), or to the end.
     */
    private void readFor(String path) throws IOException {
        if (parser == null) {
            parser = JSON.getFactory().createParser(event.raw());
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                parser.close();
                root = JSON.readTree(event.raw());
                complete = true;
                return;
            }
            root = JSON.getNodeFactory().objectNode();
            absent(path); // sets latin1 and escapes
        }
        boolean all = escapes || !ascii(path);
        ObjectNode object = (ObjectNode) root;
        long at = parser.currentLocation().getByteOffset();
        for (long key = all ? Long.MAX_VALUE - 1 : nextKey(path, at); key >= 0; key = nextKey(path, at)) {
            while (at <= key) {
                if (!readMember(parser, object, needed)) {
                    parser.close();
                    complete = true;
                    return;
                }
                at = parser.currentLocation().getByteOffset();
            }
        }
    }

    /** Lets the parser go, if a read stopped partway (the view answers from what it read no longer). */
    void release() {
        if (parser != null && !complete) {
            try {
                parser.close();
            } catch (IOException e) {
                // a parser over bytes in memory has nothing to fail on
            }
            parser = null;
            root = null;
        }
    }

    /** Where the text of a key that can lead to the path ({@code "key"}) first occurs from {@code from}, or -1. */
    private long nextKey(String path, long from) {
        int start = (int) Math.min(from, latin1.length());
        int next = latin1.indexOf('"' + path + '"', start);
        for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
            int i = latin1.indexOf('"' + path.substring(0, dot) + '"', start);
            if (i >= 0 && (next < 0 || i < next)) {
                next = i;
            }
        }
        return next;
    }

    /**
     * The values at a field path: empty when the field is missing; a JSON null is kept (it is a value that
     * {@code null} matches); arrays are flattened, objects are returned as they are.
     */
    List<JsonNode> values(String path) {
        return values(path, typedSlot(path));
    }

    /** {@link #values(String)} with the path's {@link #typedSlot} (from when the rule was compiled). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    List<JsonNode> values(String path, int slot) {
        if (slot >= 0) {
            if (typedValues == null) {
                typedValues = new List[TYPED];
            }
            List<JsonNode> known = typedValues[slot];
            if (known == null) {
                known = uncached(path);
                typedValues[slot] = known;
            }
            return known;
        }
        return uncached(path);
    }

    private List<JsonNode> uncached(String path) {
        String typed = typed(path);
        if (typed != null) {
            return List.of(TextNode.valueOf(typed));
        }
        if (!complete && absent(path)) {
            return List.of();
        }
        JsonNode from = root(path);
        List<JsonNode> out = new ArrayList<>(2);
        resolve(from, path, out);
        return out;
    }

    /**
     * True when the record certainly has no value at the path, told without parsing: every key that leads
     * to it starts with the path's first segment and the last one ends with its last segment, so a record
     * whose bytes hold no {@code "first} or no {@code last"} has none (unless a key is escaped: a record with
     * a backslash is parsed).
     */
    private boolean absent(String path) {
        if (latin1 == null) {
            // one byte a char, so that an ASCII name is found where its bytes are (with the String intrinsics)
            latin1 = new String(event.raw(), StandardCharsets.ISO_8859_1);
            escapes = latin1.indexOf('\\') >= 0;
        }
        if (escapes) {
            return false;
        }
        int lastDot = path.lastIndexOf('.');
        if (lastDot < 0) {
            String key = '"' + path + '"';
            return ascii(key) && latin1.indexOf(key) < 0;
        }
        String last = path.substring(lastDot + 1) + '"';
        if (!ascii(last)) {
            return false;
        }
        if (latin1.indexOf(last) < 0) {
            return true;
        }
        String first = '"' + path.substring(0, path.indexOf('.'));
        return ascii(first) && latin1.indexOf(first) < 0;
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Reads one member of an object into it, keeping what the filter lets through; false at its end. */
    private static boolean readMember(JsonParser p, ObjectNode node, PathFilter filter) throws IOException {
        if (p.nextToken() != JsonToken.FIELD_NAME) {
            return false;
        }
        String name = p.currentName();
        JsonToken t = p.nextToken();
        PathFilter child = filter.child(name);
        if (child == null) {
            p.skipChildren();
        } else if (child == PathFilter.ALL) {
            JsonNode value = JSON.readTree(p);
            node.set(name, value == null ? JSON.getNodeFactory().nullNode() : value);
        } else if (t == JsonToken.START_OBJECT) {
            node.set(name, readObject(p, child));
        } else if (t == JsonToken.START_ARRAY) {
            node.set(name, readArray(p, child));
        }
        // a scalar with a path still to follow holds nothing the path reaches
        return true;
    }

    private static ObjectNode readObject(JsonParser p, PathFilter filter) throws IOException {
        ObjectNode node = JSON.getNodeFactory().objectNode();
        while (readMember(p, node, filter)) {
            // next member
        }
        return node;
    }

    private static ArrayNode readArray(JsonParser p, PathFilter filter) throws IOException {
        ArrayNode node = JSON.getNodeFactory().arrayNode();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            if (t == JsonToken.START_OBJECT) {
                node.add(readObject(p, filter));
            } else if (t == JsonToken.START_ARRAY) {
                node.add(readArray(p, filter));
            }
        }
        return node;
    }

    /**
     * The fields the reader already took from the record as it was (strings only; a null may be a missing
     * field, a JSON null or another type, so the record is consulted then): most rules need no parse.
     */
    private static final List<String> TYPED_PATHS = List.of("eventSource", "eventName", "awsRegion",
            "sourceIPAddress", "userAgent", "errorCode", "errorMessage", "eventType", "eventID", "recipientAccountId",
            "userIdentity.type", "userIdentity.arn", "userIdentity.principalId", "userIdentity.accountId",
            "userIdentity.accessKeyId", "userIdentity.invokedBy", "userIdentity.sessionContext.sessionIssuer.type");
    private static final int TYPED = TYPED_PATHS.size();

    /** Whether the path is one the reader's typed fields may answer without a parse. */
    static boolean typedPath(String path) {
        return typedSlot(path) >= 0;
    }

    /** The path's place among the typed ones (their values are kept per event), or -1. */
    static int typedSlot(String path) {
        return TYPED_PATHS.indexOf(path);
    }

    private String typed(String path) {
        return typed(event, path);
    }

    /** The value of a typed path as the reader took it from the record, or null (another path, or no string). */
    static String typed(CloudTrailEvent event, String path) {
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
            case "userIdentity.sessionContext.sessionIssuer.type" -> event.sessionIssuerType();
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
        }
        // every way of reading the dots: a key with dots in it ("a.b") hides neither the object a nor a longer key
        for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
            JsonNode child = node.get(path.substring(0, dot));
            if (child != null) {
                resolve(child, path.substring(dot + 1), out);
            }
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
