package io.trailkeeper.store.investigate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The names and ids of what a call made, from its responseElements: values under keys ending in Id, Arn or Name
 * (instanceId, accessKeyId, arn...), except the ones the request already named (echoed inputs such as imageId),
 * account ids, request ids, DNS and device names. Nothing under a key that holds a secret or token is read.
 */
final class ResponseNames {
    static final int MAX = 10;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> NOISE = Set.of("requestid", "ownerid", "reservationid", "privatednsname",
            "dnsname", "publicdnsname", "rootdevicename", "devicename", "availabilityzoneid");

    private ResponseNames() {
    }

    /** At most {@value #MAX} names; empty when the response is missing or not JSON. */
    static List<String> of(Object response, Collection<?> requestNames) {
        List<String> out = new ArrayList<>();
        if (response == null) {
            return out;
        }
        JsonNode root;
        try {
            root = JSON.readTree(response.toString());
        } catch (IOException e) {
            return out; // an unreadable response names nothing; the raw record is still in the store
        }
        walk(root, null, requestNames, out, 0);
        return out;
    }

    private static void walk(JsonNode node, String key, Collection<?> requestNames, List<String> out, int depth) {
        if (node == null || out.size() >= MAX || depth > 10) {
            return;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String k = field.getKey().toLowerCase(Locale.ROOT);
                if (!k.contains("secret") && !k.contains("token") && !k.contains("password")) {
                    walk(field.getValue(), field.getKey(), requestNames, out, depth + 1);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                walk(item, key, requestNames, out, depth + 1);
            }
        } else if (node.isTextual() && key != null && namesAThing(key)) {
            String v = node.asText();
            if (!v.isBlank() && !v.matches("\\d{12}") && !requestNames.contains(v) && !out.contains(v)) {
                out.add(v);
            }
        }
    }

    private static boolean namesAThing(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return !NOISE.contains(k) && (k.endsWith("id") || k.endsWith("arn") || k.endsWith("name"));
    }
}
