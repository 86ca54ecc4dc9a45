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
     * @param source the input it came from (for a member of an archive, {@code archive.zip!/member})
     * @param index  the record's position in its source: the array index, or the top-level value's index
     */
    void event(CloudTrailEvent event, String source, SourceKind kind, long index);

    /** A CloudTrail-Digest document: recognised and not an event. */
    void digest(String source);

    void problem(IngestProblem problem);
}
