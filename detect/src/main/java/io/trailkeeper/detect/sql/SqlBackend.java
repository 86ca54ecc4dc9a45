package io.trailkeeper.detect.sql;

import io.trailkeeper.detect.Detection;
import io.trailkeeper.detect.Detection.Condition;
import io.trailkeeper.detect.Detection.FieldGroup;
import io.trailkeeper.detect.Detection.FieldMatch;
import io.trailkeeper.detect.Detection.Search;
import io.trailkeeper.detect.SigmaRule;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Compiles Sigma detection rules into DuckDB SQL over a JSON column holding each original CloudTrail record
 * (the store's {@code cloudtrail} view has it as {@code record}). The semantics are the in-memory engine's:
 * dotted paths into nested JSON with arrays matched element-wise, value lists OR ({@code |all}: AND), null as
 * missing or JSON null, wildcards, case-insensitive unless {@code |cased}, and keywords searched in the record's
 * text. Every value from a rule reaches the SQL as an escaped literal. Constructs that cannot be compiled raise
 * {@link UnsupportedRuleException}; nothing is dropped silently.
 */
public final class SqlBackend {
    /** The columns every match query returns, before any rule column. */
    public static final List<String> EVENT_COLUMNS = List.of("record_hash", "event_time", "aws_region",
            "principal_arn", "source_ip", "event_source", "event_name", "resources");
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);

    private final String column;

    /** A backend over the column {@code record}. */
    public SqlBackend() {
        this("record");
    }

    /** A backend over a JSON (or JSON text) column of the given name. */
    public SqlBackend(String column) {
        this.column = SqlText.identifier(Objects.requireNonNull(column, "column"));
    }

    /** The rule's detection as a SQL boolean expression that is never NULL. */
    public String predicate(SigmaRule rule) {
        return predicate(rule, null);
    }

    private String predicate(SigmaRule rule, Members members) {
        if (rule.detection() == null) {
            throw new UnsupportedRuleException(rule, "a correlation", "correlation rules run in the in-memory engine");
        }
        return condition(rule, rule.detection(), rule.detection().condition(), members);
    }

    /**
     * A SELECT of the events the rule matches ({@link #EVENT_COLUMNS}), oldest first, from a view or table
     * that has those columns and the JSON column; {@code since} (inclusive) and {@code until} (exclusive) may be
     * null.
     */
    public String query(SigmaRule rule, String view, Instant since, Instant until) {
        return "SELECT " + String.join(", ", EVENT_COLUMNS) + " FROM " + SqlText.identifier(view)
                + " WHERE " + timeFilter(since, until) + prefiltered(rule, predicate(rule))
                + " ORDER BY event_time NULLS LAST, record_hash";
    }

    /**
     * One scan for many rules: a SELECT of {@link #EVENT_COLUMNS} and {@code rules}, the indexes (from 0) into
     * {@link Scan#rules()} of the rules each event matches, for the events that match at least one. Rules that
     * cannot be compiled are left out and listed in {@link Scan#rejected()}.
     */
    public Scan scan(List<SigmaRule> rules, String view, Instant since, Instant until) {
        List<SigmaRule> compiled = new ArrayList<>();
        List<String> cases = new ArrayList<>();
        List<String> prefilters = new ArrayList<>();
        List<UnsupportedRuleException> rejected = new ArrayList<>();
        Members members = new Members();
        for (SigmaRule rule : rules) {
            try {
                String p = predicate(rule, members);
                String pre = Prefilter.of(rule);
                prefilters.add(pre);
                cases.add("CASE WHEN " + (pre == null ? "" : pre + " AND ") + p + " THEN " + compiled.size() + " END");
                compiled.add(rule);
            } catch (UnsupportedRuleException e) {
                rejected.add(e);
            }
        }
        // when every rule needs one of a few values in a typed column, rows that meet no rule's need are skipped
        // before their record is read
        String anyRule = prefilters.isEmpty() || prefilters.contains(null) ? ""
                : "(" + String.join(" OR ", prefilters) + ") AND ";
        String list = cases.isEmpty() ? "[]::INTEGER[]"
                : "list_filter([" + String.join(", ", cases) + "], lambda i: i IS NOT NULL)";
        String extracted = "SELECT *, " + members.extraction(column) + " AS " + Members.COLUMN + " FROM "
                + SqlText.identifier(view) + " WHERE " + timeFilter(since, until) + anyRule + "true";
        String sql = "SELECT * FROM (SELECT " + String.join(", ", EVENT_COLUMNS) + ", " + list + " AS rules FROM ("
                + extracted + ")) WHERE len(rules) > 0"
                + " ORDER BY event_time NULLS LAST, record_hash";
        return new Scan(sql, compiled, rejected);
    }

    private static String prefiltered(SigmaRule rule, String predicate) {
        String pre = Prefilter.of(rule);
        return pre == null ? predicate : "(" + pre + " AND " + predicate + ")";
    }

    /** A compiled multi-rule scan. */
    public record Scan(String sql, List<SigmaRule> rules, List<UnsupportedRuleException> rejected) {
        public Scan {
            rules = List.copyOf(rules);
            rejected = List.copyOf(rejected);
        }
    }

    private static String timeFilter(Instant since, Instant until) {
        StringBuilder b = new StringBuilder();
        if (since != null) {
            b.append("event_time >= TIMESTAMP '").append(UTC.format(since)).append("' AND ");
        }
        if (until != null) {
            b.append("event_time < TIMESTAMP '").append(UTC.format(until)).append("' AND ");
        }
        return b.toString();
    }

    private String condition(SigmaRule rule, Detection d, Condition c, Members members) {
        if (c instanceof Detection.And and) {
            return join(rule, d, and.operands(), " AND ", members);
        } else if (c instanceof Detection.Or or) {
            return join(rule, d, or.operands(), " OR ", members);
        } else if (c instanceof Detection.Not not) {
            return "(NOT " + condition(rule, d, not.operand(), members) + ")";
        } else if (c instanceof Detection.Ref ref) {
            return search(rule, d, ref.name(), members);
        } else if (c instanceof Detection.OneOf one) {
            return quantified(rule, d, one.pattern(), " OR ", "1 of ", members);
        } else if (c instanceof Detection.AllOf all) {
            return quantified(rule, d, all.pattern(), " AND ", "all of ", members);
        }
        throw new UnsupportedRuleException(rule, "condition " + c, "unknown condition form");
    }

    private String join(SigmaRule rule, Detection d, List<Condition> operands, String op, Members members) {
        List<String> parts = new ArrayList<>();
        for (Condition o : operands) {
            parts.add(condition(rule, d, o, members));
        }
        return parts.isEmpty() ? (op.contains("AND") ? "true" : "false") : "(" + String.join(op, parts) + ")";
    }

    private String quantified(SigmaRule rule, Detection d, String pattern, String op, String words,
                              Members members) {
        String glob = "them".equals(pattern) ? "*" : pattern;
        Pattern regex = Pattern.compile(("\\Q" + glob + "\\E").replace("*", "\\E.*\\Q"));
        List<String> parts = new ArrayList<>();
        for (String name : d.searches().keySet().stream().sorted().toList()) {
            if (regex.matcher(name).matches()) {
                parts.add(search(rule, d, name, members));
            }
        }
        if (parts.isEmpty()) {
            throw new UnsupportedRuleException(rule, "condition '" + words + pattern + "'", "no search matches it");
        }
        return "(" + String.join(op, parts) + ")";
    }

    private String search(SigmaRule rule, Detection d, String name, Members members) {
        Map<String, Search> searches = d.searches();
        Search s = searches.get(name);
        if (s == null) {
            throw new UnsupportedRuleException(rule, "condition '" + name + "'", "no such search identifier");
        }
        if (s.isKeywords()) {
            return keywords(rule, s);
        }
        FieldSql fields = new FieldSql(column, rule, members);
        List<String> groups = new ArrayList<>();
        for (FieldGroup g : s.alternatives()) {
            List<String> all = new ArrayList<>();
            for (FieldMatch m : g.matches()) {
                all.add(fields.compile(m));
            }
            groups.add(all.isEmpty() ? "true" : "(" + String.join(" AND ", all) + ")");
        }
        return "(" + String.join(" OR ", groups) + ")";
    }

    private String keywords(SigmaRule rule, Search s) {
        List<String> parts = new ArrayList<>();
        for (Object k : s.keywords()) {
            if (k == null) {
                throw new UnsupportedRuleException(rule, "keyword null in " + s.name(), "a keyword must be a value");
            }
            String like = k instanceof String text ? SqlText.sigmaToLike(text) : SqlText.likeLiteral(k.toString());
            parts.add("coalesce(CAST(" + column + " AS VARCHAR) ILIKE " + SqlText.literal("%" + like + "%")
                    + " ESCAPE '\\', false)");
        }
        return parts.isEmpty() ? "false" : "(" + String.join(" OR ", parts) + ")";
    }
}
