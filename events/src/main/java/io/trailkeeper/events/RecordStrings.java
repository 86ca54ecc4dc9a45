package io.trailkeeper.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The envelopes that hold a record in a JSON string or list it under their own name: a LookupEvents item's
 * CloudTrailEvent, a CloudWatch Logs event's message (a subscription's logEvents, FilterLogEvents' and GetLogEvents'
 * events), a Firehose failure document's base64 rawData. One per {@link JsonDocumentReader}, which hands it the
 * strings and takes back the records to deliver.
 */
final class RecordStrings {
    /**
     * A CloudWatch Logs event list whose first events hold no CloudTrail record is another log group's (an
     * application's, a Lambda's): the rest of it is passed over with one note instead of a problem an event.
     */
    static final int LOG_EVENTS_TO_JUDGE_BY = 10;

    private final JsonDocumentReader reader;
    private final String source;
    private final RecordSink sink;
    private final ProblemLimiter problems;
    private final int maxRecordBytes;

    RecordStrings(JsonDocumentReader reader, String source, RecordSink sink, ProblemLimiter problems,
                  int maxRecordBytes) {
        this.reader = reader;
        this.source = source;
        this.sink = sink;
        this.problems = problems;
        this.maxRecordBytes = maxRecordBytes;
    }

    /**
     * The arrays whose elements are records or hold one: a trail file's Records, LookupEvents' Events, and the
     * events of CloudWatch Logs (a subscription's logEvents, FilterLogEvents' and GetLogEvents' events).
     */
    static SourceKind listKind(String name) {
        return switch (name) {
            case "Records" -> SourceKind.TRAIL_FILE;
            case "Events" -> SourceKind.LOOKUP_EVENTS;
            case "logEvents", "events" -> SourceKind.CLOUDWATCH_LOGS;
            default -> null;
        };
    }

    /** Says that the CloudWatch Logs event list {@code arrayName}, at {@code at}, is passed over after its first events. */
    void notCloudTrailLogGroup(String arrayName, long at, long judged) {
        // no excerpt: another log group's lines may hold anything
        problems.report(ProblemCode.NOT_CLOUDTRAIL, arrayName, at, IngestProblem.Outcome.SKIPPED,
                "not CloudTrail: the first " + judged + " events of " + arrayName + " hold no CloudTrail"
                        + " record: the log group is not CloudTrail's; the rest of the list was passed over",
                null);
    }

    /** Reads a Firehose failure document's rawData (see {@link FirehoseRawData}); returns the records delivered. */
    long firehoseRawData(String base64, String location, long index) {
        return FirehoseRawData.read(source, base64, location, index, maxRecordBytes, sink, problems);
    }

    /**
     * A record held in a JSON string: a LookupEvents item's CloudTrailEvent, a CloudWatch Logs event's message, or
     * an element of an array of such strings. {@code what} names the string in messages.
     */
    void read(String text, String fallbackTime, long start, long end, long index, String location, SourceKind kind,
              String what) {
        boolean logEvent = kind == SourceKind.CLOUDWATCH_LOGS;
        ProblemCode code = logEvent ? ProblemCode.BAD_LOG_EVENT : ProblemCode.BAD_LOOKUP_EVENT;
        // replacements of invalid UTF-8 in a string rejected here are dropped with the next value's start
        if (logEvent && text.startsWith("CWL CONTROL MESSAGE")) {
            return; // CloudWatch Logs checks that a subscription's destination is reachable with these: not events
        }
        if (logEvent && !text.stripLeading().startsWith("{")) {
            // an application's log line, not an event: said, but not repeated (it may hold anything)
            problems.report(ProblemCode.NOT_CLOUDTRAIL, location, start, IngestProblem.Outcome.SKIPPED,
                    "not CloudTrail: the log event's message is not a JSON record", null);
            return;
        }
        byte[] record = text.getBytes(StandardCharsets.UTF_8);
        if (record.length > maxRecordBytes) {
            reader.tooLarge(start, end, location);
            return;
        }
        RecordScan scan;
        try {
            scan = RecordScan.ofString(record);
        } catch (IOException | RuntimeException e) {
            problems.report(code, location, start, IngestProblem.Outcome.REJECTED,
                    what + " is not a JSON record (" + JsonDocumentReader.firstLine(e.getMessage()) + ")",
                    JsonDocumentReader.excerpt(record));
            return;
        }
        if (!scan.isRecord()) {
            problems.report(code, location, start, IngestProblem.Outcome.REJECTED,
                    what + " has no eventName or eventSource", JsonDocumentReader.excerpt(record));
            return;
        }
        reader.deliver(scan, record, end, kind, index, location, fallbackTime);
    }
}
