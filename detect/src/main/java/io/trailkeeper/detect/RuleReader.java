package io.trailkeeper.detect;

import io.trailkeeper.detect.Detection.Condition;
import io.trailkeeper.detect.Detection.FieldGroup;
import io.trailkeeper.detect.Detection.FieldMatch;
import io.trailkeeper.detect.Detection.Modifier;
import io.trailkeeper.detect.Detection.Search;
import io.trailkeeper.detect.YamlDocument.YamlProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the YAML documents of one file into rules. What prevents building a rule (a missing title, an unknown
 * modifier, a condition that does not parse) is a {@link RuleProblem} with the line; what is checked on a built
 * rule is left to the {@link RuleValidators}.
 */
final class RuleReader {
    /** A rule as read, with the YAML it came from, for the validators. */
    record ReadRule(SigmaRule rule, YamlDocument yaml, int conditionLine) {
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("%([A-Za-z0-9_.-]+)%");

    private final Map<String, List<String>> placeholders;

    RuleReader(Map<String, List<String>> placeholders) {
        this.placeholders = placeholders;
    }

    void read(String yaml, String source, List<ReadRule> rules, List<RuleProblem> problems) {
        List<YamlDocument> docs;
        try {
            docs = YamlDocument.parseAll(yaml);
        } catch (YamlProblem e) {
            problems.add(new RuleProblem(source, e.line, e.getMessage()));
            return;
        }
        YamlDocument global = null;
        for (YamlDocument doc : docs) {
            try {
                if (!doc.isMap()) {
                    throw new YamlProblem(doc.line(), "a rule must be a mapping of keys to values");
                }
                String action = doc.text("action");
                if (action != null) {
                    switch (action) {
                        case "global" -> global = global == null ? doc : global.merged(doc);
                        case "reset" -> global = null;
                        case "repeat" -> throw new YamlProblem(doc.get("action").line(),
                                "'action: repeat' is not supported: write the rule out in full");
                        default -> throw new YamlProblem(doc.get("action").line(), "unknown action '" + action
                                + "' (global, reset)");
                    }
                    continue;
                }
                YamlDocument full = global == null ? doc : global.merged(doc);
                readRule(full, source, rules);
            } catch (YamlProblem e) {
                problems.add(new RuleProblem(source, e.line, e.getMessage()));
            }
        }
    }

    private void readRule(YamlDocument doc, String source, List<ReadRule> rules) {
        String title = doc.text("title");
        if (title == null || title.isBlank()) {
            throw new YamlProblem(doc.line(), "the rule has no title");
        }
        YamlDocument correlation = doc.get("correlation");
        YamlDocument detection = doc.get("detection");
        if (correlation != null && detection != null) {
            throw new YamlProblem(correlation.line(), "a rule has either 'detection' or 'correlation', not both");
        }
        if (correlation != null) {
            Correlation c = CorrelationReader.read(correlation);
            rules.add(new ReadRule(rule(doc, source, null, c), doc, correlation.line()));
            return;
        }
        if (detection == null || !detection.isMap()) {
            throw new YamlProblem(detection == null ? doc.line() : detection.line(),
                    "the rule has no detection (a mapping of search identifiers and a condition)");
        }
        Map<String, Search> searches = new LinkedHashMap<>();
        for (Map.Entry<String, YamlDocument> e : detection.map().entrySet()) {
            if (!e.getKey().equals("condition") && !e.getKey().equals("timeframe")) {
                searches.put(e.getKey(), search(e.getKey(), e.getValue()));
            }
        }
        YamlDocument conditionNode = detection.get("condition");
        if (conditionNode == null) {
            throw new YamlProblem(detection.line(), "the detection has no condition");
        }
        List<String> conditions = detection.texts("condition");
        if (conditions.isEmpty()) {
            throw new YamlProblem(conditionNode.line(), "the condition is empty");
        }
        String timeframe = detection.text("timeframe");
        if (conditions.stream().anyMatch(c -> c.contains("|")) || timeframe != null) {
            LegacyAggregation.convert(doc, source, searches, conditions, timeframe, conditionNode.line(), rules, this);
            return;
        }
        Condition condition = parseConditions(conditions, conditionNode.line());
        rules.add(new ReadRule(rule(doc, source, new Detection(searches, condition, null), null), doc,
                conditionNode.line()));
    }

    static Condition parseConditions(List<String> conditions, int line) {
        List<Condition> parsed = new ArrayList<>();
        for (String text : conditions) {
            try {
                parsed.add(ConditionParser.parse(text));
            } catch (IllegalArgumentException e) {
                throw new YamlProblem(line, "the condition '" + text + "' does not parse: " + e.getMessage());
            }
        }
        return parsed.size() == 1 ? parsed.get(0) : new Detection.Or(parsed);
    }

    SigmaRule rule(YamlDocument doc, String source, Detection detection, Correlation correlation) {
        return new SigmaRule(doc.text("id"), doc.text("name"), doc.text("title"), doc.text("status"),
                doc.text("level"), doc.text("author"), doc.text("description"), doc.texts("references"),
                doc.texts("tags"), doc.texts("falsepositives"), source, detection, correlation);
    }

    private Search search(String name, YamlDocument node) {
        if (node.isMap()) {
            return new Search(name, List.of(group(node)), List.of(), node.line());
        }
        if (node.isList() && !node.list().isEmpty() && node.list().stream().allMatch(YamlDocument::isMap)) {
            List<FieldGroup> groups = new ArrayList<>();
            for (YamlDocument item : node.list()) {
                groups.add(group(item));
            }
            return new Search(name, groups, List.of(), node.line());
        }
        if (node.isList() && !node.list().isEmpty() && node.list().stream().allMatch(YamlDocument::isScalar)) {
            return new Search(name, List.of(), node.list().stream().map(YamlDocument::value).toList(), node.line());
        }
        if (node.isScalar() && node.value() != null) {
            return new Search(name, List.of(), List.of(node.value()), node.line());
        }
        throw new YamlProblem(node.line(), "search identifier '" + name
                + "' must be a mapping of fields, a list of such mappings, or a list of keywords");
    }

    private FieldGroup group(YamlDocument node) {
        List<FieldMatch> matches = new ArrayList<>();
        for (Map.Entry<String, YamlDocument> e : node.map().entrySet()) {
            matches.add(fieldMatch(e.getKey(), e.getValue()));
        }
        if (matches.isEmpty()) {
            throw new YamlProblem(node.line(), "an empty mapping in a search identifier");
        }
        return new FieldGroup(matches);
    }

    private FieldMatch fieldMatch(String key, YamlDocument node) {
        String[] parts = key.split("\\|", -1);
        String field = parts[0];
        if (field.isEmpty()) {
            throw new YamlProblem(node.line(), "'" + key + "': keywords with modifiers are not supported; name a field");
        }
        List<Modifier> modifiers = new ArrayList<>();
        boolean expand = false;
        for (int i = 1; i < parts.length; i++) {
            String name = parts[i];
            if (name.equals("expand")) {
                expand = true;
                continue;
            }
            Modifier m = Modifier.of(name);
            if (m == null || name.length() == 1) {
                throw new YamlProblem(node.line(), "unknown modifier '" + name + "' in '" + key + "'");
            }
            if (m == Modifier.RE) {
                while (i + 1 < parts.length && parts[i + 1].matches("[ims]")) {
                    modifiers.add(Modifier.of(parts[++i]));
                }
            }
            modifiers.add(m);
        }
        List<Object> values = new ArrayList<>();
        if (node.isMap()) {
            throw new YamlProblem(node.line(), "the value of '" + key + "' must be a value or a list of values");
        }
        if (node.isList()) {
            for (YamlDocument item : node.list()) {
                if (!item.isScalar()) {
                    throw new YamlProblem(item.line(), "the values of '" + key + "' must be plain values");
                }
                values.add(item.value());
            }
            if (values.isEmpty()) {
                throw new YamlProblem(node.line(), "'" + key + "' has an empty list of values");
            }
        } else {
            values.add(node.value());
        }
        if (expand) {
            values = expand(values);
        }
        FieldValues.check(field, modifiers, values, node.line());
        return new FieldMatch(field, modifiers, values);
    }

    /**
     * Placeholders ({@code %name%} with |expand) take the values configured for them; one without values
     * becomes an empty list, which matches nothing (a filter on it excludes nothing).
     */
    private List<Object> expand(List<Object> values) {
        List<Object> out = new ArrayList<>();
        for (Object v : values) {
            Matcher m = v instanceof String s ? PLACEHOLDER.matcher(s) : null;
            if (m != null && m.matches()) {
                out.addAll(placeholders.getOrDefault(m.group(1), List.of()));
            } else {
                out.add(v);
            }
        }
        return out;
    }
}
