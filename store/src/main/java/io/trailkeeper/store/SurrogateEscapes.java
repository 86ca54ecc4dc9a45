package io.trailkeeper.store;

/**
 * Lone surrogate escapes in a record's JSON text: a six-character escape of a code unit D800..DFFF without its pair
 * (RFC 8259's grammar allows it, Unicode does not). DuckDB's JSON reader refuses such a text, and one such record
 * made every statement that read records as JSON fail ("Invalid result set"). {@link #repaired} writes the escape of
 * U+FFFD in place of each lone one (six characters for six, so nothing else moves); a pair (an emoji's D83D DE00)
 * and an escaped backslash before a {@code u} are left as they are.
 */
final class SurrogateEscapes {
    private static final String REPLACEMENT = "ufffd";

    private SurrogateEscapes() {
    }

    /** {@code json} with each lone surrogate escape replaced by U+FFFD's; {@code json} itself when none. */
    static String repaired(String json) {
        StringBuilder out = null;
        int i = json.indexOf('\\');
        while (i >= 0 && i + 1 < json.length()) {
            int unit = unit(json, i);
            int next = i + 2;
            if (Character.isHighSurrogate((char) unit) && Character.isLowSurrogate((char) unit(json, i + 6))) {
                next = i + 12;
            } else if (Character.isSurrogate((char) unit) && unit >= 0) {
                out = out == null ? new StringBuilder(json) : out;
                out.replace(i + 1, i + 6, REPLACEMENT);
                next = i + 6;
            }
            i = json.indexOf('\\', next);
        }
        return out == null ? json : out.toString();
    }

    /** The code unit of the unicode escape at {@code at}, -1 when there is none (another escape, or none). */
    private static int unit(String json, int at) {
        if (at + 6 > json.length() || json.charAt(at) != '\\' || json.charAt(at + 1) != 'u') {
            return -1;
        }
        try {
            return Integer.parseInt(json, at + 2, at + 6, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
