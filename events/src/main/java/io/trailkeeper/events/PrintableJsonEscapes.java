package io.trailkeeper.events;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * JSON string escapes for output a terminal may show: besides what JSON requires (quote, backslash, U+0000 to
 * U+001F), DEL, the C1 controls (U+0080 to U+009F: U+009B starts a terminal sequence on its own), the format
 * characters of the Basic Multilingual Plane (direction overrides and isolates, zero-width characters, the byte
 * order mark) and U+2028/U+2029 are written as <code>&#92;uXXXX</code>, and so is every character beyond the Basic
 * Multilingual Plane, as its surrogate pair: among them are the invisible tag characters (U+E0000 to U+E007F, which
 * can spell hidden text) and variation selectors, and escapes are written per UTF-16 unit, so a pair cannot be
 * told apart from another by its first half alone (an emoji is written <code>&#92;uD83D&#92;uDE00</code>). The JSON
 * means exactly the same values; only an attacker's text can no longer reorder or hide what the terminal shows.
 */
public class PrintableJsonEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii = standardAsciiEscapesForJSON();

    public PrintableJsonEscapes() {
        ascii[0x7F] = ESCAPE_STANDARD;
    }

    /** Makes {@code c}, an ASCII character, written as a <code>&#92;u</code> escape too. */
    protected final void escapeAscii(char c) {
        ascii[c] = ESCAPE_STANDARD;
    }

    @Override
    public final int[] getEscapeCodesForAscii() {
        return ascii;
    }

    @Override
    public final SerializableString getEscapeSequence(int ch) {
        return escaped(ch) ? new SerializedString(escape(ch)) : null;
    }

    /**
     * JSON text (a stored record) with the characters above written as <code>&#92;u</code> escapes: the same JSON
     * value, for a terminal. Valid JSON holds them only inside strings, where such an escape means the character.
     */
    public static String printable(String json) {
        StringBuilder b = null;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c >= 0x7F && escaped(c)) {
                if (b == null) {
                    b = new StringBuilder(json.length() + 16).append(json, 0, i);
                }
                b.append(escape(c));
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? json : b.toString();
    }

    private static boolean escaped(int ch) {
        int type = Character.getType(ch);
        return ch <= 0x9F || type == Character.FORMAT || type == Character.SURROGATE || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static String escape(int ch) {
        return String.format("\\u%04X", ch);
    }
}
