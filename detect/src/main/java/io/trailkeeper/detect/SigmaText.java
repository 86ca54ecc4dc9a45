package io.trailkeeper.detect;

/**
 * A Sigma string value without wildcards as the text it stands for. Both backends read such values with this
 * (base64 encodes the text, the SQL backend's pre-filter compares it), so that they resolve escapes alike.
 */
public final class SigmaText {
    private SigmaText() {
    }

    /**
     * The value with Sigma's escapes resolved ({@code \*}, {@code \?} and {@code \\} are the character itself; a
     * backslash before anything else is literal), or null when it has a wildcard ({@code *} or {@code ?}).
     */
    public static String plain(String sigma) {
        StringBuilder b = new StringBuilder(sigma.length());
        for (int i = 0; i < sigma.length(); i++) {
            char c = sigma.charAt(i);
            if (c == '\\' && i + 1 < sigma.length() && "*?\\".indexOf(sigma.charAt(i + 1)) >= 0) {
                b.append(sigma.charAt(++i));
            } else if (c == '*' || c == '?') {
                return null;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
