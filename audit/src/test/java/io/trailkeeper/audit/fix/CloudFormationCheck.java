package io.trailkeeper.audit.fix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trailkeeper.audit.fix.YamlTree.ListNode;
import io.trailkeeper.audit.fix.YamlTree.MapNode;
import io.trailkeeper.audit.fix.YamlTree.Node;
import io.trailkeeper.audit.fix.YamlTree.Scalar;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A structural check of a CloudFormation template against the resource schemas extracted into
 * {@code fix/validation/cloudformation-spec.json}: known resource types; known, settable property names at every
 * depth; required properties present; values of the right kind and within enums; {@code Ref}, {@code GetAtt}
 * (with a real attribute), {@code Sub} and {@code DependsOn} naming things that exist; no dependency cycle;
 * parameter defaults matching their pattern. Returns problems as "where: what" lines; none means valid.
 */
final class CloudFormationCheck {
    private static final Set<String> TOP = Set.of("AWSTemplateFormatVersion", "Description", "Metadata", "Parameters",
            "Rules", "Mappings", "Conditions", "Transform", "Resources", "Outputs");
    private static final Set<String> RESOURCE_KEYS = Set.of("Type", "Properties", "DependsOn", "DeletionPolicy",
            "UpdateReplacePolicy", "Metadata", "Condition", "CreationPolicy", "UpdatePolicy");
    private static final Set<String> PARAMETER_KEYS = Set.of("Type", "Description", "Default", "AllowedPattern",
            "AllowedValues", "ConstraintDescription", "MinLength", "MaxLength", "MinValue", "MaxValue", "NoEcho");
    private static final Set<String> POLICIES = Set.of("Delete", "Retain", "Snapshot", "RetainExceptOnCreate");
    private static final Set<String> PSEUDO = Set.of("AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",
            "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");
    private static final JsonNode SPEC = load();

    private final List<String> problems = new ArrayList<>();
    private final Map<String, String> resourceTypes = new HashMap<>();
    private final Set<String> parameters = new HashSet<>();
    private final Map<String, Set<String>> dependsOn = new HashMap<>();

    static List<String> check(String yaml) {
        CloudFormationCheck c = new CloudFormationCheck();
        c.template(YamlTree.parse(yaml));
        return c.problems;
    }

    private static JsonNode load() {
        try (InputStream in = CloudFormationCheck.class.getResourceAsStream("/fix/validation/cloudformation-spec.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void template(Node root) {
        if (!(root instanceof MapNode top)) {
            problem(root, "template", "is not a map");
            return;
        }
        top.entries().keySet().stream().filter(k -> !TOP.contains(k))
                .forEach(k -> problem(top, k, "is not a template section"));
        Node version = top.entries().get("AWSTemplateFormatVersion");
        if (version != null && !(version instanceof Scalar s && "2010-09-09".equals(s.text()))) {
            problem(version, "AWSTemplateFormatVersion", "must be the string 2010-09-09");
        }
        if (!(top.entries().get("Resources") instanceof MapNode resources) || resources.entries().isEmpty()) {
            problem(top, "Resources", "must be a non-empty map");
            return;
        }
        if (top.entries().get("Parameters") instanceof MapNode params) {
            params.entries().forEach(this::parameter);
        }
        resources.entries().forEach((id, r) -> {
            if (r instanceof MapNode m && m.entries().get("Type") instanceof Scalar t) {
                resourceTypes.put(id, t.text());
            }
        });
        resources.entries().forEach(this::resource);
        if (top.entries().get("Outputs") instanceof MapNode outputs) {
            outputs.entries().forEach((name, o) -> {
                if (!(o instanceof MapNode m) || !m.entries().containsKey("Value")) {
                    problem(o, "Outputs." + name, "has no Value");
                } else {
                    value(m.entries().get("Value"), "Outputs." + name + ".Value", null, null);
                }
            });
        }
        cycles();
    }

    private void parameter(String name, Node node) {
        parameters.add(name);
        String where = "Parameters." + name;
        if (!(node instanceof MapNode m)) {
            problem(node, where, "is not a map");
            return;
        }
        m.entries().keySet().stream().filter(k -> !PARAMETER_KEYS.contains(k))
                .forEach(k -> problem(node, where + "." + k, "is not a parameter attribute"));
        if (!(m.entries().get("Type") instanceof Scalar)) {
            problem(node, where + ".Type", "is missing");
        }
        if (m.entries().get("AllowedPattern") instanceof Scalar pattern
                && m.entries().get("Default") instanceof Scalar def
                && !Pattern.compile(pattern.text()).matcher(def.text()).matches()) {
            problem(def, where + ".Default", "does not match its AllowedPattern " + pattern.text());
        }
    }

    private void resource(String id, Node node) {
        String where = "Resources." + id;
        if (!id.matches("[A-Za-z0-9]+")) {
            problem(node, where, "is not an alphanumeric logical id");
        }
        if (!(node instanceof MapNode m)) {
            problem(node, where, "is not a map");
            return;
        }
        m.entries().keySet().stream().filter(k -> !RESOURCE_KEYS.contains(k))
                .forEach(k -> problem(node, where + "." + k, "is not a resource attribute"));
        for (String policy : List.of("DeletionPolicy", "UpdateReplacePolicy")) {
            if (m.entries().get(policy) instanceof Scalar s && !POLICIES.contains(s.text())) {
                problem(s, where + "." + policy, s.text() + " is not one of " + POLICIES);
            }
        }
        dependsOn.computeIfAbsent(id, k -> new HashSet<>());
        Node depends = m.entries().get("DependsOn");
        if (depends != null) {
            List<Node> targets = depends instanceof ListNode l ? l.items() : List.of(depends);
            for (Node t : targets) {
                String target = t instanceof Scalar s ? s.text() : null;
                if (target == null || !resourceTypes.containsKey(target) || target.equals(id)) {
                    problem(t, where + ".DependsOn", target + " is not another resource of the template");
                } else {
                    dependsOn.get(id).add(target);
                }
            }
        }
        String type = resourceTypes.get(id);
        JsonNode spec = type == null ? null : SPEC.path("resourceTypes").get(type);
        if (spec == null) {
            problem(node, where + ".Type", type + " is not a resource type of the specification");
            return;
        }
        Node props = m.entries().get("Properties");
        structure(props == null ? new MapNode(Map.of(), null, node.line()) : props, spec, where + ".Properties", id);
    }

    /** A map checked against a structure of the specification (a resource type or a definition). */
    private void structure(Node node, JsonNode spec, String where, String owner) {
        if (intrinsic(node, where, owner)) {
            return;
        }
        if (!(node instanceof MapNode m)) {
            problem(node, where, "must be a map");
            return;
        }
        JsonNode properties = spec.path("properties");
        for (Map.Entry<String, Node> e : m.entries().entrySet()) {
            JsonNode property = properties.get(e.getKey());
            if (property == null) {
                problem(e.getValue(), where + "." + e.getKey(), "is not a property here");
            } else if (property.path("readOnly").asBoolean()) {
                problem(e.getValue(), where + "." + e.getKey(), "is read-only");
            } else {
                value(e.getValue(), where + "." + e.getKey(), property, owner);
            }
        }
        spec.path("required").forEach(r -> {
            if (!m.entries().containsKey(r.asText())) {
                problem(node, where + "." + r.asText(), "is required");
            }
        });
    }

    /** A value checked against a property description: type, enum, nested structure; null description: anything. */
    private void value(Node node, String where, JsonNode property, String owner) {
        if (intrinsic(node, where, owner) || property == null) {
            return;
        }
        String type = property.path("type").asText();
        switch (type) {
            case "array" -> {
                if (node instanceof ListNode l) {
                    for (int i = 0; i < l.items().size(); i++) {
                        value(l.items().get(i), where + "[" + i + "]", property.get("items"), owner);
                    }
                } else {
                    problem(node, where, "must be a list");
                }
            }
            case "object" -> structure(node, SPEC.path("definitions").path(property.path("ref").asText()), where,
                    owner);
            case "json" -> json(node, where, owner);
            case "string", "integer", "number", "boolean", "scalar" -> scalar(node, where, type, property);
            default -> {
            }
        }
    }

    private void scalar(Node node, String where, String type, JsonNode property) {
        if (!(node instanceof Scalar s) || s.kind() == Scalar.Kind.NULL) {
            problem(node, where, "must be a " + type);
            return;
        }
        boolean ok = switch (type) {
            case "integer" -> s.kind() == Scalar.Kind.INTEGER || s.text().matches("-?\\d+");
            case "number" -> s.kind() != Scalar.Kind.BOOLEAN && s.text().matches("-?[\\d.eE+-]+");
            case "boolean" -> s.kind() == Scalar.Kind.BOOLEAN || s.text().matches("true|false");
            default -> true;
        };
        if (!ok) {
            problem(node, where, s.text() + " is not a " + type);
        }
        if (property.has("enum")) {
            List<String> allowed = new ArrayList<>();
            property.get("enum").forEach(v -> allowed.add(v.asText()));
            if (!allowed.contains(s.text())) {
                problem(node, where, s.text() + " is not one of " + allowed);
            }
        }
    }

    /** Free-form JSON (a policy, an event pattern): any shape, but its intrinsic functions must resolve. */
    private void json(Node node, String where, String owner) {
        if (intrinsic(node, where, owner)) {
            return;
        }
        if (node instanceof MapNode m) {
            m.entries().forEach((k, v) -> json(v, where + "." + k, owner));
        } else if (node instanceof ListNode l) {
            for (int i = 0; i < l.items().size(); i++) {
                json(l.items().get(i), where + "[" + i + "]", owner);
            }
        }
    }

    /** True when the node is an intrinsic function (short or long form); checks what it names. */
    private boolean intrinsic(Node node, String where, String owner) {
        String function;
        Node argument;
        if (node.tag() != null) {
            function = node.tag();
            argument = node;
        } else if (node instanceof MapNode m && m.entries().size() == 1) {
            String key = m.entries().keySet().iterator().next();
            if (!key.equals("Ref") && !key.startsWith("Fn::")) {
                return false;
            }
            function = key.startsWith("Fn::") ? key.substring(4) : key;
            argument = m.entries().get(key);
        } else {
            return false;
        }
        switch (function) {
            case "Ref" -> ref(argument instanceof Scalar s ? s.text() : null, argument, where, owner);
            case "GetAtt" -> getAtt(argument, where, owner);
            case "Sub" -> sub(argument, where, owner);
            case "Join", "Select", "Split", "If", "Equals", "Not", "And", "Or", "FindInMap", "Base64", "Cidr",
                    "GetAZs", "ImportValue", "Condition" -> json(untagged(argument), where, owner);
            default -> problem(node, where, "!" + function + " is not an intrinsic function");
        }
        return true;
    }

    private static Node untagged(Node node) {
        if (node instanceof MapNode m) {
            return new MapNode(m.entries(), null, m.line());
        }
        if (node instanceof ListNode l) {
            return new ListNode(l.items(), null, l.line());
        }
        Scalar s = (Scalar) node;
        return new Scalar(s.text(), s.kind(), null, s.line());
    }

    private void ref(String name, Node node, String where, String owner) {
        if (name == null) {
            problem(node, where, "Ref takes a name");
        } else if (resourceTypes.containsKey(name)) {
            depend(owner, name);
        } else if (!parameters.contains(name) && !PSEUDO.contains(name)) {
            problem(node, where, "Ref " + name + " names no resource or parameter");
        }
    }

    private void getAtt(Node argument, String where, String owner) {
        String resource;
        String attribute;
        if (argument instanceof Scalar s && s.text() != null && s.text().contains(".")) {
            resource = s.text().substring(0, s.text().indexOf('.'));
            attribute = s.text().substring(s.text().indexOf('.') + 1);
        } else if (argument instanceof ListNode l && l.items().size() == 2 && l.items().get(0) instanceof Scalar a
                && l.items().get(1) instanceof Scalar b) {
            resource = a.text();
            attribute = b.text();
        } else {
            problem(argument, where, "GetAtt takes Resource.Attribute");
            return;
        }
        String type = resourceTypes.get(resource);
        if (type == null) {
            problem(argument, where, "GetAtt " + resource + " names no resource");
            return;
        }
        depend(owner, resource);
        List<String> attributes = new ArrayList<>();
        SPEC.path("resourceTypes").path(type).path("attributes").forEach(a -> attributes.add(a.asText()));
        if (!attributes.contains(attribute)) {
            problem(argument, where, type + " has no attribute " + attribute + " (it has " + attributes + ")");
        }
    }

    private void sub(Node argument, String where, String owner) {
        Node text = argument instanceof ListNode l && !l.items().isEmpty() ? l.items().get(0) : argument;
        Set<String> local = new HashSet<>();
        if (argument instanceof ListNode l && l.items().size() == 2 && l.items().get(1) instanceof MapNode vars) {
            local.addAll(vars.entries().keySet());
            vars.entries().forEach((k, v) -> json(v, where + "." + k, owner));
        }
        if (!(text instanceof Scalar s) || s.text() == null) {
            problem(argument, where, "Sub takes a string");
            return;
        }
        Matcher m = SUB_VARIABLE.matcher(s.text());
        while (m.find()) {
            String name = m.group(1);
            if (local.contains(name)) {
                continue;
            }
            if (name.contains(".") && !PSEUDO.contains(name)) {
                getAtt(new Scalar(name, Scalar.Kind.STRING, null, s.line()), where, owner);
            } else {
                ref(name, s, where, owner);
            }
        }
    }

    private void depend(String owner, String target) {
        if (owner != null) {
            dependsOn.computeIfAbsent(owner, k -> new HashSet<>()).add(target);
        }
    }

    private void cycles() {
        Map<String, Integer> state = new HashMap<>();
        for (String id : dependsOn.keySet()) {
            visit(id, state, new ArrayList<>());
        }
    }

    private void visit(String id, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(id);
        if (s != null && s == 2) {
            return;
        }
        path.add(id);
        if (s != null && s == 1) {
            problems.add("Resources: a dependency cycle " + String.join(" -> ", path));
            path.remove(path.size() - 1);
            return;
        }
        state.put(id, 1);
        for (String next : dependsOn.getOrDefault(id, Set.of()).stream().sorted().toList()) {
            visit(next, state, path);
        }
        state.put(id, 2);
        path.remove(path.size() - 1);
    }

    private void problem(Node node, String where, String what) {
        problems.add(where + " (line " + node.line() + "): " + what);
    }
}
