package io.trailkeeper.detect.sql;

import java.util.List;

/**
 * The SQL the backend writes, per engine. {@link #DUCKDB} (the store) holds each record as JSON and walks it
 * with {@code json_extract}; {@link #SPARK} (Spark SQL 4, the Spark job over the lake) holds it as a VARIANT
 * ({@code parse_json(raw)}) and walks it with {@code try_variant_get}. Both keep the same semantics: a missing
 * member is SQL NULL, a JSON null is a value of its own, arrays are flattened element-wise. Spark's string
 * literals know backslash escapes and its identifiers are back-quoted, so literals and names go through here too.
 */
public enum SqlDialect {
    DUCKDB,
    SPARK;

    /** A string literal that reads back as exactly {@code s}. */
    String literal(String s) {
        if (this == DUCKDB) {
            return SqlText.literal(s);
        }
        // Spark's literals know unicode escapes: a NUL, which a rule may look for, is written as one
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\0", "\\u0000") + "'";
    }

    /** A quoted identifier. */
    String identifier(String s) {
        if (this == DUCKDB) {
            return SqlText.identifier(s);
        }
        if (s.isEmpty() || s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a usable identifier: " + s);
        }
        return "`" + s.replace("`", "``") + "`";
    }

    /** The list with {@code body} (over {@code var}) applied to each element. */
    String transform(String list, String var, String body) {
        return this == DUCKDB ? "list_transform(" + list + ", lambda " + var + ": " + body + ")"
                : "transform(" + list + ", " + var + " -> " + body + ")";
    }

    /** The elements of the list for which {@code body} (over {@code var}) is true. */
    String filter(String list, String var, String body) {
        return this == DUCKDB ? "list_filter(" + list + ", lambda " + var + ": " + body + ")"
                : "filter(" + list + ", " + var + " -> " + body + ")";
    }

    String length(String list) {
        return this == DUCKDB ? "len(" + list + ")" : "size(" + list + ")";
    }

    /** A list literal of the given SQL expressions (at least one). */
    String list(List<String> items) {
        return this == DUCKDB ? "[" + String.join(", ", items) + "]" : "array(" + String.join(", ", items) + ")";
    }

    /** An empty list of the element type (DuckDB's name for it). */
    String emptyList(String duckType) {
        if (this == DUCKDB) {
            return "[]::" + duckType + "[]";
        }
        String spark = switch (duckType) {
            case "INTEGER" -> "INT";
            case "VARCHAR" -> "STRING";
            case "JSON" -> "VARIANT";
            default -> throw new IllegalArgumentException("no Spark type for " + duckType);
        };
        return "CAST(array() AS ARRAY<" + spark + ">)";
    }

    /** The 1-based {@code index}-th element of a list. */
    String element(String list, int index) {
        return this == DUCKDB ? list + "[" + index + "]" : "element_at(" + list + ", " + index + ")";
    }

    /** The member {@code key} of a JSON value (SQL NULL when missing or not an object). */
    String member(String json, String key) {
        return this == DUCKDB ? "json_extract(" + json + ", " + literal("$.\"" + key + "\"") + ")"
                : "try_variant_get(" + json + ", " + literal("$[\"" + key + "\"]") + ", 'variant')";
    }

    /** The members of a JSON value as a list (SQL NULL for each one missing), in one parse where possible. */
    String members(String json, List<String> keys) {
        if (this == SPARK) {
            return list(keys.stream().map(k -> member(json, k)).toList());
        }
        return "json_extract(" + json + ", [" + String.join(", ", keys.stream().map(k -> literal("$.\"" + k + "\""))
                .toList()) + "])";
    }

    /** A JSON value's elements when it is an array, else a list of the value itself. */
    String elementsOrSelf(String x) {
        return this == DUCKDB ? "CASE WHEN json_type(" + x + ") = 'ARRAY' THEN json_extract(" + x + ", '$[*]') ELSE ["
                + x + "] END"
                : "coalesce(try_variant_get(" + x + ", '$', 'array<variant>'), array(" + x + "))";
    }

    /** A JSON value as text: a string's characters, a number's or an object's JSON text; NULL for JSON null. */
    String text(String x) {
        return this == DUCKDB ? "json_extract_string(" + x + ", '$')" : "CAST(" + x + " AS STRING)";
    }

    /** The JSON value is JSON null. */
    String isJsonNull(String x) {
        return this == DUCKDB ? "json_type(" + x + ") = 'NULL'" : "is_variant_null(" + x + ")";
    }

    /** The JSON value is a number equal to {@code decimal} (a literal's text), compared as DECIMAL(38, 10). */
    String isNumber(String x, String decimal) {
        if (this == DUCKDB) {
            return "json_type(" + x + ") NOT IN ('VARCHAR', 'BOOLEAN', 'NULL', 'OBJECT', 'ARRAY')"
                    + " AND TRY_CAST(json_extract_string(" + x + ", '$') AS DECIMAL(38, 10)) = CAST(" + decimal
                    + " AS DECIMAL(38, 10))";
        }
        return "(schema_of_variant(" + x + ") IN ('TINYINT', 'SMALLINT', 'INT', 'BIGINT', 'FLOAT', 'DOUBLE')"
                + " OR schema_of_variant(" + x + ") LIKE 'DECIMAL%')"
                + " AND try_variant_get(" + x + ", '$', 'decimal(38, 10)') = CAST(" + decimal + " AS DECIMAL(38, 10))";
    }

    /** The JSON value is a string whose text is the literal {@code text}. */
    String isString(String x, String text) {
        return this == DUCKDB ? "json_type(" + x + ") = 'VARCHAR' AND json_extract_string(" + x + ", '$') = " + text
                : "schema_of_variant(" + x + ") = 'STRING' AND CAST(" + x + " AS STRING) = " + text;
    }

    /** The text matches the regular expression (a search, not a full match). */
    String regexSearch(String text, String patternLiteral) {
        return this == DUCKDB ? "regexp_matches(" + text + ", " + patternLiteral + ")"
                : "(" + text + " RLIKE " + patternLiteral + ")";
    }

    /** The whole text matches the regular expression {@code pattern}. */
    String regexFull(String text, String pattern) {
        return this == DUCKDB ? "regexp_full_match(" + text + ", " + literal(pattern) + ")"
                : "(" + text + " RLIKE " + literal("^(?:" + pattern + ")$") + ")";
    }

    /** Any element of one list equals one of the other (NULL elements never do). */
    String overlap(String a, String b) {
        return this == DUCKDB ? "list_has_any(" + a + ", " + b + ")" : "arrays_overlap(" + a + ", " + b + ")";
    }
}
