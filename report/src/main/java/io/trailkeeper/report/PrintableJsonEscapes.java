package io.trailkeeper.report;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * JSON string escapes for output a terminal may show: besides what JSON requires (quote, backslash, U+0000 to
 * U+001F), DEL, the C1 controls (U+0080 to U+009F: U+009B starts a terminal sequence on its own), the format
 * characters of the Basic Multilingual Plane (direction overrides and isolates, zero-width characters, the byte
 * order mark) and U+2028/U+2029 are written as <code>&#92;uXXXX</code>. The JSON means exactly the same values;
 * only an attacker's text can no longer reorder or hide what the terminal shows.
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
        int type = Character.getType(ch);
        if (ch <= 0x9F || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR) {
            return new SerializedString(String.format("\\u%04X", ch));
        }
        return null;
    }
}
