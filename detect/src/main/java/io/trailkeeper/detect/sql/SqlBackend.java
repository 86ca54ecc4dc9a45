package io.trailkeeper.detect.sql;

import io.trailkeeper.detect.Correlation;
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

/**
 * Compiles Sigma detection rules into DuckDB SQL over a JSON column holding each original CloudTrail record
 * (the store's {@code cloudtrail} view has it as {@code record}). The semantics are the in-memory engine's:
 * dotted paths into nested JSON with arrays matched element-wise, value lists OR ({@code |all}: AND), null as
 * missing or JSON null, wildcards, case-insensitive unless {@code |cased}, and keywords searched in the record's
 * decoded values (not its keys). Every value from a rule reaches the SQL as an escaped literal. Constructs that cannot be compiled raise
 * {@link UnsupportedRuleException}; nothing is dropped silently.
 */
public final class SqlBackend {
    /** The columns every match query returns, before any rule column. */
    public static final List<String> EVENT_COLUMNS = List.of("record_hash", "event_time", "aws_region",
            "principal_arn", "source_ip", "event_source", "event_name", "resources");
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);

    private final String column;
    private final SqlDialect dialect;

    /** A backend over the column {@code record}. */
    public SqlBackend() {
        this("record");
    }

    /** A backend over a JSON (or JSON text) column of the given name. */
    public SqlBackend(String column) {
        this(column, SqlDialect.DUCKDB);
    }

    /**
     * A backend writing the given dialect over the column of the given name: JSON (or JSON text) for DuckDB, a
     * VARIANT for Spark. Spark runs detection rules ({@link #predicate}, {@link #query}, {@link #scan}), not
     * correlations.
     */
    public SqlBackend(String column, SqlDialect dialect) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.column = dialect.identifier(Objects.requireNonNull(column, "column"));
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
        return "SELECT " + String.join(", ", EVENT_COLUMNS) + " FROM " + dialect.identifier(view)
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
        Members members = new Members(dialect);
        for (SigmaRule rule : rules) {
            try {
                String p = predicate(rule, members);
                String pre = Prefilter.of(rule, dialect);
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
        String list = cases.isEmpty() ? dialect.emptyList("INTEGER")
                : dialect.filter(dialect.list(cases), "i", "i IS NOT NULL");
        String extracted = "SELECT *, " + members.extraction(column) + " AS " + members.column() + " FROM "
                + dialect.identifier(view) + " WHERE " + timeFilter(since, until) + anyRule + "true";
        String sql = "SELECT * FROM (SELECT " + String.join(", ", EVENT_COLUMNS) + ", " + list + " AS rules FROM ("
                + extracted + ")) WHERE " + dialect.length("rules") + " > 0"
                + " ORDER BY event_time NULLS LAST, record_hash";
        return new Scan(sql, compiled, rejected);
    }

    /**
     * A SELECT, for each time an {@code event_count} or {@code value_count} correlation over detection rules
     * fires, of the event that completed it ({@code record_hash}, {@code event_time}) and the group-by values
     * ({@code grp}, a VARCHAR[]; "" for a missing field), oldest first. The in-memory engine's semantics: a
     * sliding window of {@code timespan} by event time per group, a window that fires starts again empty, events
     * without a time are not correlated, an event matched by two of the rules counts twice. The restart after a
     * fire is a recursive CTE: from each fire (row number in the group), the next fire is the first later row
     * whose window (rows after the fire, not older than the timespan) meets the threshold. Events with equal
     * times are ordered by rule, then record_hash (the in-memory engine keeps the order they came in).
     * Temporal and temporal_ordered correlations walk each group's hits (see {@link TemporalSql}); a correlation
     * over a correlation takes the events that completed the inner one's matches, at their times.
     */
    public String correlation(SigmaRule rule, Map<String, SigmaRule> rulesByIdOrName, String view, Instant since,
                              Instant until) {
        return correlation(rule, rulesByIdOrName, view, since, until, 0);
    }

    private String correlation(SigmaRule rule, Map<String, SigmaRule> rulesByIdOrName, String view, Instant since,
                               Instant until, int depth) {
        Correlation c = rule.correlation();
        if (c == null) {
            throw new UnsupportedRuleException(rule, "a detection", "not a correlation rule");
        }
        if (dialect != SqlDialect.DUCKDB) {
            throw new UnsupportedRuleException(rule, "a correlation in " + dialect, "correlations run in DuckDB or"
                    + " the in-memory engine");
        }
        if (depth > 16) {
            throw new UnsupportedRuleException(rule, "correlation chain", "too deep or cyclic");
        }
        boolean counting = c.type() == Correlation.Type.EVENT_COUNT || c.type() == Correlation.Type.VALUE_COUNT;
        if (!counting && c.type() != Correlation.Type.TEMPORAL && c.type() != Correlation.Type.TEMPORAL_ORDERED) {
            throw new UnsupportedRuleException(rule, "correlation type " + c.type(), "unknown");
        }
        if (counting && c.condition() == null) {
            throw new UnsupportedRuleException(rule, "correlation condition", "missing");
        }
        FieldSql fields = new FieldSql(column, rule);
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < c.rules().size(); i++) {
            SigmaRule inner = rulesByIdOrName.get(c.rules().get(i));
            if (inner == null) {
                throw new UnsupportedRuleException(rule, "rule " + c.rules().get(i), "not found");
            }
            if (inner.detection() == null) {
                // a correlation's match: the event that completed it, at its time
                String fired = correlation(inner, rulesByIdOrName, view, since, until, depth + 1);
                inputs.add("SELECT v.record_hash, v.event_time, v." + column + ", " + i + " AS ord FROM "
                        + SqlText.identifier(view) + " v JOIN (SELECT record_hash FROM (" + fired
                        + ")) f ON f.record_hash = v.record_hash WHERE v.event_time IS NOT NULL");
                continue;
            }
            inputs.add("SELECT record_hash, event_time, " + column + ", " + i + " AS ord FROM "
                    + SqlText.identifier(view) + " WHERE " + timeFilter(since, until) + "event_time IS NOT NULL AND "
                    + prefiltered(inner, predicate(inner)));
        }
        List<String> groups = new ArrayList<>();
        for (String g : c.groupBy()) {
            groups.add("coalesce(" + fields.scalars(g) + "[1], '')");
        }
        String grp = groups.isEmpty() ? "[]::VARCHAR[]" : "[" + String.join(", ", groups) + "]";
        String vals = c.type() == Correlation.Type.VALUE_COUNT
                ? "list_distinct(list_filter(" + fields.scalars(Objects.requireNonNull(c.field(), "field"))
                        + ", lambda x: x IS NOT NULL))"
                : "[]::VARCHAR[]";
        long micros = c.timespan().toNanos() / 1000;
        String head = "WITH RECURSIVE ev AS (SELECT record_hash, event_time AS t, ord, " + grp + " AS grp, " + vals
                + " AS vals FROM (" + String.join(" UNION ALL ", inputs) + ")),"
                + " num AS (SELECT *, row_number() OVER (PARTITION BY grp ORDER BY t, ord, record_hash) AS rn FROM ev),";
        if (!counting) {
            return head + TemporalSql.walk(c, micros, operator(rule, c.condition().operator()));
        }
        String count = c.type() == Correlation.Type.VALUE_COUNT ? "count(DISTINCT k.v)" : "count(DISTINCT k.rn)";
        String op = operator(rule, c.condition().operator());
        return head
                + " numv AS (SELECT n.grp, n.rn, n.t, u.v FROM num n LEFT JOIN"
                + " (SELECT grp, rn, unnest(vals) AS v FROM num) u ON u.grp = n.grp AND u.rn = n.rn),"
                + " fires(grp, rn) AS (SELECT DISTINCT grp, 0::BIGINT FROM num UNION ALL"
                + " SELECT grp, min(rn) FROM (SELECT j.grp, j.rn FROM fires f JOIN num j ON j.grp = f.grp AND j.rn > f.rn"
                + " JOIN numv k ON k.grp = j.grp AND k.rn > f.rn AND k.rn <= j.rn"
                + " AND k.t >= j.t - to_microseconds(" + micros + ")"
                + " GROUP BY j.grp, j.rn, f.rn HAVING " + count + " " + op + " " + c.condition().value()
                + ") GROUP BY grp)"
                + " SELECT n.record_hash, n.t AS event_time, n.grp FROM fires f JOIN num n ON n.grp = f.grp AND n.rn = f.rn"
                + " ORDER BY n.t, n.record_hash";
    }

    /** The SQL comparison of a correlation condition's operator. */
    private static String operator(SigmaRule rule, String name) {
        return switch (name) {
            case "gt" -> ">";
            case "gte" -> ">=";
            case "lt" -> "<";
            case "lte" -> "<=";
            case "eq" -> "=";
            default -> throw new UnsupportedRuleException(rule, "operator " + name, "unknown");
        };
    }

    private String prefiltered(SigmaRule rule, String predicate) {
        String pre = Prefilter.of(rule, dialect);
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
        List<String> parts = new ArrayList<>();
        for (String name : d.searchesMatching(pattern)) {
            parts.add(search(rule, d, name, members));
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
        FieldSql fields = new FieldSql(column, rule, members, dialect);
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

    /**
     * Keywords: each is looked for in every string, number and boolean of the record, decoded (json_tree's
     * atoms), keys and nulls left out; any keyword found, or all with {@code '|all'}.
     */
    private String keywords(SigmaRule rule, Search s) {
        if (dialect != SqlDialect.DUCKDB) {
            throw new UnsupportedRuleException(rule, "keywords in " + s.name(), "keywords search every value of"
                    + " the record, which " + dialect + " SQL is not written to walk here");
        }
        List<String> parts = new ArrayList<>();
        for (Object k : s.keywords()) {
            if (k == null) {
                throw new UnsupportedRuleException(rule, "keyword null in " + s.name(), "a keyword must be a value");
            }
            String like = k instanceof String text ? SqlText.sigmaToLike(text) : SqlText.likeLiteral(k.toString());
            parts.add("coalesce(EXISTS (SELECT 1 FROM json_tree(" + column + ") kw WHERE kw.atom IS NOT NULL AND"
                    + " json_extract_string(kw.value, '$') ILIKE " + dialect.literal("%" + like + "%") + " ESCAPE "
                    + dialect.literal(String.valueOf(SqlText.LIKE_ESCAPE)) + "), false)");
        }
        return parts.isEmpty() ? "false" : "(" + String.join(s.allKeywords() ? " AND " : " OR ", parts) + ")";
    }
}
