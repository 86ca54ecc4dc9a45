package io.trailkeeper.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.trailkeeper.events.PrintableJsonEscapes;
import io.trailkeeper.events.TableSink;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/**
 * JSON: an array of objects, one per row, keyed by column; or, with {@code lines}, one object per line.
 * Times are ISO-8601 UTC strings, lists are arrays, missing values are null. Control, direction and invisible
 * characters in strings are <code>&#92;u</code> escapes ({@link PrintableJsonEscapes}): the same values, safe on a
 * terminal.
 */
public final class JsonRenderer implements TableSink {
    private static final JsonFactory JSON = new JsonFactory().setCharacterEscapes(new PrintableJsonEscapes());

    private final PrintWriter out;
    private final boolean lines;
    private JsonGenerator json;
    private List<String> columns = List.of();

    public JsonRenderer(PrintWriter out, boolean lines) {
        this.out = out;
        this.lines = lines;
    }

    @Override
    public void columns(List<String> names) {
        columns = List.copyOf(names);
        try {
            json = JSON.createGenerator(out);
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            if (lines) {
                // Jackson puts a space between root-level values; each line should start with its object.
                json.setRootValueSeparator(null);
            } else {
                json.useDefaultPrettyPrinter();
                json.writeStartArray();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void row(List<Object> values) {
        try {
            json.writeStartObject();
            for (int i = 0; i < columns.size(); i++) {
                json.writeFieldName(columns.get(i));
                write(json, i < values.size() ? values.get(i) : null);
            }
            json.writeEndObject();
            if (lines) {
                json.flush();
                out.print('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void end() {
        try {
            if (!lines) {
                json.writeEndArray();
            }
            json.flush();
            if (!lines) {
                out.print('\n');
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(JsonGenerator json, Object v) throws IOException {
        if (v == null) {
            json.writeNull();
        } else if (v instanceof String s) {
            json.writeString(s);
        } else if (v instanceof Boolean b) {
            json.writeBoolean(b);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            json.writeNumber(((Number) v).longValue());
        } else if (v instanceof Double d) {
            json.writeNumber(d);
        } else if (v instanceof Float f) {
            json.writeNumber(f);
        } else if (v instanceof BigDecimal d) {
            json.writeNumber(d);
        } else if (v instanceof BigInteger d) {
            json.writeNumber(d);
        } else if (v instanceof Number n) {
            writeOtherNumber(json, n);
        } else if (v instanceof Instant t) {
            json.writeString(t.toString());
        } else if (v instanceof List<?> list) {
            json.writeStartArray();
            for (Object item : list) {
                write(json, item);
            }
            json.writeEndArray();
        } else {
            json.writeString(v.toString());
        }
    }

    /** AtomicLong, LongAdder and the like: exactly, if their text is a number, else as a double. */
    private static void writeOtherNumber(JsonGenerator json, Number n) throws IOException {
        BigDecimal exact;
        try {
            exact = new BigDecimal(n.toString());
        } catch (NumberFormatException e) {
            json.writeNumber(n.doubleValue());
            return;
        }
        json.writeNumber(exact);
    }
}
