package io.trailkeeper.detect;

import io.trailkeeper.detect.Correlation.Threshold;
import io.trailkeeper.detect.YamlDocument.YamlProblem;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a Sigma correlation ({@code correlation:} of specification v2) into the model. */
final class CorrelationReader {
    private static final Pattern TIMESPAN = Pattern.compile("(\\d+)\\s*([smhdw])");
    private static final Map<String, String> OPERATORS = Map.of("gt", "gt", "gte", "gte", "lt", "lt", "lte", "lte",
            "eq", "eq");

    private CorrelationReader() {
    }

    static Correlation read(YamlDocument node) {
        if (!node.isMap()) {
            throw new YamlProblem(node.line(), "'correlation' must be a mapping");
        }
        String typeText = node.text("type");
        if (typeText == null) {
            throw new YamlProblem(node.line(), "the correlation has no type (event_count, value_count, temporal,"
                    + " temporal_ordered)");
        }
        Correlation.Type type;
        try {
            type = Correlation.Type.valueOf(typeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new YamlProblem(node.get("type").line(), "correlation type '" + typeText + "' is not supported"
                    + " (TrailKeeper runs event_count, value_count, temporal and temporal_ordered; Sigma 2.1's"
                    + " value_sum, value_avg, value_percentile and value_median not)");
        }
        if (node.get("aliases") != null) {
            throw new YamlProblem(node.get("aliases").line(), "correlation aliases are not supported");
        }
        List<String> rules = node.texts("rules");
        if (rules.isEmpty()) {
            throw new YamlProblem(node.line(), "the correlation names no rules");
        }
        String timespanText = node.text("timespan");
        if (timespanText == null) {
            throw new YamlProblem(node.line(), "the correlation has no timespan");
        }
        Duration timespan = timespan(timespanText, node.get("timespan").line());
        String generate = node.text("generate");
        String field = node.text("field");
        Threshold threshold = null;
        YamlDocument condition = node.get("condition");
        boolean temporal = type == Correlation.Type.TEMPORAL || type == Correlation.Type.TEMPORAL_ORDERED;
        if (!temporal || condition != null) {
            if (condition == null || !condition.isMap()) {
                throw new YamlProblem(condition == null ? node.line() : condition.line(), temporal
                        ? "a " + typeText + " correlation's condition is the number of its rules that must match,"
                                + " such as {gte: 2}; found '" + condition.value() + "'"
                        : "a " + typeText + " correlation needs a condition such as {gte: 5}");
            }
            if (condition.get("field") != null) {
                if (temporal) {
                    throw new YamlProblem(condition.get("field").line(), "a " + typeText
                            + " correlation counts the rules that matched, not the values of a field");
                }
                field = condition.text("field");
            }
            threshold = threshold(condition);
            if (temporal && java.util.stream.LongStream.rangeClosed(1, rules.size()).noneMatch(threshold::test)) {
                throw new YamlProblem(condition.line(), "the condition " + threshold.operator() + " "
                        + threshold.value() + " can never be met by " + rules.size() + " rules");
            }
            if (type == Correlation.Type.VALUE_COUNT && field == null) {
                throw new YamlProblem(condition.line(), "a value_count correlation needs the field whose values"
                        + " are counted");
            }
        }
        return new Correlation(type, rules, node.texts("group-by"), timespan, field, threshold,
                "true".equalsIgnoreCase(generate));
    }

    private static Threshold threshold(YamlDocument condition) {
        Threshold threshold = null;
        for (Map.Entry<String, YamlDocument> e : condition.map().entrySet()) {
            if (e.getKey().equals("field")) {
                continue;
            }
            String op = OPERATORS.get(e.getKey());
            if (op == null || !(e.getValue().value() instanceof Long n)) {
                throw new YamlProblem(e.getValue().line(), "the condition must be one of gt, gte, lt, lte, eq"
                        + " with a whole number, found '" + e.getKey() + "'");
            }
            if (threshold != null) {
                throw new YamlProblem(e.getValue().line(), "a condition with several comparisons is not supported");
            }
            threshold = new Threshold(op, n);
        }
        if (threshold == null) {
            throw new YamlProblem(condition.line(), "the condition has no comparison (gt, gte, lt, lte, eq)");
        }
        return threshold;
    }

    static Duration timespan(String text, int line) {
        Matcher m = TIMESPAN.matcher(text.trim());
        if (!m.matches()) {
            throw new YamlProblem(line, "timespan '" + text + "' is not a number followed by s, m, h, d or w");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }
}
