package io.trailkeeper.detect;

import com.fasterxml.jackson.databind.JsonNode;
import io.trailkeeper.detect.Detection.FieldMatch;
import io.trailkeeper.detect.Detection.Modifier;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Compiles one {@code field|modifiers: values} into a test over an event, with the Sigma semantics: values are
 * an OR (an AND with |all), each may match any element of an array, strings compare case-insensitively
 * (|cased: exactly) with wildcards, {@code null} matches a missing or null field.
 */
final class FieldValues {
    /** A compiled field condition. */
    interface FieldTest {
        boolean test(EventView event);
    }

    private FieldValues() {
    }

    static FieldTest compile(FieldMatch m) {
        List<Modifier> mods = m.modifiers();
        String field = m.field();
        if (m.has(Modifier.NEQ)) {
            // the field has a value and equals none of the values (several: differs from each of them)
            List<Modifier> rest = mods.stream().filter(x -> x != Modifier.NEQ && x != Modifier.ALL).toList();
            FieldTest equal = compile(new FieldMatch(field, rest, m.values()));
            int slot = EventView.typedSlot(field);
            return e -> hasValue(e.values(field, slot)) && !equal.test(e);
        }
        if (m.has(Modifier.EXISTS)) {
            boolean wanted = Boolean.TRUE.equals(m.values().get(0));
            int slot = EventView.typedSlot(field);
            return e -> !e.values(field, slot).isEmpty() == wanted;
        }
        boolean cased = m.has(Modifier.CASED);
        if (m.has(Modifier.FIELDREF)) {
            List<String> others = m.values().stream().map(String::valueOf).toList();
            boolean all = m.has(Modifier.ALL);
            Modifier how = m.has(Modifier.CONTAINS) ? Modifier.CONTAINS : m.has(Modifier.STARTSWITH)
                    ? Modifier.STARTSWITH : m.has(Modifier.ENDSWITH) ? Modifier.ENDSWITH : Modifier.FIELDREF;
            return e -> {
                List<JsonNode> mine = e.values(field);
                for (String other : others) {
                    boolean found = anyPair(mine, e.values(other), how, cased);
                    if (found != all) {
                        return found;
                    }
                }
                return all;
            };
        }
        List<Predicate<JsonNode>> tests = new ArrayList<>();
        boolean matchesNull = false;
        for (Object v : m.values()) {
            if (v == null) {
                matchesNull = true;
                tests.add(JsonNode::isNull);
            } else {
                tests.add(value(v, mods, cased));
            }
        }
        boolean all = m.has(Modifier.ALL);
        boolean nullOk = matchesNull;
        int slot = EventView.typedSlot(field);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Predicate<JsonNode>[] checks = tests.toArray(new Predicate[0]);
        return e -> {
            List<JsonNode> found = e.values(field, slot); // an ArrayList or List.of: indexed, no iterator made
            int n = found.size();
            if (n == 0) {
                return nullOk && (!all || checks.length == 1);
            }
            for (Predicate<JsonNode> t : checks) {
                boolean any = false;
                for (int i = 0; i < n; i++) {
                    if (t.test(found.get(i))) {
                        any = true;
                        break;
                    }
                }
                if (any && !all) {
                    return true;
                }
                if (!any && all) {
                    return false;
                }
            }
            return all && checks.length > 0;
        };
    }

    private static Predicate<JsonNode> value(Object v, List<Modifier> mods, boolean cased) {
        Modifier part = TimePart.of(mods);
        if (part != null) {
            int wanted = ((Number) v).intValue();
            return node -> TimePart.of(node, part) == wanted;
        }
        String op = comparison(mods);
        if (op != null) {
            BigDecimal bound = new BigDecimal(String.valueOf(v));
            return node -> {
                BigDecimal n = number(node);
                if (n == null) {
                    return false;
                }
                int c = n.compareTo(bound);
                return switch (op) {
                    case "lt" -> c < 0;
                    case "lte" -> c <= 0;
                    case "gt" -> c > 0;
                    default -> c >= 0;
                };
            };
        }
        if (mods.contains(Modifier.RE)) {
            int flags = (mods.contains(Modifier.I) ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0)
                    | (mods.contains(Modifier.M) ? Pattern.MULTILINE : 0) | (mods.contains(Modifier.S) ? Pattern.DOTALL : 0);
            Pattern p = Pattern.compile(String.valueOf(v), flags);
            StringPattern prefilter = regexPrefilter(String.valueOf(v), (flags & Pattern.CASE_INSENSITIVE) != 0);
            return node -> {
                if (node.isNull()) {
                    return false;
                }
                String text = EventView.text(node);
                return (prefilter == null || prefilter.test(text)) && p.matcher(text).find();
            };
        }
        if (mods.contains(Modifier.CIDR)) {
            Cidr network = Cidr.parse(String.valueOf(v));
            return node -> node.isTextual() && network.contains(node.asText());
        }
        boolean plain = mods.stream().allMatch(m -> m == Modifier.ALL || m == Modifier.CASED);
        if (plain && v instanceof Boolean b) {
            return node -> node.isBoolean() ? node.booleanValue() == b
                    : node.isTextual() && node.asText().equalsIgnoreCase(b.toString());
        }
        if (plain && v instanceof Number) {
            BigDecimal n = new BigDecimal(String.valueOf(v));
            String text = String.valueOf(v);
            return node -> node.isNumber() ? node.decimalValue().compareTo(n) == 0
                    : node.isTextual() && node.asText().equals(text);
        }
        return strings(String.valueOf(v), mods, cased);
    }

    private static Predicate<JsonNode> strings(String value, List<Modifier> mods, boolean cased) {
        boolean contains = mods.contains(Modifier.CONTAINS);
        boolean lead = contains || mods.contains(Modifier.ENDSWITH);
        boolean trail = contains || mods.contains(Modifier.STARTSWITH);
        List<String> variants = List.of(value);
        if (mods.contains(Modifier.WINDASH)) {
            variants = WindashVariants.of(value);
        }
        boolean encoded = mods.contains(Modifier.BASE64) || mods.contains(Modifier.BASE64OFFSET);
        if (encoded) {
            variants = variants.stream().flatMap(s -> Base64Renderings.of(s, mods).stream()).toList();
        }
        List<StringPattern> patterns = new ArrayList<>();
        for (String s : variants) {
            // encoded text is literal (its + and / are not wildcards) and base64 is case-sensitive
            patterns.add(StringPattern.of(encoded ? s.replace("\\", "\\\\") : s, lead, trail, cased || encoded));
        }
        return node -> {
            if (node.isNull()) {
                return false;
            }
            String text = EventView.text(node);
            for (StringPattern p : patterns) {
                if (p.test(text)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** Whether any of the field's values is not JSON null (an index loop: this runs for every event). */
    private static boolean hasValue(List<JsonNode> values) {
        for (int i = 0; i < values.size(); i++) {
            if (!values.get(i).isNull()) {
                return true;
            }
        }
        return false;
    }

    /** Whether a value of the field equals (starts with, ends with, contains) a value of the other field. */
    private static boolean anyPair(List<JsonNode> left, List<JsonNode> right, Modifier how, boolean cased) {
        for (JsonNode a : left) {
            for (JsonNode b : right) {
                if (a.isNull() || b.isNull()) { // no value (as in SQL): not equal to another null, nor the text null
                    continue;
                }
                String x = EventView.text(a);
                String y = EventView.text(b);
                if (how == Modifier.FIELDREF) {
                    if (cased ? x.equals(y) : x.equalsIgnoreCase(y)) {
                        return true;
                    }
                    continue;
                }
                if (!cased) { // as the SQL backend's lower()
                    x = x.toLowerCase(java.util.Locale.ROOT);
                    y = y.toLowerCase(java.util.Locale.ROOT);
                }
                if (how == Modifier.STARTSWITH ? x.startsWith(y) : how == Modifier.ENDSWITH ? x.endsWith(y)
                        : x.contains(y)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A cheap test before a regex that may backtrack over a long value: the text every match must contain
     * ({@link RegexLiteral}), or null when there is none of at least three characters.
     */
    static StringPattern regexPrefilter(String regex, boolean caseInsensitive) {
        String needed = RegexLiteral.required(regex);
        return needed == null || needed.length() < 3 ? null
                : StringPattern.of(needed.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?"),
                        true, true, !caseInsensitive);
    }

    private static BigDecimal number(JsonNode node) {
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isTextual()) {
            try {
                return new BigDecimal(node.asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static String comparison(List<Modifier> mods) {
        for (Modifier m : mods) {
            switch (m) {
                case LT, LTE, GT, GTE -> {
                    return m.name().toLowerCase(java.util.Locale.ROOT);
                }
                default -> {
                }
            }
        }
        return null;
    }
}
