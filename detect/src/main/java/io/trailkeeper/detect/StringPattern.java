package io.trailkeeper.detect;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A Sigma string value: {@code *} any run of characters, {@code ?} one character, {@code \*} {@code \?} and
 * {@code \\} literal; case-insensitive unless cased. Literal values (the usual case) compare without a regex, and
 * values with wildcards with {@link Glob}, not a backtracking regex: {@code '*a*b*c'} over an attacker's 20 KB
 * policy document took seconds as {@code .*a.*b.*c}.
 */
final class StringPattern {
    private enum Mode { EQUALS, STARTS, ENDS, CONTAINS, GLOB }

    private final Mode mode;
    private final String literal;
    private final Glob glob;
    private final boolean cased;

    private StringPattern(Mode mode, String literal, Glob glob, boolean cased) {
        this.mode = mode;
        this.literal = literal;
        this.glob = glob;
        this.cased = cased;
    }

    /** The value as written (wildcards and escapes interpreted), with {@code *} added around it as asked. */
    static StringPattern of(String value, boolean leadingStar, boolean trailingStar, boolean cased) {
        StringBuilder literal = new StringBuilder();
        List<String> segments = new ArrayList<>();
        List<BitSet> singles = new ArrayList<>();
        BitSet single = new BitSet();
        boolean wild = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() && "*?\\".indexOf(value.charAt(i + 1)) >= 0) {
                literal.append(value.charAt(++i));
            } else if (c == '*') {
                wild = true;
                segments.add(literal.toString());
                singles.add(single);
                literal.setLength(0);
                single = new BitSet();
            } else if (c == '?') {
                wild = true;
                single.set(literal.length());
                literal.append('?');
            } else {
                literal.append(c);
            }
        }
        if (!wild) {
            Mode mode = leadingStar && trailingStar ? Mode.CONTAINS : leadingStar ? Mode.ENDS
                    : trailingStar ? Mode.STARTS : Mode.EQUALS;
            return new StringPattern(mode, literal.toString(), null, cased);
        }
        segments.add(literal.toString());
        singles.add(single);
        if (leadingStar) {
            segments.add(0, "");
            singles.add(0, new BitSet());
        }
        if (trailingStar) {
            segments.add("");
            singles.add(new BitSet());
        }
        return new StringPattern(Mode.GLOB, null, new Glob(segments, singles, !cased), cased);
    }

    boolean test(String text) {
        boolean ignore = !cased;
        return switch (mode) {
            case EQUALS -> cased ? text.equals(literal) : text.equalsIgnoreCase(literal);
            case STARTS -> text.regionMatches(ignore, 0, literal, 0, literal.length());
            case ENDS -> text.length() >= literal.length()
                    && text.regionMatches(ignore, text.length() - literal.length(), literal, 0, literal.length());
            case CONTAINS -> contains(text, ignore);
            case GLOB -> glob.matches(text);
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
