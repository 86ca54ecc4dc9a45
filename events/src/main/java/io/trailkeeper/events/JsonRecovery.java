package io.trailkeeper.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;

/**
 * How {@link JsonDocumentReader} goes on after bad JSON: a comma that holds nothing, a value beyond the parser's
 * limits. Reached only when the parser has refused something, never for a well-formed record, so it costs the
 * ingest's hot path nothing.
 */
final class JsonRecovery {
    /** How far back a closing bracket's comma is looked for (white space between them). */
    private static final int COMMA_LOOKBACK = 256;

    private JsonRecovery() {
    }

    /**
     * Whether the parser stopped, at {@code at}, at a comma that holds nothing: one between top-level values (an
     * array's elements written one a line, each with its comma), or one before a top-level array's closing bracket.
     */
    static boolean strayComma(RetainingInputStream in, long at, boolean betweenValues, boolean inTopLevelArray) {
        byte[] here = at < 0 ? new byte[0] : in.excerpt(at, 1);
        if (here.length == 0) {
            return false;
        }
        if (betweenValues) {
            return here[0] == ',';
        }
        if (!inTopLevelArray || here[0] != ']') {
            return false;
        }
        for (long i = at - 1; i >= Math.max(0, at - COMMA_LOOKBACK); i--) {
            byte[] b = in.excerpt(i, 1);
            if (b.length == 0 || b[0] != ' ' && b[0] != '\n' && b[0] != '\r' && b[0] != '\t') {
                return b.length > 0 && b[0] == ',';
            }
        }
        return false;
    }

    /** Why a value beyond the parser's limits (over {@link Json}'s, where CloudTrail never goes) was rejected. */
    static String beyondLimits(StreamConstraintsException e) {
        String reason = JsonDocumentReader.firstLine(e.getOriginalMessage());
        return reason.contains("nesting depth")
                ? String.format("the record is nested deeper than %,d levels (CloudTrail writes nothing that deep)",
                        Json.MAX_DEPTH)
                : "the record is beyond the reader's limits (" + reason + ")";
    }

    /**
     * A parser over the rest of {@code in}, first fed {@code context} (the opening of the array a value passed over
     * was in, and a number standing for that value) and moved past it, so that it goes on where the old one was.
     */
    static JsonParser parserAfterPassedOver(RetainingInputStream in, String context) throws IOException {
        byte[] opening = context.getBytes(StandardCharsets.US_ASCII);
        JsonParser parser = Json.FACTORY.createParser(new SequenceInputStream(new ByteArrayInputStream(opening), in));
        JsonToken t = context.isEmpty() ? JsonToken.VALUE_NUMBER_INT : parser.nextToken();
        while (t != JsonToken.VALUE_NUMBER_INT) {
            t = parser.nextToken(); // the opening's tokens, up to the value standing for the one passed over
        }
        return parser;
    }
}
