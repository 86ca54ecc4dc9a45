package io.trailkeeper.detect.sql;

import io.trailkeeper.detect.Base64Renderings;
import io.trailkeeper.detect.Detection.FieldMatch;
import io.trailkeeper.detect.Detection.Modifier;
import io.trailkeeper.detect.SigmaRule;
import io.trailkeeper.detect.SigmaText;
import io.trailkeeper.detect.WindashVariants;
import java.util.ArrayList;
import java.util.List;

/**
 * One field condition as a DuckDB boolean expression over a JSON column. The field's values are all the
 * leaves reachable by its dotted path, arrays flattened at every step (element-wise matching); a condition on
 * values holds when any leaf matches (every value must find one with |all). Never yields SQL NULL.
 */
final class FieldSql {
    /** The numbers Java's BigDecimal reads, as the engine's |lt, |gt... do: sign, digits, point, exponent. */
    private static final String NUMBER = "[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?";

    private final String column;
    private final SigmaRule rule;
    private final Members members;
    private final SqlDialect d;

    FieldSql(String column, SigmaRule rule) {
        this(column, rule, null, SqlDialect.DUCKDB);
    }

    /** With {@code members} set, paths start from the members extracted once per row, not from the record. */
    FieldSql(String column, SigmaRule rule, Members members, SqlDialect dialect) {
        this.column = column;
        this.rule = rule;
        this.members = members;
        this.d = dialect;
    }

    String compile(FieldMatch m) {
        for (Modifier mod : m.modifiers()) {
            if (mod == Modifier.NEQ || mod.isTimePart()) {
                throw new UnsupportedRuleException(rule, m.field() + "|" + mod.name().toLowerCase(java.util.Locale.ROOT),
                        "the SQL backend does not translate neq or the time modifiers (minute to year); the rule"
                                + " engine (trailkeeper detect) runs them");
            }
        }
        if (m.has(Modifier.EXISTS)) {
            return exists(m);
        }
        if (m.has(Modifier.FIELDREF)) {
            return fieldref(m);
        }
        List<String> perValue = new ArrayList<>();
        boolean nullWanted = false;
        String scalars = scalars(m.field());
        for (Object value : m.values()) {
            if (value == null) {
                nullWanted = true;
            } else if (isNumber(value) && m.modifiers().stream().allMatch(x -> x == Modifier.ALL
                    || x == Modifier.CASED)) {
                perValue.add(anyLeaf(leaves(m.field()), numberEquals((Number) value)));
            } else {
                perValue.add(any(scalars, valuePredicate(m, value)));
            }
        }
        if (m.has(Modifier.ALL) && !perValue.isEmpty()) {
            return and(perValue, nullWanted ? isNull(m.field()) : null);
        }
        if (nullWanted) {
            perValue.add(isNull(m.field()));
        }
        return perValue.isEmpty() ? "false" : "(" + String.join(" OR ", perValue) + ")";
    }

    private static boolean isNumber(Object value) {
        return value instanceof Number;
    }

    /** A number equals a JSON number of the same value, or a string that is its text exactly. */
    private String numberEquals(Number n) {
        String text = d.literal(String.valueOf(n));
        return "(" + d.isNumber("x", text) + ") OR (" + d.isString("x", text) + ")";
    }

    private static String and(List<String> parts, String extra) {
        List<String> all = new ArrayList<>(parts);
        if (extra != null) {
            all.add(extra);
        }
        return "(" + String.join(" AND ", all) + ")";
    }

    /** The JSON leaves of a path: a JSON[] holding SQL NULL where a step is missing. */
    String leaves(String field) {
        String[] segments = field.split("\\.", -1);
        for (String segment : segments) {
            if (segment.isEmpty() || segment.indexOf('"') >= 0 || segment.indexOf('\\') >= 0) {
                throw new UnsupportedRuleException(rule, "field " + field, "a path step is empty or holds a quote "
                        + "or backslash");
            }
        }
        String expr;
        int first;
        if (members != null) {
            expr = flattenArrays(d.list(List.of(members.member(segments[0]))), segments.length == 1);
            first = 1;
        } else {
            expr = d.list(List.of(column));
            first = 0;
        }
        for (int i = first; i < segments.length; i++) {
            expr = flattenArrays(d.transform(expr, "e", d.member("e", segments[i])), i == segments.length - 1);
        }
        return expr;
    }

    /**
     * The values of a JSON[] with each array among them replaced by its elements; at the path's last step, an
     * array among those by its own too ({@code [["x","y"],["z"]]} is x, y, z, as the in-memory engine has them).
     */
    private String flattenArrays(String list, boolean leaf) {
        String once = "flatten(" + d.transform(list, "x", d.elementsOrSelf("x")) + ")";
        return leaf ? "flatten(" + d.transform(once, "x", d.elementsOrSelf("x")) + ")" : once;
    }

    /** The leaves as text (JSON null as SQL NULL; an object as its JSON text, as the in-memory engine has it). */
    String scalars(String field) {
        return d.transform(leaves(field), "x", d.text("x"));
    }

    /** The field is there, JSON null included (as in the in-memory engine: exists counts a null). */
    String present(String field) {
        return "(" + d.length(d.filter(leaves(field), "x", "x IS NOT NULL")) + " > 0)";
    }

    /** {@code null} matches a missing field, or a field with a JSON null among its values. */
    String isNull(String field) {
        String leaves = leaves(field);
        return "(" + d.length(d.filter(leaves, "x", "x IS NOT NULL")) + " = 0 OR "
                + d.length(d.filter(leaves, "x", d.isJsonNull("x"))) + " > 0)";
    }

    private String any(String list, String predicateOfV) {
        return "(" + d.length(d.filter(list, "v", "coalesce(" + predicateOfV + ", false)")) + " > 0)";
    }

    /** Like {@link #any} over the JSON leaves, for tests that need each leaf's JSON type. */
    private String anyLeaf(String leaves, String predicateOfX) {
        return "(" + d.length(d.filter(leaves, "x", "coalesce(" + predicateOfX + ", false)")) + " > 0)";
    }

    private String exists(FieldMatch m) {
        if (m.values().size() != 1 || !(m.values().get(0) instanceof Boolean wanted)) {
            throw new UnsupportedRuleException(rule, m.field() + "|exists", "the value must be true or false");
        }
        return wanted ? present(m.field()) : "(NOT " + present(m.field()) + ")";
    }

    /** A value of the field equals (|startswith, |endswith, |contains: starts with...) a value of the other. */
    private String fieldref(FieldMatch m) {
        String how = null;
        for (Modifier mod : m.modifiers()) {
            switch (mod) {
                case FIELDREF, CASED, ALL -> {
                }
                case STARTSWITH -> how = d == SqlDialect.DUCKDB ? "starts_with" : "startswith";
                case ENDSWITH -> how = d == SqlDialect.DUCKDB ? "ends_with" : "endswith";
                case CONTAINS -> how = "contains";
                default -> throw new UnsupportedRuleException(rule, m.field() + "|fieldref|"
                        + mod.name().toLowerCase(java.util.Locale.ROOT), "fieldref goes with startswith, endswith,"
                        + " contains, cased and all only");
            }
        }
        String mine = lowered(scalars(m.field()), m);
        List<String> parts = new ArrayList<>();
        for (Object other : m.values()) {
            if (!(other instanceof String otherField)) {
                throw new UnsupportedRuleException(rule, m.field() + "|fieldref", "the value must be a field name");
            }
            String theirs = lowered(scalars(otherField), m);
            parts.add("coalesce(" + (how == null ? d.overlap(mine, theirs)
                    : d.length(d.filter(mine, "fr_mine", d.length(d.filter(theirs, "fr_theirs", how
                            + "(fr_mine, fr_theirs)")) + " > 0")) + " > 0") + ", false)");
        }
        return "(" + String.join(m.has(Modifier.ALL) ? " AND " : " OR ", parts) + ")";
    }

    private String lowered(String list, FieldMatch m) {
        return m.has(Modifier.CASED) ? list : d.transform(list, "v", "lower(v)");
    }

    /** The predicate over {@code v} (one leaf as text) for one value. */
    private String valuePredicate(FieldMatch m, Object value) {
        if (m.has(Modifier.LT) || m.has(Modifier.LTE) || m.has(Modifier.GT) || m.has(Modifier.GTE)) {
            return numeric(m, value);
        }
        if (m.has(Modifier.CIDR)) {
            return Cidr.predicate(rule, m.field(), String.valueOf(value), d);
        }
        if (m.has(Modifier.RE)) {
            return regex(m, value);
        }
        List<String> texts = List.of(text(m, value));
        boolean cased = m.has(Modifier.CASED);
        if (m.has(Modifier.WINDASH)) {
            texts = WindashVariants.of(texts.get(0));
        }
        if (m.has(Modifier.BASE64) || m.has(Modifier.BASE64OFFSET)) {
            // base64 is case-sensitive, and its text holds no wildcard
            cased = true;
            texts = texts.stream().flatMap(t -> base64(m, t).stream()).map(SqlText::likeLiteral).toList();
        } else if (m.has(Modifier.WINDASH)) {
            texts = texts.stream().map(SqlText::sigmaToLike).toList();
        } else {
            texts = List.of(value instanceof String ? SqlText.sigmaToLike(texts.get(0))
                    : SqlText.likeLiteral(texts.get(0)));
        }
        String before = m.has(Modifier.CONTAINS) || m.has(Modifier.ENDSWITH) ? "%" : "";
        String after = m.has(Modifier.CONTAINS) || m.has(Modifier.STARTSWITH) ? "%" : "";
        List<String> likes = new ArrayList<>();
        for (String t : texts) {
            likes.add("v " + (cased ? "LIKE " : "ILIKE ") + d.literal(before + t + after) + " ESCAPE "
                    + d.literal(String.valueOf(SqlText.LIKE_ESCAPE)));
        }
        return String.join(" OR ", likes);
    }

    private List<String> base64(FieldMatch m, String sigmaValue) {
        if (SigmaText.plain(sigmaValue) == null) {
            throw new UnsupportedRuleException(rule, m.field() + "|base64", "a wildcard cannot be base64-encoded");
        }
        return Base64Renderings.of(sigmaValue, m.modifiers());
    }

    private String text(FieldMatch m, Object value) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        throw new UnsupportedRuleException(rule, m.field(), "a value of type " + value.getClass().getSimpleName());
    }

    private String numeric(FieldMatch m, Object value) {
        if (!(value instanceof Number n)) {
            throw new UnsupportedRuleException(rule, m.field() + "|lt/lte/gt/gte", "the value must be a number: "
                    + value);
        }
        String op = m.has(Modifier.LT) ? "<" : m.has(Modifier.LTE) ? "<=" : m.has(Modifier.GT) ? ">" : ">=";
        // as the engine reads a number (Java's BigDecimal of the trimmed text): not 1_000, 0x10, Infinity or NaN,
        // which a cast to DOUBLE takes (NaN above every number); exactly where DECIMAL(38, 10) holds it
        String bound = d.literal(String.valueOf(n));
        String exact = "TRY_CAST(trim(v) AS DECIMAL(38, 10))";
        return "(" + d.regexFull("v", " *" + NUMBER + " *") + " AND CASE WHEN " + exact + " IS NOT NULL AND TRY_CAST("
                + bound + " AS DECIMAL(38, 10)) IS NOT NULL THEN " + exact + " " + op + " CAST(" + bound
                + " AS DECIMAL(38, 10)) ELSE TRY_CAST(trim(v) AS DOUBLE) " + op + " CAST("
                + d.literal(String.valueOf(n.doubleValue())) + " AS DOUBLE) END)";
    }

    private String regex(FieldMatch m, Object value) {
        String pattern = String.valueOf(value);
        String unsupported = d == SqlDialect.DUCKDB ? Re2Syntax.unsupported(pattern)
                : pattern.contains("(?=") || pattern.contains("(?!") || pattern.contains("(?<=")
                || pattern.contains("(?<!") || pattern.matches("(?s).*\\\\[1-9].*") ? "look-around or back-references"
                : null;
        if (unsupported != null) {
            throw new UnsupportedRuleException(rule, m.field() + "|re", (d == SqlDialect.DUCKDB ? "DuckDB's regular"
                    + " expressions (RE2)" : "the SQL backend") + " cannot take " + unsupported + ": " + pattern);
        }
        StringBuilder flags = new StringBuilder();
        if (m.has(Modifier.I)) {
            flags.append('i');
        }
        if (m.has(Modifier.M)) {
            flags.append('m');
        }
        if (m.has(Modifier.S)) {
            flags.append('s');
        }
        String full = flags.isEmpty() ? pattern : "(?" + flags + ")" + pattern;
        return d.regexSearch("v", d.literal(full));
    }
}
