package io.trailkeeper.detect;

/**
 * The longest text every match of a {@link java.util.regex.Pattern} must contain, read conservatively: a
 * construct it does not fully understand (top-level alternation, inline flags, a malformed piece) gives no
 * text at all, and everything that is not a plain character (classes, groups, escapes like {@code \d}, the
 * text inside {@code {1,3}} or {@code \p{L}}) ends a run. A wrong answer would make a regex silently match
 * nothing, so the rule is: only characters that every match contains, in that order, side by side.
 */
final class RegexLiteral {
    private final String re;
    private int i;
    private String best = "";
    private final StringBuilder run = new StringBuilder();

    private RegexLiteral(String re) {
        this.re = re;
    }

    /** Thrown when the pattern holds something this reader does not follow: then there is no pre-check. */
    private static final class Unsure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsure() {
            super(null, null, false, false);
        }
    }

    /** The text every match contains ("" when none is certain), or null when the pattern is not understood. */
    static String required(String regex) {
        try {
            return new RegexLiteral(regex).scan();
        } catch (Unsure | IndexOutOfBoundsException | NumberFormatException e) {
            return null;
        }
    }

    private String scan() {
        while (i < re.length()) {
            String atom = atom();
            int min = quantifier();
            if (atom == null || min == 0) {
                if (atom != null) {
                    run.append(atom, 0, atom.length() - Character.charCount(atom.codePointBefore(atom.length())));
                }
                flush();
            } else {
                run.append(atom);
                if (min > 0) {
                    // a+ : the text up to the first a, and from the last a on, are each certain
                    String last = atom.substring(atom.length() - Character.charCount(atom.codePointBefore(atom.length())));
                    flush();
                    run.append(last);
                }
            }
        }
        flush();
        return best;
    }

    private void flush() {
        if (run.length() > best.length()) {
            best = run.toString();
        }
        run.setLength(0);
    }

    /** The next atom's literal text (a quantifier applies to its last character), or null when it is not one. */
    private String atom() {
        int c = re.codePointAt(i);
        switch (c) {
            case '\\' -> {
                return escape();
            }
            case '[' -> {
                skipClass();
                return null;
            }
            case '(' -> {
                skipGroup();
                return null;
            }
            case '.', '^', '$' -> {
                i++;
                return null;
            }
            case '|', ')', '*', '+', '?', '{' -> throw new Unsure();
            default -> {
                i += Character.charCount(c);
                return new String(Character.toChars(c));
            }
        }
    }

    private String escape() {
        char n = re.charAt(i + 1);
        if (!(n >= 'a' && n <= 'z' || n >= 'A' && n <= 'Z' || n >= '0' && n <= '9')) {
            int cp = re.codePointAt(i + 1);
            i += 1 + Character.charCount(cp);
            return new String(Character.toChars(cp));
        }
        i += 2;
        switch (n) {
            case 'Q' -> {
                int end = re.indexOf("\\E", i);
                String quoted = re.substring(i, end < 0 ? re.length() : end);
                i = end < 0 ? re.length() : end + 2;
                if (quoted.isEmpty()) {
                    throw new Unsure(); // \Q\E? would quantify what came before
                }
                return quoted;
            }
            case 'x' -> {
                int cp;
                if (re.charAt(i) == '{') {
                    int close = re.indexOf('}', i);
                    cp = Integer.parseInt(re.substring(i + 1, close), 16);
                    i = close + 1;
                } else {
                    cp = Integer.parseInt(re.substring(i, i + 2), 16);
                    i += 2;
                }
                return Character.isValidCodePoint(cp) && !Character.isSurrogate((char) cp)
                        ? new String(Character.toChars(cp)) : null;
            }
            case 'u' -> {
                char cp = (char) Integer.parseInt(re.substring(i, i + 4), 16);
                i += 4;
                return Character.isSurrogate(cp) ? null : String.valueOf(cp); // a pair is two atoms: unsure
            }
            case 't', 'n', 'r', 'f', 'a', 'e' -> {
                return String.valueOf("\t\n\r\f\u0007\u001b".charAt("tnrfae".indexOf(n)));
            }
            case '0' -> {
                for (int k = 0; k < 3 && i < re.length() && re.charAt(i) >= '0' && re.charAt(i) <= '7'; k++) {
                    i++;
                }
                return null;
            }
            case 'c' -> i++;
            case 'p', 'P', 'N', 'b' -> {
                if (i < re.length() && re.charAt(i) == '{') {
                    i = closing(i, '}');
                } else if (n == 'p' || n == 'P') {
                    i++;
                }
            }
            case 'k' -> i = closing(i, '>');
            default -> {
                while (n >= '1' && n <= '9' && i < re.length() && Character.isDigit(re.charAt(i))) {
                    i++; // a back reference takes the digits that follow: they are no literal for us
                }
            }
        }
        return null;
    }

    private int closing(int from, char close) {
        int at = re.indexOf(close, from);
        if (at < 0) {
            throw new Unsure();
        }
        return at + 1;
    }

    /** -1 when no quantifier follows, else the least number of times it allows. */
    private int quantifier() {
        if (i >= re.length()) {
            return -1;
        }
        int min;
        char c = re.charAt(i);
        if (c == '?' || c == '*') {
            min = 0;
            i++;
        } else if (c == '+') {
            min = 1;
            i++;
        } else if (c == '{') {
            int close = closing(i, '}');
            String body = re.substring(i + 1, close - 1);
            if (!body.matches("\\d{1,9}(,\\d{0,9})?")) {
                throw new Unsure();
            }
            int comma = body.indexOf(',');
            min = Integer.parseInt(comma < 0 ? body : body.substring(0, comma));
            i = close;
        } else {
            return -1;
        }
        if (i < re.length() && (re.charAt(i) == '?' || re.charAt(i) == '+')) {
            i++; // lazy or possessive
        }
        return min;
    }

    /** Past a character class, nested ones included; where Java's reading is not plain, unsure. */
    private void skipClass() {
        i++;
        if (re.charAt(i) == '^') {
            i++;
        }
        boolean any = false;
        if (re.charAt(i) == ']') {
            i++; // first in the class, ] is a member
            any = true;
        }
        while (true) {
            char c = re.charAt(i);
            if (c == ']' && any) {
                i++;
                return;
            }
            if (c == '\\') {
                any |= skipEscapeInside();
            } else if (c == '[') {
                skipClass();
                any = true;
            } else if (c == '&' && re.charAt(i + 1) == '&') {
                throw new Unsure();
            } else {
                i++;
                any = true;
            }
        }
    }

    /** Past a group, its classes and escapes; inline flags change how the rest reads: unsure. */
    private void skipGroup() {
        if (re.startsWith("(?", i) && i + 2 < re.length()
                && (Character.isLetter(re.charAt(i + 2)) || re.charAt(i + 2) == '-')) {
            throw new Unsure();
        }
        i++;
        int depth = 1;
        while (depth > 0) {
            char c = re.charAt(i);
            if (c == '\\') {
                skipEscapeInside();
            } else if (c == '[') {
                skipClass();
            } else {
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                i++;
            }
        }
    }

    /** Past an escape inside a class or group; false when it was an empty quote. */
    private boolean skipEscapeInside() {
        if (re.charAt(i + 1) == 'Q') {
            int end = re.indexOf("\\E", i + 2);
            boolean empty = end == i + 2;
            i = end < 0 ? re.length() : end + 2;
            if (end < 0) {
                throw new Unsure();
            }
            return !empty;
        }
        i += 2;
        return true;
    }
}
