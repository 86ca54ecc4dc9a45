package io.trailkeeper.events;

/**
 * What went wrong with an input, with a stable code that users can search for and scripts can match.
 * The codes never change meaning; new problems get new codes.
 */
public enum ProblemCode {
    UNREADABLE("TK-IN-01", "the file could not be read"),
    CORRUPT_COMPRESSION("TK-IN-02", "the compressed data is damaged"),
    UNSUPPORTED_COMPRESSION("TK-IN-03", "the compression format is not supported"),
    NOT_JSON("TK-IN-04", "the content is not JSON"),
    MALFORMED_JSON("TK-IN-05", "the JSON is malformed"),
    TRUNCATED("TK-IN-06", "the input ends in the middle of a record"),
    NOT_CLOUDTRAIL("TK-IN-07", "the JSON is not CloudTrail"),
    NOT_AN_OBJECT("TK-IN-08", "a record is not a JSON object"),
    RECORD_TOO_LARGE("TK-IN-09", "a record is larger than the limit"),
    BAD_LOOKUP_EVENT("TK-IN-10", "a LookupEvents item has no readable CloudTrailEvent"),
    INVALID_UTF8("TK-IN-11", "invalid UTF-8 was replaced"),
    MISSING_EVENT_TIME("TK-IN-12", "the record has no eventTime"),
    BAD_EVENT_TIME("TK-IN-13", "the record's eventTime is not a time"),
    MISSING_EVENT_NAME("TK-IN-14", "the record has no eventName"),
    WRONG_TYPE("TK-IN-15", "a field has a value of the wrong type"),
    BAD_LOG_EVENT("TK-IN-16", "a CloudWatch Logs event's message is not a CloudTrail record"),
    NAMES_LEFT_OUT("TK-IN-17", "some of a record's resource names were not indexed"),
    TOO_DEEP("TK-IN-18", "a record is beyond the reader's limits (nesting depth, number length)"),
    DUPLICATE_KEY("TK-IN-19", "a record names a field twice, with different values");

    private final String code;
    private final String summary;

    ProblemCode(String code, String summary) {
        this.code = code;
        this.summary = summary;
    }

    /** The stable code, e.g. {@code TK-IN-06}. */
    public String code() {
        return code;
    }

    public String summary() {
        return summary;
    }
}
