package io.trailkeeper.events;

/**
 * Receives what a {@link CloudTrailReader} finds in one input, in input order. Implementations are
 * called from the reading thread only.
 */
public interface RecordSink {
    /**
     * A record. Any problems about it (a repaired or missing value) are reported through
     * {@link #problem} before this call.
     *
     * @param index the record's position in its source: the array index, or the 0-based line for JSON lines
     */
    void event(CloudTrailEvent event, SourceKind kind, long index);

    /** A CloudTrail-Digest document: recognised and not an event. */
    void digest(String source);

    void problem(IngestProblem problem);
}
