package io.trailkeeper.events;

/** The shape an event arrived in, kept with the event as part of its provenance. */
public enum SourceKind {
    /** A trail's log file as CloudTrail delivers it to S3: {@code {"Records":[...]}}. */
    TRAIL_FILE("trail-file"),
    /** A JSON array of records. */
    JSON_ARRAY("json-array"),
    /** Records one after another: JSON lines, or concatenated objects. */
    JSON_LINES("json-lines"),
    /** A LookupEvents response or item: the record is the {@code CloudTrailEvent} string. */
    LOOKUP_EVENTS("lookup-events"),
    /** An envelope around a record (EventBridge's {@code detail}, or an {@code event} wrapper). */
    ENVELOPE("envelope"),
    /**
     * A CloudWatch Logs event of a log group CloudTrail sends to: the record is the event's {@code message}
     * string (a subscription's {@code logEvents[]}, FilterLogEvents or GetLogEvents output's {@code events[]},
     * or an export to S3, one event a line after its time).
     */
    CLOUDWATCH_LOGS("cloudwatch-logs");

    private final String label;

    SourceKind(String label) {
        this.label = label;
    }

    /** The name used in the store and in output. */
    public String label() {
        return label;
    }
}
