package io.trailkeeper.report.incident;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.trailkeeper.events.PrintableJsonEscapes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * JSON that can be put inside an HTML {@code <script>} element or a JavaScript source as it is: {@code <},
 * {@code >} and {@code &} are written as <code>&#92;u003c</code>, <code>&#92;u003e</code> and
 * <code>&#92;u0026</code>, and the line separators U+2028 and U+2029 as <code>&#92;u2028</code> and
 * <code>&#92;u2029</code>, so that no value can close the element, open a comment or end a JavaScript string;
 * control, direction and invisible characters are escaped too ({@link PrintableJsonEscapes}). Any JSON parser
 * reads the same values back.
 */
final class SafeJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    static {
        JSON.getFactory().setCharacterEscapes(new Escapes());
    }

    private SafeJson() {
    }

    /** The value (maps, lists, strings, numbers, booleans, null) as compact JSON text. */
    static String text(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value, indented, to {@code out} (which is flushed, not closed). */
    static void write(Object value, Writer out) throws IOException {
        JSON.writerWithDefaultPrettyPrinter().writeValue(out, value);
        out.flush();
    }

    private static final class Escapes extends PrintableJsonEscapes {
        private static final long serialVersionUID = 1L;

        Escapes() {
            escapeAscii('<');
            escapeAscii('>');
            escapeAscii('&');
        }
    }
}
