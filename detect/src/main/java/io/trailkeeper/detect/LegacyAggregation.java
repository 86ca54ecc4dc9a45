package io.trailkeeper.detect;

import io.trailkeeper.detect.Correlation.Threshold;
import io.trailkeeper.detect.Detection.And;
import io.trailkeeper.detect.Detection.Condition;
import io.trailkeeper.detect.Detection.Ref;
import io.trailkeeper.detect.Detection.Search;
import io.trailkeeper.detect.RuleReader.ReadRule;
import io.trailkeeper.detect.YamlDocument.YamlProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sigma's first aggregation syntax ({@code selection | count(field) by x > N} with a {@code timeframe}) turned
 * into what specification v2 says instead: a detection rule for the events, and an {@code event_count} or
 * {@code value_count} correlation over it. A timeframe over an AND of search identifiers (events that cannot be
 * one record) becomes a {@code temporal} correlation. Anything else ({@code near}, min/max/sum/avg, a missing
 * timeframe) is rejected with the reason.
 *
 * <p>The events rule is named {@code <id>/events} (or {@code <id>/<identifier>} for temporal); the correlation
 * keeps the rule's id and does not generate the events rule's own matches.
 */
final class LegacyAggregation {
    private static final Pattern COUNT = Pattern.compile(
            "count\\(\\s*([\\w.]*)\\s*\\)\\s*(?:by\\s+([\\w.]+(?:\\s*,\\s*[\\w.]+)*)\\s*)?(>=|<=|>|<|==|=)\\s*(\\d+)");

    private LegacyAggregation() {
    }

    static void convert(YamlDocument doc, String source, Map<String, Search> searches, List<String> conditions,
                        String timeframe, int line, List<ReadRule> out, RuleReader reader) {
        if (conditions.size() != 1) {
            throw new YamlProblem(line, "an aggregation or timeframe with a list of conditions is not supported");
        }
        String text = conditions.get(0);
        String id = doc.text("id") != null ? doc.text("id") : doc.text("title");
        if (text.contains("|") && text.substring(text.indexOf('|') + 1).trim().startsWith("near")) {
            throw new YamlProblem(line, "'near' is not supported: write a temporal correlation rule");
        }
        if (timeframe == null) {
            throw new YamlProblem(line, "the aggregation '" + text + "' has no timeframe: write a correlation rule");
        }
        Duration span = CorrelationReader.timespan(timeframe, doc.get("detection").get("timeframe").line());
        int bar = text.indexOf('|');
        if (bar < 0) {
            Condition condition = RuleReader.parseConditions(conditions, line);
            if (!(condition instanceof And and) || !and.operands().stream().allMatch(Ref.class::isInstance)) {
                throw new YamlProblem(line, "a timeframe without an aggregation is only understood over an AND of"
                        + " search identifiers (a temporal correlation); '" + text + "' is not");
            }
            List<String> names = new ArrayList<>();
            for (Condition operand : and.operands()) {
                String name = id + "/" + ((Ref) operand).name();
                names.add(name);
                out.add(events(doc, source, reader, name, searches, operand, line));
            }
            Correlation c = new Correlation(Correlation.Type.TEMPORAL, names, List.of(), span, null, null, false);
            out.add(new ReadRule(reader.rule(doc, source, null, c), doc, line));
            return;
        }
        String aggregation = text.substring(bar + 1).trim();
        Matcher m = COUNT.matcher(aggregation);
        if (!m.matches()) {
            throw new YamlProblem(line, "the aggregation '" + aggregation + "' is not supported (only count() and"
                    + " count(field), optionally by fields, compared with a number)");
        }
        String op = switch (m.group(3)) {
            case ">" -> "gt";
            case ">=" -> "gte";
            case "<" -> "lt";
            case "<=" -> "lte";
            default -> "eq";
        };
        Condition base = RuleReader.parseConditions(List.of(text.substring(0, bar)), line);
        String name = id + "/events";
        out.add(events(doc, source, reader, name, searches, base, line));
        List<String> groupBy = m.group(2) == null ? List.of() : List.of(m.group(2).split("\\s*,\\s*"));
        boolean distinct = !m.group(1).isEmpty();
        Correlation c = new Correlation(distinct ? Correlation.Type.VALUE_COUNT : Correlation.Type.EVENT_COUNT,
                List.of(name), groupBy, span, distinct ? m.group(1) : null,
                new Threshold(op, Long.parseLong(m.group(4))), false);
        out.add(new ReadRule(reader.rule(doc, source, null, c), doc, line));
    }

    private static ReadRule events(YamlDocument doc, String source, RuleReader reader, String name,
                                   Map<String, Search> searches, Condition condition, int line) {
        SigmaRule r = reader.rule(doc, source, new Detection(searches, condition, null), null);
        SigmaRule named = new SigmaRule(null, name, r.title() + " (events)", r.status(), r.level(), r.author(),
                r.description(), r.references(), r.tags(), r.falsePositives(), source, r.detection(), null);
        return new ReadRule(named, doc, line);
    }
}
