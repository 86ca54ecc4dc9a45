package io.trailkeeper.audit.fix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One AWS CLI invocation (its arguments as the shell passed them) checked against the CLI's own command tables
 * extracted into {@code fix/validation/aws-cli-model.json}: the service and command exist, every option exists for
 * that command (or is a global option), flags take no value and the others one, required options are given, and
 * structured values (JSON, from a file:// or inline, or shorthand) have the members, types, required members and
 * enum values of their shape. Returns "where: what" lines; none means valid.
 */
final class AwsCliCheck {
    /** An argument: as passed, or the content of the file a file:// argument named (null when it was missing). */
    record Arg(String text, boolean fromFile) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode MODEL = load();

    private final List<String> problems = new ArrayList<>();
    private final String where;

    private AwsCliCheck(String where) {
        this.where = where;
    }

    static List<String> check(List<Arg> args) {
        String where = "aws " + String.join(" ", args.stream().limit(2).map(Arg::text).toList());
        AwsCliCheck c = new AwsCliCheck(where);
        c.invocation(args);
        return c.problems;
    }

    private static JsonNode load() {
        try (InputStream in = AwsCliCheck.class.getResourceAsStream("/fix/validation/aws-cli-model.json")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void invocation(List<Arg> args) {
        if (args.size() < 2) {
            problems.add(where + ": names no service and command");
            return;
        }
        JsonNode service = MODEL.path("services").get(args.get(0).text());
        if (service == null) {
            problems.add(where + ": " + args.get(0).text() + " is not a service of the model (a typo, or "
                    + "aws-cli-model.json needs regenerating)");
            return;
        }
        String command = args.get(1).text();
        if (!contains(service.path("commands"), command)) {
            problems.add(where + ": " + command + " is not a command of aws " + args.get(0).text());
            return;
        }
        JsonNode options = service.path("options").get(command);
        if (options == null) {
            problems.add(where + ": the model lacks this command's options: regenerate aws-cli-model.json");
            return;
        }
        Set<String> given = new HashSet<>();
        for (int i = 2; i < args.size(); i++) {
            Arg arg = args.get(i);
            if (arg.fromFile() || !arg.text().startsWith("--")) {
                problems.add(where + ": " + arg.text() + " is not an option");
                continue;
            }
            String name = arg.text().substring(2);
            JsonNode option = options.get(name);
            boolean global = contains(MODEL.path("globalOptions"), name);
            if (option == null && !global) {
                problems.add(where + ": --" + name + " is not an option of this command");
                continue;
            }
            if (!given.add(name)) {
                problems.add(where + ": --" + name + " is given twice");
            }
            boolean flag = option != null ? option.path("type").asText().equals("boolean")
                    : contains(MODEL.path("globalFlags"), name);
            if (flag) {
                continue;
            }
            if (i + 1 >= args.size()) {
                problems.add(where + ": --" + name + " has no value");
                break;
            }
            if (option != null && scalarList(option.path("shape")) && !args.get(i + 1).fromFile()
                    && !args.get(i + 1).text().startsWith("[")) {
                // A list of scalars takes its items as separate arguments: --alarm-actions A B.
                while (i + 1 < args.size() && !args.get(i + 1).fromFile() && !args.get(i + 1).text().startsWith("--")) {
                    i++;
                }
                continue;
            }
            value(args.get(++i), option, "--" + name);
        }
        options.properties().forEach(e -> {
            if (e.getValue().path("required").asBoolean() && !given.contains(e.getKey())) {
                problems.add(where + ": --" + e.getKey() + " is required");
            }
        });
    }

    private void value(Arg arg, JsonNode option, String at) {
        if (arg.text() == null) {
            problems.add(where + " " + at + ": the file it names does not exist");
            return;
        }
        if (option == null) {
            return;
        }
        String type = option.path("type").asText();
        if (type.equals("integer") && !arg.text().matches("-?\\d+")) {
            problems.add(where + " " + at + ": " + arg.text() + " is not an integer");
        }
        if (!option.has("shape")) {
            return;
        }
        String text = arg.text().strip();
        JsonNode value;
        boolean shorthand = !text.startsWith("{") && !text.startsWith("[");
        if (shorthand) {
            value = shorthand(text);
            if (option.path("shape").path("type").asText().equals("list")) {
                value = JSON.createArrayNode().add(value);
            }
        } else {
            try {
                value = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                problems.add(where + " " + at + ": not JSON: " + e.getOriginalMessage());
                return;
            }
        }
        shape(value, option.get("shape"), at, shorthand);
    }

    private static boolean scalarList(JsonNode shape) {
        JsonNode member = shape.path("member");
        return shape.path("type").asText().equals("list") && !member.has("ref")
                && !Set.of("list", "map").contains(member.path("type").asText());
    }

    /** The CLI's shorthand for a flat structure: Key=Value,Key=Value. */
    private ObjectNode shorthand(String text) {
        ObjectNode out = JSON.createObjectNode();
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                problems.add(where + ": " + text + " is neither JSON nor Key=Value shorthand");
                return out;
            }
            out.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return out;
    }

    /** A value against a shape; {@code lenient}: shorthand gives every scalar as a string. */
    private void shape(JsonNode value, JsonNode shape, String at, boolean lenient) {
        if (shape.has("ref")) {
            JsonNode structure = MODEL.path("shapes").path(shape.get("ref").asText());
            if (!value.isObject()) {
                problems.add(where + " " + at + ": must be an object");
                return;
            }
            JsonNode members = structure.path("members");
            value.properties().forEach(e -> {
                if (!members.has(e.getKey())) {
                    problems.add(where + " " + at + "." + e.getKey() + ": is not a member of "
                            + shape.get("ref").asText());
                } else {
                    shape(e.getValue(), members.get(e.getKey()), at + "." + e.getKey(), lenient);
                }
            });
            structure.path("required").forEach(r -> {
                if (!value.has(r.asText())) {
                    problems.add(where + " " + at + "." + r.asText() + ": is required");
                }
            });
            return;
        }
        String type = shape.path("type").asText();
        switch (type) {
            case "list" -> {
                if (!value.isArray()) {
                    problems.add(where + " " + at + ": must be a list");
                } else {
                    for (int i = 0; i < value.size(); i++) {
                        shape(value.get(i), shape.get("member"), at + "[" + i + "]", lenient);
                    }
                }
            }
            case "map" -> {
                if (!value.isObject()) {
                    problems.add(where + " " + at + ": must be a map");
                } else {
                    value.properties().forEach(e -> shape(e.getValue(), shape.get("value"), at + "." + e.getKey(),
                            lenient));
                }
            }
            default -> scalar(value, shape, type, at, lenient);
        }
    }

    private void scalar(JsonNode value, JsonNode shape, String type, String at, boolean lenient) {
        boolean ok = switch (type) {
            case "string", "blob" -> value.isTextual();
            case "integer", "long" -> value.isIntegralNumber() || lenient && value.asText().matches("-?\\d+");
            case "boolean" -> value.isBoolean() || lenient && value.asText().matches("true|false");
            case "double", "float" -> value.isNumber() || lenient && value.asText().matches("-?[\\d.]+");
            case "timestamp" -> value.isTextual() || value.isNumber();
            default -> true;
        };
        if (!ok) {
            problems.add(where + " " + at + ": " + value + " is not a " + type);
        }
        if (shape.has("enum") && value.isValueNode() && !contains(shape.get("enum"), value.asText())) {
            problems.add(where + " " + at + ": " + value.asText() + " is not one of " + shape.get("enum"));
        }
    }

    private static boolean contains(JsonNode array, String text) {
        for (JsonNode n : array) {
            if (n.asText().equals(text)) {
                return true;
            }
        }
        return false;
    }
}
