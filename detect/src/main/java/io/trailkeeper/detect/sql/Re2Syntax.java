package io.trailkeeper.detect.sql;

/**
 * What of a Java regular expression (the in-memory engine's, which loading checks) DuckDB's RE2 cannot run, or
 * runs with another meaning. Such a value, in one rule, would otherwise fail the whole scan ("bad repetition
 * operator") or, for {@code (?U)} and class intersections, match other text; the rule is refused instead, with
 * the construct named. Sigma's own regular expressions (PCRE's ., anchors, * + ? {n,m}, classes, groups,
 * alternation) all pass.
 */
final class Re2Syntax {
    /** Escapes Java knows and RE2 does not (\Z \G \R \X \h \H \V \e \c \k \N). */
    private static final String JAVA_ONLY_ESCAPES = "ZGRXhHVeckN";

    private Re2Syntax() {
    }

    /** The construct RE2 cannot take, or null when there is none. */
    static String unsupported(String regex) {
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                char next = regex.charAt(i + 1);
                String escape = escape(regex, i, next, inClass);
                if (escape != null) {
                    return escape;
                }
                if (next == 'Q') {
                    int end = regex.indexOf("\\E", i + 2);
                    i = end < 0 ? regex.length() : end + 1;
                } else {
                    i++;
                }
            } else if (inClass) {
                if (c == ']') {
                    inClass = false;
                } else if (c == '[' || (c == '&' && regex.startsWith("&&", i))) {
                    return "nested classes or class intersections ([a-z&&[^e]])";
                }
            } else if (c == '[') {
                inClass = true;
                i += regex.startsWith("[^]", i) ? 2 : regex.startsWith("[]", i) ? 1 : 0;
            } else if (c == '(' && regex.startsWith("(?", i)) {
                String group = group(regex, i);
                if (group != null) {
                    return group;
                }
            } else if ("*+?}".indexOf(c) >= 0 && i + 1 < regex.length() && regex.charAt(i + 1) == '+'
                    && !(c == '?' && i > 0 && regex.charAt(i - 1) == '(')) {
                return "possessive quantifiers (" + c + "+)";
            }
        }
        return null;
    }

    private static String escape(String regex, int at, char next, boolean inClass) {
        if (JAVA_ONLY_ESCAPES.indexOf(next) >= 0) {
            return "the escape \\" + next;
        }
        if (next >= '1' && next <= '9' && !inClass) {
            return "back-references (\\" + next + ")";
        }
        if ((next == 'p' || next == 'P') && regex.startsWith("{", at + 2)) {
            int end = regex.indexOf('}', at + 3);
            String name = end < 0 ? "" : regex.substring(at + 3, end);
            // RE2 knows Unicode categories (L, Lu, Nd...) and scripts; Java's POSIX and java* names it does not
            if (!name.matches("\\^?[A-Z][a-z]?") && !name.matches("\\^?[A-Z][a-z]+(_[A-Z][a-z]+)*")
                    || name.matches("\\^?(Is|In|java|Lower|Upper|ASCII|Alpha|Digit|Alnum|Punct|Graph|Print|Blank|Cntrl"
                    + "|XDigit|Space).*")) {
                return "the class \\" + next + "{" + name + "}";
            }
        }
        return null;
    }

    /** What RE2 lacks of a group starting with (? at {@code at}: look-around, atomic, flags other than i m s. */
    private static String group(String regex, int at) {
        String rest = regex.substring(at + 2);
        if (rest.startsWith("=") || rest.startsWith("!") || rest.startsWith("<=") || rest.startsWith("<!")) {
            return "look-around ((?=, (?!, (?<=, (?<!)";
        }
        if (rest.startsWith(">")) {
            return "atomic groups ((?>...))";
        }
        int end = 0;
        while (end < rest.length() && (Character.isLetter(rest.charAt(end)) || rest.charAt(end) == '-')) {
            end++;
        }
        String flags = rest.substring(0, end);
        if (end < rest.length() && (rest.charAt(end) == ')' || rest.charAt(end) == ':') && !flags.matches("[ims-]*")) {
            return "the inline flags (?" + flags + ") (RE2 takes i, m and s; its U means ungreedy)";
        }
        return null;
    }
}
