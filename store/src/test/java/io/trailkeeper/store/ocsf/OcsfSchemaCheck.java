package io.trailkeeper.store.ocsf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks an OCSF event against the schema extract in src/test/resources/ocsf (see its README): the base event's,
 * the class's and the cloud profile's required attributes, the class's at_least_one constraint, the required
 * attributes and at_least_one constraints of every object the event carries, and the values of class_uid,
 * category_uid, activity_id, type_uid, severity_id and status_id. Answers the problems found, each naming the attribute; none for a valid event.
 */
final class OcsfSchemaCheck {
    private final JsonNode schema;

    OcsfSchemaCheck() throws IOException {
        try (InputStream in = OcsfSchemaCheck.class.getResourceAsStream("/ocsf/ocsf-1.1.0-required.json")) {
            schema = new ObjectMapper().readTree(in);
        }
    }

    String version() {
        return schema.get("version").asText();
    }

    List<String> problems(JsonNode event) {
        List<String> problems = new ArrayList<>();
        required(event, schema.at("/base_event/required"), "", problems);
        JsonNode c = schema.at("/classes/" + event.path("class_uid").asInt());
        if (c.isMissingNode()) {
            problems.add("class_uid " + event.path("class_uid") + " is not a class of the export");
            return problems;
        }
        required(event, c.get("required"), "", problems);
        atLeastOne(event, c.get("at_least_one"), "class " + event.path("class_uid"), problems);
        for (JsonNode profile : event.at("/metadata/profiles")) {
            required(event, schema.at("/profiles/" + profile.asText() + "/required"), "", problems);
        }
        enums(event, c, problems);
        for (Map.Entry<String, JsonNode> a : schema.get("attribute_objects").properties()) {
            String path = a.getKey();
            JsonNode object = schema.at("/objects/" + a.getValue().asText());
            if (path.endsWith("[]")) {
                for (JsonNode item : event.path(path.substring(0, path.length() - 2))) {
                    checkObject(item, object, path, problems);
                }
            } else {
                JsonNode value = event.at("/" + path.replace('.', '/'));
                if (!value.isMissingNode() && !value.isNull()) {
                    checkObject(value, object, path, problems);
                }
            }
        }
        return problems;
    }

    private void enums(JsonNode event, JsonNode c, List<String> problems) {
        int classUid = event.path("class_uid").asInt();
        int activity = event.path("activity_id").asInt(-1);
        if (event.path("category_uid").asInt() != c.get("category_uid").asInt()) {
            problems.add("category_uid " + event.path("category_uid") + " is not the category of " + classUid);
        }
        if (!contains(c.get("activity_id"), activity)) {
            problems.add("activity_id " + activity + " is not an activity of " + classUid);
        }
        if (event.path("type_uid").asLong() != classUid * 100L + activity) {
            problems.add("type_uid " + event.path("type_uid") + " is not class_uid * 100 + activity_id");
        }
        for (String e : List.of("severity_id", "status_id")) {
            if (event.has(e) && !contains(schema.at("/enums/" + e), event.get(e).asInt(-1))) {
                problems.add(e + " " + event.get(e) + " is not a value of " + e);
            }
        }
    }

    private static void checkObject(JsonNode value, JsonNode object, String path, List<String> problems) {
        if (!value.isObject()) {
            problems.add(path + " is not an object");
            return;
        }
        required(value, object.get("required"), path + ".", problems);
        atLeastOne(value, object.get("at_least_one"), path, problems);
    }

    private static void atLeastOne(JsonNode value, JsonNode names, String what, List<String> problems) {
        if (names == null) {
            return;
        }
        boolean any = false;
        for (JsonNode n : names) {
            any |= present(value.get(n.asText()));
        }
        if (!any) {
            problems.add(what + " has none of " + names);
        }
    }

    private static void required(JsonNode value, JsonNode names, String prefix, List<String> problems) {
        if (names == null) {
            return;
        }
        for (JsonNode n : names) {
            if (!present(value.get(n.asText()))) {
                problems.add("required " + prefix + n.asText() + " is missing");
            }
        }
    }

    private static boolean present(JsonNode v) {
        return v != null && !v.isNull() && !(v.isTextual() && v.asText().isEmpty())
                && !(v.isContainerNode() && v.isEmpty());
    }

    private static boolean contains(JsonNode list, int value) {
        for (JsonNode n : list) {
            if (n.asInt() == value) {
                return true;
            }
        }
        return false;
    }
}
