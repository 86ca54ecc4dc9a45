package io.trailkeeper.detect;

import io.trailkeeper.detect.Detection.AllOf;
import io.trailkeeper.detect.Detection.And;
import io.trailkeeper.detect.Detection.Condition;
import io.trailkeeper.detect.Detection.Not;
import io.trailkeeper.detect.Detection.OneOf;
import io.trailkeeper.detect.Detection.Or;
import io.trailkeeper.detect.Detection.Ref;
import io.trailkeeper.detect.RuleReader.ReadRule;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The checks a rule must pass before it runs, one small class each (after pySigma's validators). A rule with a
 * problem is not run; the problem names the file, the line and the reason.
 */
final class RuleValidators {
    private RuleValidators() {
    }

    /** A check of one rule as read. */
    interface RuleValidator {
        void validate(ReadRule rule, List<RuleProblem> problems);
    }

    static final List<RuleValidator> ALL = List.of(new LogsourceValidator(), new LevelValidator(),
            new StatusValidator(), new ConditionReferenceValidator(), new CorrelationThresholdValidator());

    /** Checks whose findings are warnings: the rule still runs. */
    static final List<RuleValidator> WARNINGS = List.of(new UnknownFieldCheck());

    static RuleProblem problem(ReadRule r, int line, String reason) {
        return new RuleProblem(r.rule().source(), line, reason);
    }

    /**
     * A rule must say what logs it is for. (One for another log source than CloudTrail never gets here: the
     * reader skips it and counts it, see {@link RuleSet#otherLogsources()}.)
     */
    static final class LogsourceValidator implements RuleValidator {
        @Override
        public void validate(ReadRule r, List<RuleProblem> problems) {
            if (r.rule().correlation() != null) {
                return;
            }
            YamlDocument logsource = r.yaml().get("logsource");
            if (logsource == null || !logsource.isMap()) {
                problems.add(problem(r, r.yaml().line(), "the rule has no logsource (product: aws, service: cloudtrail)"));
            }
        }

        /**
         * Why the rule is for another log source than CloudTrail ({@code logsource} product aws, service
         * cloudtrail), or null when it is for CloudTrail, a correlation, or has no usable logsource (a problem
         * this validator tells). The reader skips such a rule before reading its detection.
         */
        static String otherLogsource(YamlDocument rule) {
            YamlDocument logsource = rule.get("logsource");
            if (rule.get("correlation") != null || logsource == null || !logsource.isMap()) {
                return null;
            }
            String product = logsource.text("product");
            String service = logsource.text("service");
            if ("aws".equalsIgnoreCase(product) && "cloudtrail".equalsIgnoreCase(service)) {
                return null;
            }
            String category = logsource.text("category");
            return "logsource " + (product == null ? "" : "product '" + product + "' ") + (service == null ? ""
                    : "service '" + service + "' ") + (category == null ? "" : "category '" + category + "' ")
                    + "is not CloudTrail (product aws, service cloudtrail)";
        }
    }

    static final class LevelValidator implements RuleValidator {
        private static final Set<String> LEVELS = Set.of("informational", "low", "medium", "high", "critical");

        @Override
        public void validate(ReadRule r, List<RuleProblem> problems) {
            String level = r.rule().level();
            if (level != null && !LEVELS.contains(level.toLowerCase(Locale.ROOT))) {
                problems.add(problem(r, r.yaml().get("level").line(), "level '" + level
                        + "' is not one of informational, low, medium, high, critical"));
            }
        }
    }

    /**
     * A known status; and {@code unsupported} (Sigma: the rule cannot be used in its current state, for its old
     * correlation format or custom fields) is not run, unless it is for the old aggregation syntax, which
     * {@link LegacyAggregation} turns into a correlation. Deprecated rules still run.
     */
    static final class StatusValidator implements RuleValidator {
        private static final Set<String> STATUSES = Set.of("stable", "test", "experimental", "deprecated",
                "unsupported");

        @Override
        public void validate(ReadRule r, List<RuleProblem> problems) {
            String status = r.rule().status();
            if (status != null && !STATUSES.contains(status)) {
                problems.add(problem(r, r.yaml().get("status").line(), "status '" + status
                        + "' is not one of stable, test, experimental, deprecated, unsupported"));
            } else if ("unsupported".equals(status) && !legacyAggregation(r.yaml())) {
                problems.add(problem(r, r.yaml().get("status").line(), "status 'unsupported': its authors say the"
                        + " rule cannot be used in its current state (Sigma), so it is not run"));
            }
        }

        private static boolean legacyAggregation(YamlDocument rule) {
            YamlDocument detection = rule.get("detection");
            return detection != null && detection.isMap() && (detection.get("timeframe") != null
                    || detection.texts("condition").stream().anyMatch(c -> c.contains("|")));
        }
    }

    /** Every identifier the condition names is defined; every pattern matches at least one identifier. */
    static final class ConditionReferenceValidator implements RuleValidator {
        @Override
        public void validate(ReadRule r, List<RuleProblem> problems) {
            Detection d = r.rule().detection();
            if (d != null) {
                check(d.condition(), d.searches().keySet(), r, problems);
            }
        }

        private void check(Condition c, Set<String> names, ReadRule r, List<RuleProblem> problems) {
            if (c instanceof And and) {
                and.operands().forEach(o -> check(o, names, r, problems));
            } else if (c instanceof Or or) {
                or.operands().forEach(o -> check(o, names, r, problems));
            } else if (c instanceof Not not) {
                check(not.operand(), names, r, problems);
            } else if (c instanceof Ref ref) {
                if (!names.contains(ref.name())) {
                    problems.add(problem(r, r.conditionLine(), "the condition names '" + ref.name()
                            + "', which the detection does not define"));
                }
            } else if (c instanceof OneOf one) {
                pattern(one.pattern(), names, r, problems);
            } else if (c instanceof AllOf all) {
                pattern(all.pattern(), names, r, problems);
            }
        }

        private void pattern(String pattern, Set<String> names, ReadRule r, List<RuleProblem> problems) {
            if (names.stream().noneMatch(n -> Names.matches(pattern, n))) {
                problems.add(problem(r, r.conditionLine(), "the condition's pattern '" + pattern
                        + "' matches no search identifier"));
            }
        }
    }

    /** The in-memory engine fires a correlation when a count grows past a bound: gt and gte only. */
    static final class CorrelationThresholdValidator implements RuleValidator {
        @Override
        public void validate(ReadRule r, List<RuleProblem> problems) {
            Correlation c = r.rule().correlation();
            if (c != null && c.condition() != null && !c.condition().operator().startsWith("gt")) {
                problems.add(problem(r, r.conditionLine(), "a count compared with '" + c.condition().operator()
                        + "' is not supported (only gt and gte: counts that grow past a bound)"));
            }
        }
    }

    /**
     * Warnings, not rejections: the rule runs. A field no CloudTrail record has (a wrong case, another log
     * source's field, a misspelling) is seen missing in every record, so a selection on it silently never
     * matches and a filter on it silently excludes nothing; the rule may still be meant for records wrapped in
     * another shape, so it is not refused. Checked against {@link CloudTrailFields}, as the engine matches:
     * exactly, case-sensitively. The correlation's group-by and value_count field are checked too.
     */
    static final class UnknownFieldCheck implements RuleValidator {
        @Override
        public void validate(ReadRule r, List<RuleProblem> warnings) {
            YamlDocument detection = r.yaml().get("detection");
            if (r.rule().correlation() == null && detection != null && detection.isMap()) {
                for (Map.Entry<String, YamlDocument> e : detection.map().entrySet()) {
                    if (e.getKey().equals("condition") || e.getKey().equals("timeframe")) {
                        continue;
                    }
                    YamlDocument search = e.getValue();
                    List<YamlDocument> groups = search.isMap() ? List.of(search)
                            : search.isList() ? search.list() : List.of();
                    for (YamlDocument group : groups) {
                        if (!group.isMap()) {
                            continue;
                        }
                        for (Map.Entry<String, YamlDocument> f : group.map().entrySet()) {
                            String field = f.getKey().split("\\|", -1)[0];
                            if (!field.isEmpty()) {
                                check(r, field, f.getValue().line(), "search '" + e.getKey() + "'", warnings);
                            }
                        }
                    }
                }
            }
            Correlation c = r.rule().correlation();
            YamlDocument node = r.yaml().get("correlation");
            if (c != null && node != null && node.isMap()) {
                for (String g : c.groupBy()) {
                    YamlDocument at = node.get("group-by");
                    check(r, g, at == null ? node.line() : at.line(), "group-by", warnings);
                }
                if (c.field() != null) {
                    YamlDocument at = node.get("field");
                    check(r, c.field(), at == null ? node.line() : at.line(), "the counted field", warnings);
                }
            }
        }

        private static void check(ReadRule r, String field, int line, String where, List<RuleProblem> warnings) {
            if (CloudTrailFields.known(field)) {
                return;
            }
            String hint = CloudTrailFields.suggestion(field);
            warnings.add(problem(r, line, "rule '" + r.rule().title() + "' names field '" + field + "' (" + where
                    + "), which CloudTrail records do not have" + (hint == null ? "." : ": did you mean " + hint + "?")
                    + " The rule runs, but sees the field missing in every record: a selection on it never"
                    + " matches, a filter on it excludes nothing"));
        }
    }

    /** Across a rule set: ids and names are unique, and correlations name rules that exist. */
    static Set<ReadRule> validateSet(List<ReadRule> rules, List<RuleProblem> problems) {
        Set<ReadRule> rejected = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        Map<String, ReadRule> seen = new HashMap<>();
        Set<String> known = new HashSet<>();
        for (ReadRule r : rules) {
            for (String key : new String[] {r.rule().id(), r.rule().name()}) {
                if (key == null) {
                    continue;
                }
                known.add(key);
                ReadRule first = seen.putIfAbsent(key, r);
                if (first != null && first != r) {
                    rejected.add(r);
                    YamlDocument at = r.yaml().get(key.equals(r.rule().id()) ? "id" : "name");
                    problems.add(problem(r, at == null ? r.yaml().line() : at.line(), "duplicate rule id or name '" + key + "', first in "
                            + first.rule().source()));
                }
            }
        }
        for (ReadRule r : rules) {
            Correlation c = r.rule().correlation();
            if (c != null) {
                for (String name : c.rules()) {
                    if (!known.contains(name)) {
                        rejected.add(r);
                        YamlDocument listed = r.yaml().get("correlation") == null ? null
                                : r.yaml().get("correlation").get("rules");
                        problems.add(problem(r, listed == null ? r.conditionLine() : listed.line(),
                                "the correlation names rule '" + name
                                + "', which is not loaded"));
                    }
                }
            }
        }
        return rejected;
    }
}
