package io.trailkeeper.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** The one JSON factory the readers share, with limits set for hostile input rather than Jackson's defaults. */
final class Json {
    /** How deep a document may nest; deeper ones are passed over by the reader, not parsed. */
    static final int MAX_DEPTH = 1_000;

    static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNestingDepth(MAX_DEPTH)
                    // names, like strings, are bounded by the reader's record size limit, which reports the
                    // record and goes on; a constraint failure here would end the file at that record
                    .maxNameLength(Integer.MAX_VALUE)
                    .build())
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .build();

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

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

    /** Where the first white space outside strings is, or -1 (see {@link #maySpaceOutsideStrings}). */
    static int firstInsignificantSpace(byte[] json) {
        return maySpaceOutsideStrings(json) ? firstSpaceFollowingStrings(json) : -1;
    }

    /** As {@link #firstInsignificantSpace}, following the strings byte by byte. */
    static int firstSpaceFollowingStrings(byte[] json) {
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

    /**
     * False when a JSON document (valid, from its first byte to its last, as the parser read it) has no white space
     * outside strings; true when it may have some. White space between two tokens always touches a structural
     * character ({}[]:,) on one side, since two other tokens are never next to each other; and only a space can be
     * in a string ('\\n', '\\r' and '\\t' are escaped there). So a document without a tab or line break, and without
     * a space next to a structural character, has none. The test passes over eight bytes at a time where none is
     * below '!', which is most of a record: five times as fast as following the strings byte by byte, which is
     * left for the few records it cannot clear (a space after a colon in an error message, say).
     */
    private static boolean maySpaceOutsideStrings(byte[] json) {
        int n = json.length;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long word = (long) LONGS.get(json, i);
            if (((word - ONES * '!') & ~word & HIGHS) != 0 && spaceNextToStructure(json, i, i + 8)) {
                return true;
            }
        }
        return spaceNextToStructure(json, i, n);
    }

    private static boolean spaceNextToStructure(byte[] json, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = json[i];
            if (b == '\n' || b == '\r' || b == '\t') {
                return true;
            }
            if (b == ' ' && (i == 0 || i == json.length - 1 || structural(json[i - 1]) || structural(json[i + 1]))) {
                return true;
            }
        }
        return false;
    }

    private static boolean structural(byte b) {
        return b == ':' || b == ',' || b == '{' || b == '}' || b == '[' || b == ']';
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
