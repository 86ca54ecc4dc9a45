package io.trailkeeper.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/** JSON documents the commands print (summaries, verify's manifest). */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /**
     * Prints the object, indented, then a line end. It is written to {@code out} as it is serialized, never held
     * whole as one string: verify's manifest of a month of log files is hundreds of MB (its file lists may be
     * {@link Iterable}s made as they are written).
     */
    static void printObject(PrintWriter out, Map<String, Object> object) {
        try {
            JsonGenerator generator = MAPPER.getFactory().createGenerator(out)
                    .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            MAPPER.writeValue(generator, object);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON: " + e.getMessage(), e);
        }
        out.println();
    }
}
