package io.trailkeeper.detect;

import java.util.regex.Pattern;

/**
 * A Sigma string value: {@code *} any run of characters, {@code ?} one character, {@code \*} {@code \?} and
 * {@code \\} literal; case-insensitive unless cased. Literal values (the usual case) compare without a regex.
 */
final class StringPattern {
    private enum Mode { EQUALS, STARTS, ENDS, CONTAINS, REGEX }

    private final Mode mode;
    private final String literal;
    private final Pattern regex;
    private final boolean cased;

    private StringPattern(Mode mode, String literal, Pattern regex, boolean cased) {
        this.mode = mode;
        this.literal = literal;
        this.regex = regex;
        this.cased = cased;
    }

    /** The value as written (wildcards and escapes interpreted), with {@code *} added around it as asked. */
    static StringPattern of(String value, boolean leadingStar, boolean trailingStar, boolean cased) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        boolean wild = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() && "*?\\".indexOf(value.charAt(i + 1)) >= 0) {
                char escaped = value.charAt(++i);
                literal.append(escaped);
                regex.append(Pattern.quote(String.valueOf(escaped)));
            } else if (c == '*' || c == '?') {
                wild = true;
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (!wild) {
            Mode mode = leadingStar && trailingStar ? Mode.CONTAINS : leadingStar ? Mode.ENDS
                    : trailingStar ? Mode.STARTS : Mode.EQUALS;
            return new StringPattern(mode, literal.toString(), null, cased);
        }
        String full = (leadingStar ? ".*" : "") + regex + (trailingStar ? ".*" : "");
        int flags = Pattern.DOTALL | (cased ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        return new StringPattern(Mode.REGEX, null, Pattern.compile(full, flags), cased);
    }

    boolean test(String text) {
        boolean ignore = !cased;
        return switch (mode) {
            case EQUALS -> cased ? text.equals(literal) : text.equalsIgnoreCase(literal);
            case STARTS -> text.regionMatches(ignore, 0, literal, 0, literal.length());
            case ENDS -> text.length() >= literal.length()
                    && text.regionMatches(ignore, text.length() - literal.length(), literal, 0, literal.length());
            case CONTAINS -> contains(text, ignore);
            case REGEX -> regex.matcher(text).matches();
        };
    }

    private boolean contains(String text, boolean ignore) {
        if (!ignore) {
            return text.contains(literal);
        }
        int n = literal.length();
        if (n == 0) {
            return true;
        }
        char first = literal.charAt(0);
        char upper = Character.toUpperCase(first);
        char lower = Character.toLowerCase(upper);
        boolean surrogate = Character.isSurrogate(first);
        for (int i = 0, last = text.length() - n; i <= last; i++) {
            // the first character as regionMatches compares it (dotless i, the Kelvin sign, long s included)
            char c = Character.toUpperCase(text.charAt(i));
            if ((surrogate || c == upper || Character.toLowerCase(c) == lower)
                    && text.regionMatches(true, i, literal, 0, n)) {
                return true;
            }
        }
        return false;
    }

    /** For indexing: the plain value when this pattern is an exact, case-insensitive literal, else null. */
    String exactLiteral() {
        return mode == Mode.EQUALS ? literal : null;
    }
}
