package io.trailkeeper.detect;

import io.trailkeeper.detect.Detection.Modifier;
import io.trailkeeper.detect.YamlDocument.YamlProblem;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a rule's {@code field|modifiers: values} may say, checked when the rule is read: values the modifiers cannot
 * use and modifiers that do not go together are refused with the line and the reason ({@link FieldValues} compiles
 * what passes).
 */
final class FieldValueChecks {
    /** The modifiers that go with fieldref: the comparison and how it compares. */
    private static final java.util.Set<Modifier> FIELDREF_WITH = java.util.EnumSet.of(Modifier.FIELDREF,
            Modifier.STARTSWITH, Modifier.ENDSWITH, Modifier.CONTAINS, Modifier.CASED, Modifier.ALL, Modifier.NEQ);
    /** The modifiers that go with neq, which compares the whole value (a wildcard still is one). */
    private static final java.util.Set<Modifier> NEQ_WITH = java.util.EnumSet.of(Modifier.NEQ, Modifier.CASED,
            Modifier.ALL, Modifier.FIELDREF);

    /** The modifiers a null value goes with: the others would be left unapplied (pySigma refuses them). */
    private static final java.util.Set<Modifier> NULL_WITH = java.util.EnumSet.of(Modifier.ALL, Modifier.NEQ,
            Modifier.CASED);

    private FieldValueChecks() {
    }

    /** Rejects values the modifiers cannot use, at load time, with the line. */
    static void check(String field, List<Modifier> mods, List<Object> values, int line) {
        String key = field + (mods.isEmpty() ? "" : "|" + String.join("|", mods.stream().map(m -> m.name()
                .toLowerCase(java.util.Locale.ROOT)).toList()));
        for (Object v : values) {
            if (v == null && !mods.contains(Modifier.EXISTS) && !mods.contains(Modifier.FIELDREF)
                    && !NULL_WITH.containsAll(mods)) {
                throw new YamlProblem(line, "'" + key + "': null matches a field that is missing or null, so it goes"
                        + " with no modifier but neq (write '" + field + "': null, or '" + field + "|exists': false)");
            }
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
            if (FieldValues.comparison(mods) != null && !(v instanceof Number)) {
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
        // these compare the field in their own way: another modifier beside them would be silently left unapplied
        onlyWith(key, mods, Modifier.EXISTS, java.util.EnumSet.of(Modifier.EXISTS),
                "exists tells whether the field is there (true or false)", line);
        onlyWith(key, mods, Modifier.CIDR, java.util.EnumSet.of(Modifier.CIDR, Modifier.ALL),
                "cidr matches an IP address in a network", line);
        onlyWith(key, mods, Modifier.RE, java.util.EnumSet.of(Modifier.RE, Modifier.I, Modifier.M, Modifier.S,
                Modifier.ALL), "re matches a regular expression anywhere in the value, case-sensitively", line);
        for (Modifier comparison : java.util.EnumSet.of(Modifier.LT, Modifier.LTE, Modifier.GT, Modifier.GTE)) {
            onlyWith(key, mods, comparison, java.util.EnumSet.of(comparison, Modifier.ALL),
                    comparison.name().toLowerCase(java.util.Locale.ROOT) + " compares numbers", line);
        }
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
                List<String> with = allowed.stream().filter(a -> a != modifier)
                        .map(a -> a.name().toLowerCase(java.util.Locale.ROOT)).sorted().toList();
                throw new YamlProblem(line, "'" + key + "': " + why + ", so it goes with "
                        + (with.isEmpty() ? "no other modifier" : with + " only") + ", not with "
                        + other.name().toLowerCase(java.util.Locale.ROOT));
            }
        }
    }
}
