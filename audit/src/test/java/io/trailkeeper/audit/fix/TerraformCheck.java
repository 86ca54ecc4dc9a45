package io.trailkeeper.audit.fix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trailkeeper.audit.fix.HclParser.Attribute;
import io.trailkeeper.audit.fix.HclParser.Block;
import io.trailkeeper.audit.fix.HclParser.Body;
import io.trailkeeper.audit.fix.HclParser.Call;
import io.trailkeeper.audit.fix.HclParser.Expr;
import io.trailkeeper.audit.fix.HclParser.ObjectExpr;
import io.trailkeeper.audit.fix.HclParser.Template;
import io.trailkeeper.audit.fix.HclParser.Traversal;
import io.trailkeeper.audit.fix.HclParser.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Terraform configuration parsed by {@link HclParser} and checked against the hashicorp/aws provider schema
 * extracted into {@code fix/validation/terraform-aws-schema.json}: known resource types; arguments and nested
 * blocks that exist and can be set; required arguments and blocks present; blocks not repeated beyond their
 * maximum; every reference ({@code aws_x.name.attr}, {@code var.x}, {@code local.x}) naming something declared, with
 * an attribute the resource has; only known functions. Returns "where: what" lines; none means valid.
 */
final class TerraformCheck {
    private static final Set<String> META_ARGUMENTS = Set.of("depends_on", "count", "for_each", "provider");
    private static final Set<String> FUNCTIONS = Set.of("jsonencode", "tostring", "format", "join", "concat");
    private static final Set<String> VARIABLE_ARGUMENTS = Set.of("description", "type", "default", "sensitive",
            "nullable");
    private static final JsonNode SCHEMA = load();

    private final List<String> problems = new ArrayList<>();
    private final Map<String, String> resources = new HashMap<>();
    private final Set<String> variables = new HashSet<>();
    private final Set<String> locals = new HashSet<>();

    static List<String> check(String hcl) {
        TerraformCheck c = new TerraformCheck();
        Body body;
        try {
            body = HclParser.parse(hcl);
        } catch (IllegalArgumentException e) {
            return List.of("not HCL: " + e.getMessage());
        }
        c.configuration(body);
        return c.problems;
    }

    private static JsonNode load() {
        try (InputStream in = TerraformCheck.class.getResourceAsStream("/fix/validation/terraform-aws-schema.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void configuration(Body body) {
        body.attributes().forEach(a -> problem(a.line(), a.name(), "an argument cannot stand outside a block"));
        for (Block b : body.blocks()) {
            switch (b.type()) {
                case "resource" -> {
                    if (b.labels().size() != 2) {
                        problem(b.line(), "resource", "takes a type and a name");
                    } else if (resources.put(b.labels().get(0) + "." + b.labels().get(1), b.labels().get(0)) != null) {
                        problem(b.line(), String.join(".", b.labels()), "is declared twice");
                    }
                }
                case "variable" -> variables.add(b.labels().isEmpty() ? "" : b.labels().get(0));
                case "locals" -> b.body().attributes().forEach(a -> locals.add(a.name()));
                case "terraform", "provider", "output", "data", "module", "moved", "import", "check" -> {
                }
                default -> problem(b.line(), b.type(), "is not a top-level block of Terraform");
            }
        }
        for (Block b : body.blocks()) {
            String where = b.type() + (b.labels().isEmpty() ? "" : " " + String.join(".", b.labels()));
            switch (b.type()) {
                case "resource" -> resource(b, where);
                case "provider" -> {
                    if (!b.labels().equals(List.of("aws"))) {
                        problem(b.line(), where, "only the aws provider is expected");
                    } else {
                        // alias: a second configuration of the provider (another region), named by resources
                        block(new Body(b.body().attributes().stream().filter(a -> !a.name().equals("alias")).toList(),
                                b.body().blocks()), SCHEMA.path("provider"), where);
                    }
                }
                case "variable" -> b.body().attributes().stream().filter(a -> !VARIABLE_ARGUMENTS.contains(a.name()))
                        .forEach(a -> problem(a.line(), where + "." + a.name(), "is not an argument of a variable"));
                case "output" -> {
                    if (b.body().attributes().stream().noneMatch(a -> a.name().equals("value"))) {
                        problem(b.line(), where, "has no value");
                    }
                    b.body().attributes().forEach(a -> references(a.value(), where + "." + a.name(), a.line()));
                }
                case "locals" -> b.body().attributes().forEach(a -> references(a.value(), where + "." + a.name(),
                        a.line()));
                default -> {
                }
            }
        }
    }

    private void resource(Block b, String where) {
        JsonNode schema = SCHEMA.path("resources").get(b.labels().get(0));
        if (schema == null) {
            problem(b.line(), where, b.labels().get(0) + " is not a resource type of the provider schema");
            return;
        }
        block(b.body(), schema, where);
    }

    /** A block's body against its schema: arguments, nested blocks, required ones, counts, references. */
    private void block(Body body, JsonNode schema, String where) {
        JsonNode attributes = schema.path("attributes");
        Set<String> seen = new HashSet<>();
        for (Attribute a : body.attributes()) {
            String at = where + "." + a.name();
            if (!seen.add(a.name())) {
                problem(a.line(), at, "is set twice");
            }
            if (META_ARGUMENTS.contains(a.name())) {
                if (a.name().equals("depends_on")) {
                    dependsOn(a, at);
                }
                continue;
            }
            String kind = attributes.path(a.name()).asText(null);
            if (kind == null) {
                problem(a.line(), at, "is not an argument here");
            } else if (kind.equals("computed")) {
                problem(a.line(), at, "is computed by the provider and cannot be set");
            }
            references(a.value(), at, a.line());
        }
        attributes.properties().forEach(e -> {
            if (e.getValue().asText().equals("required") && !seen.contains(e.getKey())) {
                problem(-1, where + "." + e.getKey(), "is required");
            }
        });
        Map<String, Integer> counts = new HashMap<>();
        for (Block nested : body.blocks()) {
            String at = where + "." + nested.type();
            counts.merge(nested.type(), 1, Integer::sum);
            if (nested.type().equals("lifecycle")) {
                nested.body().attributes().stream().filter(a -> !Set.of("prevent_destroy", "create_before_destroy",
                        "ignore_changes", "replace_triggered_by").contains(a.name()))
                        .forEach(a -> problem(a.line(), at + "." + a.name(), "is not a lifecycle argument"));
                continue;
            }
            JsonNode nestedSchema = schema.path("blocks").get(nested.type());
            if (nestedSchema == null) {
                problem(nested.line(), at, "is not a block here");
            } else if (!nested.labels().isEmpty()) {
                problem(nested.line(), at, "takes no labels");
            } else {
                block(nested.body(), nestedSchema.path("block"), at);
            }
        }
        schema.path("blocks").properties().forEach(e -> {
            int n = counts.getOrDefault(e.getKey(), 0);
            int min = e.getValue().path("min").asInt();
            int max = e.getValue().path("max").asInt();
            String nesting = e.getValue().path("nesting").asText();
            if (n < min) {
                problem(-1, where + "." + e.getKey(), "needs at least " + min + " block(s)");
            }
            if (n > 1 && (nesting.equals("single") || max > 0 && n > max)) {
                problem(-1, where + "." + e.getKey(), "may appear at most " + Math.max(max, 1) + " time(s)");
            }
        });
    }

    private void dependsOn(Attribute a, String where) {
        if (!(a.value() instanceof Tuple t)) {
            problem(a.line(), where, "must be a list of resources");
            return;
        }
        for (Expr e : t.items()) {
            if (!(e instanceof Traversal r) || r.steps().size() != 1
                    || !resources.containsKey(r.root() + "." + r.steps().get(0))) {
                problem(a.line(), where, "names something that is not a resource of this configuration");
            }
        }
    }

    /** Every reference and function call within an expression. */
    private void references(Expr e, String where, int line) {
        if (e instanceof Traversal t) {
            traversal(t, where);
            t.steps().stream().filter(Expr.class::isInstance).forEach(s -> references((Expr) s, where, line));
        } else if (e instanceof Call c) {
            if (!FUNCTIONS.contains(c.name())) {
                problem(c.line(), where, c.name() + " is not a function this configuration should need");
            }
            c.args().forEach(a -> references(a, where, line));
        } else if (e instanceof Template t) {
            t.parts().stream().filter(Expr.class::isInstance).forEach(p -> references((Expr) p, where, line));
        } else if (e instanceof Tuple t) {
            t.items().forEach(i -> references(i, where, line));
        } else if (e instanceof ObjectExpr o) {
            o.entries().forEach(en -> {
                references(en.getKey(), where, line);
                references(en.getValue(), where, line);
            });
        }
    }

    private void traversal(Traversal t, String where) {
        String first = t.steps().isEmpty() || !(t.steps().get(0) instanceof String s) ? null : s;
        switch (t.root()) {
            case "var" -> {
                if (first == null || !variables.contains(first)) {
                    problem(t.line(), where, "var." + first + " is not a declared variable");
                }
            }
            case "local" -> {
                if (first == null || !locals.contains(first)) {
                    problem(t.line(), where, "local." + first + " is not a declared local value");
                }
            }
            default -> {
                String type = resources.get(t.root() + "." + first);
                if (type == null) {
                    problem(t.line(), where, t.root() + "." + first + " is not a resource of this configuration");
                    return;
                }
                if (t.steps().size() < 2 || !(t.steps().get(1) instanceof String attribute)) {
                    return;
                }
                if (!SCHEMA.path("resources").path(type).path("attributes").has(attribute)
                        && !SCHEMA.path("resources").path(type).path("blocks").has(attribute)) {
                    problem(t.line(), where, type + " has no attribute " + attribute);
                }
            }
        }
    }

    private void problem(int line, String where, String what) {
        problems.add(where + (line > 0 ? " (line " + line + ")" : "") + ": " + what);
    }
}
