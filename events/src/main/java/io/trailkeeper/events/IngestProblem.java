package io.trailkeeper.events;

import java.util.Objects;

/**
 * Something about one input that a user must know: a file that could not be read, a record that was
 * rejected, or a record that was stored with a repaired or missing value.
 *
 * @param source     the file (or S3 key, or region) the input came from; for a member of an archive,
 *                   {@code archive.zip!/member}
 * @param location   where in the source: {@code Records[12]}, {@code line 40}, {@code byte 1024}, or empty
 * @param byteOffset offset in the uncompressed content, or -1 when unknown
 * @param code       what went wrong
 * @param outcome    what became of the data concerned
 * @param message    one sentence naming the reason, for people
 * @param excerpt    the start of the offending content (at most a few KiB), or null; kept so that a
 *                   rejected record is never lost without a trace
 */
public record IngestProblem(String source, String location, long byteOffset, ProblemCode code, Outcome outcome,
                            String message, String excerpt) {

    /** What became of the data a problem concerns. */
    public enum Outcome {
        /** The record was stored; a value was missing, repaired or coerced. */
        STORED,
        /** The record, or the rest of the file, was not stored. */
        REJECTED,
        /** The file holds no CloudTrail records; nothing was expected from it. */
        SKIPPED
    }

    public IngestProblem {
        Objects.requireNonNull(source);
        Objects.requireNonNull(location);
        Objects.requireNonNull(code);
        Objects.requireNonNull(outcome);
        Objects.requireNonNull(message);
    }

    /**
     * What a failure that stops reading a file loses, as the start of a {@link Outcome#REJECTED} message (which
     * {@link #describe} puts after "not stored: "): the records read before it were stored, the rest was not.
     */
    static String restOfFile(long storedBefore) {
        return storedBefore == 0 ? "the whole file (no record could be read before this)"
                : "the rest of the file after its first " + storedBefore + (storedBefore == 1 ? " record" : " records")
                + " (" + (storedBefore == 1 ? "that one was" : "those " + storedBefore + " were") + " stored)";
    }

    /** One line for people: {@code FILE: LOCATION: message [TK-IN-nn]}. */
    public String describe() {
        String where = location.isEmpty() ? source : source + ": " + location;
        String what = switch (outcome) {
            case STORED -> "stored with a warning: ";
            case REJECTED -> "not stored: ";
            case SKIPPED -> "skipped: ";
        };
        return where + ": " + what + message + " [" + code.code() + "]";
    }
}
