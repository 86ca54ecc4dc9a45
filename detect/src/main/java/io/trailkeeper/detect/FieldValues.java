package io.trailkeeper.detect;

import com.fasterxml.jackson.databind.JsonNode;
import io.trailkeeper.detect.Detection.FieldMatch;
import io.trailkeeper.detect.Detection.Modifier;
import io.trailkeeper.detect.YamlDocument.YamlProblem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

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

    /** The modifiers that go with fieldref: the comparison and how it compares. */
    private static final java.util.Set<Modifier> FIELDREF_WITH = java.util.EnumSet.of(Modifier.FIELDREF,
            Modifier.STARTSWITH, Modifier.ENDSWITH, Modifier.CONTAINS, Modifier.CASED, Modifier.ALL, Modifier.NEQ);
    /** The modifiers that go with neq, which compares the whole value (a wildcard still is one). */
    private static final java.util.Set<Modifier> NEQ_WITH = java.util.EnumSet.of(Modifier.NEQ, Modifier.CASED,
            Modifier.ALL, Modifier.FIELDREF);

    private FieldValues() {
    }

    /** Rejects values the modifiers cannot use, at load time, with the line. */
    static void check(String field, List<Modifier> mods, List<Object> values, int line) {
        String key = field + (mods.isEmpty() ? "" : "|" + String.join("|", mods.stream().map(m -> m.name()
                .toLowerCase(java.util.Locale.ROOT)).toList()));
        for (Object v : values) {
            if (mods.contains(Modifier.EXISTS) && !(v instanceof Boolean)) {
                throw new YamlProblem(line, "'" + key + "' takes true or false");
            }
            if (mods.contains(Modifier.RE)) {
                try {
                    Pattern.compile(String.valueOf(v));
                } catch (PatternSyntaxException e) {
                    throw new YamlProblem(line, "'" + key + "': the regular expression does not compile: "
                            + e.getDescription());
                }
            }
            if (mods.contains(Modifier.CIDR) && Cidr.parse(String.valueOf(v)) == null) {
                throw new YamlProblem(line, "'" + key + "': '" + v + "' is not an IPv4 or IPv6 network");
            }
            int flags = mods.contains(Modifier.WINDASH) ? WindashVariants.flags(String.valueOf(v)) : 0;
            if (flags > WindashVariants.MOST_FLAGS) {
                throw new YamlProblem(line, "'" + key + "': '" + v + "' has " + flags + " flags, and windash"
                        + " writes each one 5 ways: at most " + WindashVariants.MOST_FLAGS
                        + " flags in one value (split it into several values with |all)");
            }
            if (comparison(mods) != null && !(v instanceof Number)) {
                throw new YamlProblem(line, "'" + key + "' takes a number, found '" + v + "'");
            }
            if (mods.contains(Modifier.FIELDREF) && !(v instanceof String)) {
                throw new YamlProblem(line, "'" + key + "' takes a field name");
            }
            Modifier part = TimePart.of(mods);
            if (part != null) {
                TimePart.check(key, part, v, line);
            }
        }
        combinations(key, mods, values, line);
    }

    /** Rejects modifiers that do not go together, and values they cannot encode. */
    private static void combinations(String key, List<Modifier> mods, List<Object> values, int line) {
        if (mods.contains(Modifier.FIELDREF)) {
            for (Modifier other : mods) {
                if (!FIELDREF_WITH.contains(other)) {
                    throw new YamlProblem(line, "'" + key + "': fieldref compares with another field's value as it"
                            + " is, so it goes with startswith, endswith, contains, cased, all and neq only, not with "
                            + other.name().toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        onlyWith(key, mods, Modifier.NEQ, NEQ_WITH, "neq compares the whole value", line);
        Modifier part = TimePart.of(mods);
        if (part != null) {
            onlyWith(key, mods, part, java.util.EnumSet.of(part, Modifier.ALL), part.name().toLowerCase(
                    java.util.Locale.ROOT) + " compares a part of the time with a number", line);
        }
        boolean base64 = mods.contains(Modifier.BASE64) || mods.contains(Modifier.BASE64OFFSET);
        if (!base64 && (mods.contains(Modifier.UTF16LE) || mods.contains(Modifier.WIDE)
                || mods.contains(Modifier.UTF16BE) || mods.contains(Modifier.UTF16))) {
            throw new YamlProblem(line, "'" + key + "': utf16le, wide, utf16be and utf16 encode the value for base64"
                    + " or base64offset, so they go with one of them");
        }
        if (base64 && values.stream().anyMatch(v -> v instanceof String s && SigmaText.plain(s) == null)) {
            throw new YamlProblem(line, "'" + key + "': a value with a wildcard (* or ?) cannot be base64-encoded"
                    + " (write \\* or \\? for the character itself)");
        }
        if (mods.contains(Modifier.BASE64OFFSET) && !mods.contains(Modifier.CONTAINS)) {
            // its three renderings leave out the characters that depend on what surrounds the value: they are
            // only ever found inside a longer text, so without contains the rule would silently match nothing
            throw new YamlProblem(line, "'" + key + "': base64offset looks for the value inside a longer base64 text,"
                    + " so it goes with contains: '" + key + "|contains'");
        }
        if ((mods.contains(Modifier.I) || mods.contains(Modifier.M) || mods.contains(Modifier.S))
                && !mods.contains(Modifier.RE)) {
            throw new YamlProblem(line, "'" + key + "': the flags i, m and s go with |re");
        }
    }

    /** Rejects a modifier other than {@code allowed} beside {@code modifier}, saying why. */
    private static void onlyWith(String key, List<Modifier> mods, Modifier modifier, java.util.Set<Modifier> allowed,
                                 String why, int line) {
        if (!mods.contains(modifier)) {
            return;
        }
        for (Modifier other : mods) {
            if (!allowed.contains(other)) {
                throw new YamlProblem(line, "'" + key + "': " + why + ", so it goes with " + allowed.stream()
                        .filter(a -> a != modifier).map(a -> a.name().toLowerCase(java.util.Locale.ROOT))
                        .sorted().toList() + " only, not with " + other.name().toLowerCase(java.util.Locale.ROOT));
            }
        }
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

    private static String comparison(List<Modifier> mods) {
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
