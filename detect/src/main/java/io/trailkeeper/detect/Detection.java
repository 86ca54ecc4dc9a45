package io.trailkeeper.detect;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A rule's {@code detection}: its named search identifiers and the condition over them. Both backends (the
 * in-memory matcher and the SQL backend) work from this model, never from the YAML.
 *
 * @param searches  the search identifiers by name, in file order
 * @param condition the parsed condition; a rule with several conditions (a list) is their OR
 * @param timeframe the legacy {@code timeframe}, or null
 */
public record Detection(Map<String, Search> searches, Condition condition, String timeframe) {
    public Detection {
        searches = Map.copyOf(searches);
        Objects.requireNonNull(condition, "condition");
    }

    /**
     * The search identifiers a {@code 1 of} or {@code all of} pattern names, sorted: {@code *} is any run of
     * characters, and {@code them} (the parser writes it {@code *}) leaves out the names that start with an
     * underscore, as Sigma says. Both backends expand patterns with this.
     */
    public List<String> searchesMatching(String pattern) {
        String glob = pattern.equals("them") ? "*" : pattern;
        return searches.keySet().stream().filter(name -> Names.matches(glob, name)).sorted().toList();
    }

    /**
     * A search identifier: a map of field conditions (all must hold), a list of such maps (any may hold), or
     * keywords (fieldless values searched in every string, number and boolean of the record, decoded; not in
     * its keys).
     *
     * @param alternatives the OR of AND-groups (a single map is one group)
     * @param keywords     keyword values, any of which must be found (all of them with {@code allKeywords},
     *                     Sigma's {@code '|all': [...]}); empty when the identifier is not a keyword list
     * @param line         the line of the identifier in its file, for messages
     */
    public record Search(String name, List<FieldGroup> alternatives, List<Object> keywords, boolean allKeywords,
                         int line) {
        public Search {
            alternatives = List.copyOf(alternatives);
            keywords = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(keywords));
        }

        /** Field conditions, or keywords any of which must be found. */
        public Search(String name, List<FieldGroup> alternatives, List<Object> keywords, int line) {
            this(name, alternatives, keywords, false, line);
        }

        public boolean isKeywords() {
            return alternatives.isEmpty();
        }
    }

    /** Field conditions that must all hold. */
    public record FieldGroup(List<FieldMatch> matches) {
        public FieldGroup {
            matches = List.copyOf(matches);
        }
    }

    /**
     * One field's condition: {@code field|mod1|mod2: values}. Values are String, Long, BigDecimal (a decimal
     * as written), Boolean or null (null matches a missing or null field); several values are an OR unless
     * {@link Modifier#ALL}.
     *
     * @param field the field path as written (dots go into nested objects; arrays are matched element-wise)
     */
    public record FieldMatch(String field, List<Modifier> modifiers, List<Object> values) {
        public FieldMatch {
            Objects.requireNonNull(field, "field");
            modifiers = List.copyOf(modifiers);
            values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
        }

        public boolean has(Modifier m) {
            return modifiers.contains(m);
        }
    }

    /** The value modifiers of the Sigma specification that CloudTrail rules can use. */
    public enum Modifier {
        CONTAINS, STARTSWITH, ENDSWITH, ALL, RE, CIDR, EXISTS, FIELDREF, BASE64, BASE64OFFSET, WINDASH, CASED,
        LT, LTE, GT, GTE,
        /** The field is there and differs from every value (Sigma 2.1.0: a string or a number). */
        NEQ,
        /** A part of the field's time (ISO 8601 text, read in UTC) equals the value (Sigma 2.1.0's time modifiers). */
        MINUTE, HOUR, DAY, WEEK, MONTH, YEAR,
        /** Encodings for base64 and base64offset: UTF-16 little-endian (wide is its alias), big-endian, with a BOM. */
        UTF16LE, WIDE, UTF16BE, UTF16,
        /** Flags of |re: case-insensitive, multi-line, dot matches new lines. */
        I, M, S;

        /** The long names pySigma also takes for the flags of |re. */
        private static final Map<String, Modifier> ALIASES = Map.of("ignorecase", I, "multiline", M, "dotall", S);

        /** The modifier as a rule writes it, or null when Sigma has no such modifier (or we do not support it). */
        public static Modifier of(String name) {
            for (Modifier m : values()) {
                if (m.name().equalsIgnoreCase(name)) {
                    return m;
                }
            }
            return ALIASES.get(name.toLowerCase(java.util.Locale.ROOT));
        }

        /** Whether this is one of the flags of |re (i, m, s, or their long names). */
        public boolean isRegexFlag() {
            return this == I || this == M || this == S;
        }

        /** Whether this takes a part of a time (minute, hour, day, week, month, year). */
        public boolean isTimePart() {
            return this == MINUTE || this == HOUR || this == DAY || this == WEEK || this == MONTH || this == YEAR;
        }
    }

    /** A parsed condition. */
    public sealed interface Condition permits And, Or, Not, Ref, OneOf, AllOf {
    }

    public record And(List<Condition> operands) implements Condition {
        public And {
            operands = List.copyOf(operands);
        }
    }

    public record Or(List<Condition> operands) implements Condition {
        public Or {
            operands = List.copyOf(operands);
        }
    }

    public record Not(Condition operand) implements Condition {
    }

    /** A search identifier by name. */
    public record Ref(String name) implements Condition {
    }

    /** {@code 1 of pattern}: any search whose name matches the pattern ({@code them} is {@code *}). */
    public record OneOf(String pattern) implements Condition {
    }

    /** {@code all of pattern}. */
    public record AllOf(String pattern) implements Condition {
    }
}
