package io.trailkeeper.detect.sql;

import io.trailkeeper.detect.Detection;
import io.trailkeeper.detect.Detection.Condition;
import io.trailkeeper.detect.Detection.FieldGroup;
import io.trailkeeper.detect.Detection.FieldMatch;
import io.trailkeeper.detect.Detection.Search;
import io.trailkeeper.detect.SigmaRule;
import io.trailkeeper.detect.SigmaText;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A cheap necessary condition for a rule on the store's typed columns: when every way the rule's condition can
 * hold needs a field with a typed column (eventName, eventSource) to equal one of a few values, a test of that
 * column, AND-ed before the JSON predicate, lets DuckDB skip the JSON work for most rows. Nothing is said of a
 * field under NOT, or in an OR with a branch that does not need it. The typed column is NULL when the record's
 * value is not a string or number (an array, an object), and such rows are always let through.
 */
final class Prefilter {
    private static final Map<String, String> TYPED = Map.of("eventName", "event_name", "eventSource", "event_source");

    private Prefilter() {
    }

    /** The SQL necessary condition, or null when there is none. */
    static String of(SigmaRule rule) {
        return of(rule, SqlDialect.DUCKDB);
    }

    /** As {@link #of(SigmaRule)}, in the given dialect. */
    static String of(SigmaRule rule, SqlDialect dialect) {
        Detection d = rule.detection();
        return d == null ? null : condition(d, d.condition(), dialect);
    }

    private static String condition(Detection d, Condition c, SqlDialect sql) {
        if (c instanceof Detection.And and) {
            return all(d, and.operands(), sql);
        } else if (c instanceof Detection.Or or) {
            return any(d, or.operands(), sql);
        } else if (c instanceof Detection.Ref ref) {
            return search(d.searches().get(ref.name()), sql);
        } else if (c instanceof Detection.OneOf one) {
            return any(d, refs(d, one.pattern()), sql);
        } else if (c instanceof Detection.AllOf all) {
            return all(d, refs(d, all.pattern()), sql);
        }
        return null; // NOT, or anything unknown: no need can be told
    }

    private static List<Condition> refs(Detection d, String pattern) {
        return d.searchesMatching(pattern).stream().map(name -> (Condition) new Detection.Ref(name)).toList();
    }

    private static String all(Detection d, List<Condition> operands, SqlDialect sql) {
        List<String> parts = new ArrayList<>();
        for (Condition o : operands) {
            String p = condition(d, o, sql);
            if (p != null) {
                parts.add(p);
            }
        }
        return parts.isEmpty() ? null : joined(parts, " AND ");
    }

    private static String any(Detection d, List<Condition> operands, SqlDialect sql) {
        if (operands.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (Condition o : operands) {
            String p = condition(d, o, sql);
            if (p == null) {
                return null;
            }
            parts.add(p);
        }
        return joined(parts, " OR ");
    }

    private static String joined(List<String> parts, String op) {
        return parts.size() == 1 ? parts.get(0) : "(" + String.join(op, parts) + ")";
    }

    private static String search(Search s, SqlDialect sql) {
        if (s == null || s.isKeywords() || s.alternatives().isEmpty()) {
            return null;
        }
        List<String> groups = new ArrayList<>();
        for (FieldGroup g : s.alternatives()) {
            List<String> needs = new ArrayList<>();
            for (FieldMatch m : g.matches()) {
                String need = match(m, sql);
                if (need != null) {
                    needs.add(need);
                }
            }
            if (needs.isEmpty()) {
                return null;
            }
            groups.add(joined(needs, " AND "));
        }
        return joined(groups, " OR ");
    }

    /** For a plain match of exact texts on a typed field (no modifier, no wildcard, no null). */
    private static String match(FieldMatch m, SqlDialect sql) {
        String column = TYPED.get(m.field());
        if (column == null || !m.modifiers().isEmpty() || m.values().isEmpty()) {
            return null;
        }
        Set<String> literals = new LinkedHashSet<>();
        for (Object v : m.values()) {
            String plain = v instanceof String text ? SigmaText.plain(text) : null;
            if (plain == null) {
                return null;
            }
            literals.add("lower(" + sql.literal(plain) + ")");
        }
        return "(" + column + " IS NULL OR lower(" + column + ") IN (" + String.join(", ", literals) + "))";
    }
}
