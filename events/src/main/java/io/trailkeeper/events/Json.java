package io.trailkeeper.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;

/** The one JSON factory the readers share, with limits set for hostile input rather than Jackson's defaults. */
final class Json {
    static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNestingDepth(1_000)
                    // names, like strings, are bounded by the reader's record size limit, which reports the
                    // record and goes on; a constraint failure here would end the file at that record
                    .maxNameLength(Integer.MAX_VALUE)
                    .build())
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .build();

    private Json() {
    }

    /** Removes white space outside strings; returns the same array when there is none. */
    static byte[] compact(byte[] json) {
        int firstSpace = firstInsignificantSpace(json);
        if (firstSpace < 0) {
            return json;
        }
        byte[] out = new byte[json.length];
        System.arraycopy(json, 0, out, 0, firstSpace);
        int n = firstSpace;
        boolean inString = false;
        boolean escaped = false;
        for (int i = firstSpace; i < json.length; i++) {
            byte b = json[i];
            if (inString) {
                out[n++] = b;
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                continue;
            } else {
                out[n++] = b;
                if (b == '"') {
                    inString = true;
                }
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    static int firstInsignificantSpace(byte[] json) {
        boolean inString = false;
        boolean escaped = false;
        for (int i = 0; i < json.length; i++) {
            byte b = json[i];
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                return i;
            }
        }
        return -1;
    }

    /** A short description of the current token's type, for messages. */
    static String describe(JsonParser p) {
        return switch (p.currentToken()) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> String.valueOf(p.currentToken());
        };
    }
}
