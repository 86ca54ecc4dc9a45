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
    /** The placeholders without values met in the rule being read, and the line of the first. */
    private final java.util.Set<String> missing = new java.util.LinkedHashSet<>();
    private int missingLine;

    RuleReader(Map<String, List<String>> placeholders) {
        this.placeholders = placeholders;
    }

    /**
     * Reads the rules of one file into {@code rules}; what prevents building one goes to {@code problems}, and a
     * rule for another log source than CloudTrail to {@code otherLogsources} (skipped, not read further: it may
     * use modifiers or fields that only make sense for its own logs).
     */
    void read(String yaml, String source, List<ReadRule> rules, List<RuleProblem> problems,
              List<RuleProblem> otherLogsources) {
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
                String other = RuleValidators.LogsourceValidator.otherLogsource(full);
                if (other != null) {
                    otherLogsources.add(new RuleProblem(source, full.get("logsource").line(), other));
                    continue;
                }
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
        if (detection == null && doc.get("filter") != null) {
            throw new YamlProblem(doc.get("filter").line(), "Sigma filters ('filter:') are not supported: this one is"
                    + " not applied, so the rules it names run unfiltered; write its condition into them as a 'not'"
                    + " search identifier");
        }
        if (detection == null || !detection.isMap()) {
            throw new YamlProblem(detection == null ? doc.line() : detection.line(),
                    "the rule has no detection (a mapping of search identifiers and a condition)");
        }
        Map<String, Search> searches = new LinkedHashMap<>();
        missing.clear();
        for (Map.Entry<String, YamlDocument> e : detection.map().entrySet()) {
            if (!e.getKey().equals("condition") && !e.getKey().equals("timeframe")) {
                searches.put(e.getKey(), search(e.getKey(), e.getValue()));
            }
        }
        if (!missing.isEmpty()) {
            // Sigma: a tool that cannot fill a placeholder must reject the rule (as nothing, a filter on it
            // would exclude nothing and a selection match nothing)
            throw new YamlProblem(missingLine, (missing.size() == 1 ? "the placeholder %" + missing.iterator().next()
                    + "% has no values" : "the placeholders " + String.join(", ", missing.stream().map(n -> "%" + n
                    + "%").toList()) + " have no values") + ", so the rule '" + title + "' cannot run: give them with "
                    + String.join(" ", missing.stream().map(n -> "--placeholder " + n + "=VALUE[,VALUE...]").toList()));
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
        if (node.isMap() && node.map().size() == 1 && node.map().containsKey("|all")) {
            YamlDocument values = node.get("|all");
            List<YamlDocument> items = values.isList() ? values.list() : List.of(values);
            if (items.isEmpty() || !items.stream().allMatch(v -> v.isScalar() && v.value() != null)) {
                throw new YamlProblem(values.line(), "'|all' in '" + name + "' takes a list of keywords");
            }
            return new Search(name, List.of(), items.stream().map(YamlDocument::value).toList(), true, node.line());
        }
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
            throw new YamlProblem(node.line(), "'" + key + "': a keyword list takes only '|all', alone in its search"
                    + " identifier; name a field for other modifiers");
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
                while (i + 1 < parts.length && Modifier.of(parts[i + 1]) != null
                        && Modifier.of(parts[i + 1]).isRegexFlag()) {
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
            values = expand(values, node.line());
        }
        FieldValueChecks.check(field, modifiers, values, node.line());
        return new FieldMatch(field, modifiers, values);
    }

    /**
     * Placeholders ({@code %name%} with |expand, anywhere in a value; {@code \%} is a plain percent) take the
     * values given for them, each value once (several placeholders in one value: every combination). A
     * placeholder given no values is noted in {@link #missing}: the rule cannot run. One given as an empty list
     * (%trail_buckets% when the store knows no trail bucket) leaves no value: it matches nothing.
     */
    private List<Object> expand(List<Object> values, int line) {
        List<Object> out = new ArrayList<>();
        for (Object v : values) {
            if (!(v instanceof String s)) {
                out.add(v);
                continue;
            }
            List<String> done = List.of("");
            StringBuilder plain = new StringBuilder();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                Matcher m = c == '%' ? PLACEHOLDER.matcher(s).region(i, s.length()) : null;
                if (c == '\\' && i + 1 < s.length()) {
                    char next = s.charAt(++i);
                    if (next != '%') {
                        plain.append(c); // \*, \? and \\ stay escapes of the value
                    }
                    plain.append(next);
                } else if (m != null && m.lookingAt()) {
                    List<String> given = placeholders.get(m.group(1));
                    if (given == null) {
                        if (missing.isEmpty()) {
                            missingLine = line;
                        }
                        missing.add(m.group(1));
                        given = List.of("");
                    }
                    String before = plain.toString();
                    plain.setLength(0);
                    List<String> next = new ArrayList<>();
                    for (String head : done) {
                        for (String g : given) {
                            next.add(head + before + g);
                        }
                    }
                    done = next;
                    i = m.end() - 1;
                } else {
                    plain.append(c);
                }
            }
            for (String head : done) {
                out.add(head + plain);
            }
        }
        return out;
    }
}
