package io.trailkeeper.events;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the JSON of one decoded input and hands its records to a sink. One instance per input.
 *
 * <p>Top-level values one after another (JSON lines) are read one by one; after a syntax error the
 * reader starts again at the next line that begins with '{', so a bad line costs only itself. Inside an
 * array (a trail file's Records, a JSON array) a syntax error ends the file: what follows cannot be
 * trusted to be cut at the right places, so it is reported, not guessed at.
 */
final class JsonDocumentReader implements RecordScan.Offsets {
    private static final int EXCERPT_BYTES = 4096;

    private final String source;
    private final RetainingInputStream in;
    private final Utf8Sanitizer utf8;
    private final RecordSink sink;
    private final int maxRecordBytes;
    private final ProblemLimiter problems;
    private final RecordStrings strings;

    private JsonParser parser;
    /** Offset in the input where the current parser started; its own offsets are relative to it. */
    private long parserBase;
    /** Lines before the current parser's start, so that reported line numbers are the file's. */
    private long lineBase;
    private long topLevelValues;
    private long delivered;
    private boolean sawRecords;
    private boolean insideArray;
    private boolean empty;

    JsonDocumentReader(String source, RetainingInputStream in, Utf8Sanitizer utf8, RecordSink sink,
                       int maxRecordBytes) {
        this.source = source;
        this.in = in;
        this.utf8 = utf8;
        this.sink = sink;
        this.problems = new ProblemLimiter(source, sink);
        this.maxRecordBytes = maxRecordBytes;
        this.strings = new RecordStrings(this, source, sink, problems, maxRecordBytes);
    }

    long recordsDelivered() {
        return delivered;
    }

    /** Whether the input held nothing at all, or only white space. */
    boolean empty() {
        return empty;
    }

    /** Reads every top-level value. Stream failures (decompression, I/O) are thrown; JSON problems are reported. */
    void readAll() throws IOException {
        parser = Json.FACTORY.createParser(in);
        while (true) {
            long valueStart = -1;
            long valueLine = 0;
            boolean array = false;
            try {
                JsonToken t = parser.nextToken();
                if (t == null) {
                    empty = topLevelValues == 0 && problems.none();
                    return;
                }
                valueStart = tokenStart(parser);
                valueLine = line();
                in.release(valueStart);
                // replacements in what came before (a rejected value, a skipped line) are not this value's
                utf8.takeReplacementsBefore(valueStart);
                topLevelValues++;
                array = t == JsonToken.START_ARRAY;
                switch (t) {
                    case START_OBJECT -> readTopObject(valueStart, valueLine);
                    case START_ARRAY -> readElements(SourceKind.JSON_ARRAY, "");
                    default -> {
                        notCloudTrail("line " + valueLine, valueStart, "a JSON " + Json.describe(parser)
                                + " at the top level, not a record", IngestProblem.Outcome.REJECTED);
                        parser.skipChildren();
                    }
                }
            } catch (JsonEOFException e) {
                truncated(parserBase + e.getLocation().getByteOffset(), valueStart);
                return;
            } catch (StreamConstraintsException e) {
                if (!insideArray && passOver(e, valueStart, valueLine, "line " + valueLine, "")) {
                    continue;
                }
                problems.report(ProblemCode.RECORD_TOO_LARGE, "byte " + offsetOf(e), offsetOf(e),
                        IngestProblem.Outcome.REJECTED, lost() + e.getOriginalMessage(), null);
                return;
            } catch (JsonParseException e) {
                long at = offsetOf(e);
                if (JsonRecovery.strayComma(in, at, valueStart < 0, array && insideArray)) {
                    goOnAfter(at, e.getLocation().getLineNr());
                    continue;
                }
                if (valueStart >= 0 && in.exhausted()) {
                    // a cut after a comma or inside true/false/null is a syntax error to Jackson, not an EOF
                    truncated(at, valueStart);
                    return;
                }
                String reason = firstLine(e.getOriginalMessage());
                long from = valueStart >= 0 ? valueStart : at;
                long line = valueStart >= 0 ? valueLine : lineBase + e.getLocation().getLineNr();
                // nothing read yet and the first value is not JSON, or the very first token is not
                boolean atStart = delivered == 0 && !sawRecords && (from <= 0 || topLevelValues == 0);
                if (!insideArray && from >= 0 && resync(from, line)) {
                    problems.report(ProblemCode.MALFORMED_JSON, "line " + Math.max(1, line), at,
                            IngestProblem.Outcome.REJECTED, "not valid JSON at byte " + at + " (" + reason
                                    + "); this line was skipped", excerptFrom(from));
                    continue;
                }
                if (atStart) {
                    problems.report(ProblemCode.NOT_JSON, "", 0, IngestProblem.Outcome.SKIPPED, "not JSON (" + reason + ")",
                            excerptFrom(0));
                } else {
                    problems.report(ProblemCode.MALFORMED_JSON, "byte " + at, at, IngestProblem.Outcome.REJECTED,
                            lost() + "not valid JSON at byte " + at + ": " + reason, excerptFrom(from));
                }
                return;
            }
        }
    }

    /** Starts a new parser at the top level just after the byte at {@code at}, on the parser's line {@code line}. */
    private void goOnAfter(long at, int line) throws IOException {
        lineBase += line - 1;
        parserBase = at + 1;
        in.rewind(at + 1);
        insideArray = false;
        parser = Json.FACTORY.createParser(in);
    }

    /** Reports what was held back (problems beyond the per-code limit). */
    void finish() {
        problems.finish();
    }

    private void readTopObject(long start, long startLine) throws IOException {
        RecordScan scan = new RecordScan();
        boolean wrapper = false;
        JsonToken t;
        while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            SourceKind listed = value == JsonToken.START_ARRAY ? RecordStrings.listKind(name) : null;
            if (listed != null) {
                wrapper = true;
                in.release(tokenStart(parser));
                readElements(listed, name);
            } else if (wrapper) {
                parser.skipChildren();
            } else {
                scan.member(name, parser, this);
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new IllegalStateException("expected the end of an object, got " + t);
        }
        if (!wrapper) {
            long index = topLevelValues - 1;
            finishObject(scan, start, afterToken(parser), SourceKind.JSON_LINES, index, "line " + startLine, true);
        }
    }

    private void readElements(SourceKind kind, String arrayName) throws IOException {
        insideArray = true;
        long index = 0;
        long deliveredBefore = delivered;
        JsonToken t;
        while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (kind == SourceKind.CLOUDWATCH_LOGS && index == RecordStrings.LOG_EVENTS_TO_JUDGE_BY
                    && delivered == deliveredBefore) {
                strings.notCloudTrailLogGroup(arrayName, tokenStart(parser), index);
                skipRestOfArray(t);
                break;
            }
            if (t == null) {
                throw new JsonEOFException(parser, null, "the input ends inside an array");
            }
            long start = tokenStart(parser);
            in.release(start);
            utf8.takeReplacementsBefore(start);
            String location = arrayName + "[" + index + "]";
            try {
                readElement(t, kind, start, index, location);
            } catch (StreamConstraintsException e) {
                // the parser is in the element's middle: past its end, a parser starts again inside an array as this
                // one is (a top-level array, or the list of a top-level object)
                if (!passOver(e, start, -1, location, arrayName.isEmpty() ? "[0" : "{\"\":[0")) {
                    throw e;
                }
            }
            index++;
        }
        insideArray = false;
    }

    private void readElement(JsonToken t, SourceKind kind, long start, long index, String location)
            throws IOException {
        if (t == JsonToken.START_OBJECT) {
            RecordScan scan = new RecordScan();
            scan.messageHoldsRecord = kind == SourceKind.CLOUDWATCH_LOGS;
            scan.readMembers(parser, this);
            finishObject(scan, start, afterToken(parser), kind, index, location, false);
        } else if (t == JsonToken.VALUE_STRING && kind == SourceKind.JSON_ARRAY
                && parser.getText().stripLeading().startsWith("{")) {
            // aws cloudtrail lookup-events --query 'Events[].CloudTrailEvent': the records as strings
            strings.read(parser.getText(), null, start, afterToken(parser), index, location,
                    SourceKind.LOOKUP_EVENTS, "the string");
        } else {
            problems.report(ProblemCode.NOT_AN_OBJECT, location, start, IngestProblem.Outcome.REJECTED,
                    "a record must be a JSON object, this is " + Json.describe(parser), null);
            parser.skipChildren();
        }
    }

    /**
     * After the parser refused a value for its depth or a number's length (over {@link Json}'s limits, where
     * CloudTrail never goes), finds the value's end by its brackets, reports it and starts a new parser after it,
     * first fed {@code context} (the opening of the array the value was in, and a value standing for it) so that it
     * goes on where the old one was.
     * False when the end cannot be found (not held, or the input ends first): the caller ends the file.
     */
    private boolean passOver(StreamConstraintsException e, long start, long line, String location, String context)
            throws IOException {
        String excerpt = excerptFrom(start);
        long[] end = start < 0 ? null : in.endOfValue(start, 2L * maxRecordBytes);
        if (end == null) {
            return false;
        }
        utf8.takeReplacementsBefore(end[0]);
        problems.report(ProblemCode.TOO_DEEP, location, start, IngestProblem.Outcome.REJECTED,
                JsonRecovery.beyondLimits(e) + "; the records after it were read", excerpt);
        parserBase = end[0] - context.length(); // context is ASCII: a byte a char
        if (line >= 0) {
            lineBase = line + end[1] - 1;
        }
        parser = JsonRecovery.parserAfterPassedOver(in, context);
        return true;
    }

    private void skipRestOfArray(JsonToken current) throws IOException {
        JsonToken t = current;
        while (t != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new JsonEOFException(parser, null, "the input ends inside an array");
            }
            parser.skipChildren();
            t = parser.nextToken();
        }
    }

    private void finishObject(RecordScan scan, long start, long end, SourceKind kind, long index, String location,
                              boolean topLevel) {
        if (scan.lookupRecord != null) {
            boolean logEvent = kind == SourceKind.CLOUDWATCH_LOGS || scan.insightsRow;
            strings.read(scan.lookupRecord, scan.lookupEventTime, start, end, index, location,
                    logEvent ? SourceKind.CLOUDWATCH_LOGS : SourceKind.LOOKUP_EVENTS,
                    logEvent ? "the message" : "the CloudTrailEvent string");
        } else if (scan.isRecord()) {
            if (end - start > maxRecordBytes || !in.holds(start, end)) {
                tooLarge(start, end, location);
                return;
            }
            deliver(scan, in.slice(start, end), end, kind, index, location, null);
        } else if (scan.nested != null && scan.nested.isRecord()) {
            if (scan.nestedEnd - scan.nestedStart > maxRecordBytes || !in.holds(scan.nestedStart, scan.nestedEnd)) {
                tooLarge(scan.nestedStart, scan.nestedEnd, location);
                return;
            }
            deliver(scan.nested, in.slice(scan.nestedStart, scan.nestedEnd), end, SourceKind.ENVELOPE, index,
                    location, null);
        } else if (scan.firehoseRawData != null) {
            utf8.takeReplacementsBefore(end);
            long got = strings.firehoseRawData(scan.firehoseRawData, location, index);
            delivered += got;
            sawRecords |= got > 0;
        } else if (scan.digestKey) {
            utf8.takeReplacementsBefore(end);
            sink.digest(source);
        } else if (scan.isS3Notification()) {
            notCloudTrail(location, start, "an S3 event notification (eventSource " + scan.fields.eventSource
                    + "), not a CloudTrail record", outcome(topLevel));
        } else {
            notCloudTrail(location, start, "a JSON object without Records, Events, eventName or eventSource"
                    + " (its first keys: " + String.join(", ", scan.firstKeys()) + ")", outcome(topLevel));
        }
    }

    private IngestProblem.Outcome outcome(boolean topLevel) {
        return topLevel && !sawRecords && topLevelValues == 1 ? IngestProblem.Outcome.SKIPPED
                : IngestProblem.Outcome.REJECTED;
    }

    void deliver(RecordScan scan, byte[] bytes, long end, SourceKind kind, long index, String location,
                 String fallbackTime) {
        sawRecords = true;
        scan.finish(fallbackTime);
        int replaced = utf8.takeReplacementsBefore(end);
        if (replaced > 0) {
            problems.report(ProblemCode.INVALID_UTF8, location, -1, IngestProblem.Outcome.STORED,
                    replaced + " invalid UTF-8 sequence(s) replaced by U+FFFD", null);
        }
        for (int i = 0; i < scan.warnings.size(); i++) {
            problems.report(scan.warningCodes.get(i), location, -1, IngestProblem.Outcome.STORED, scan.warnings.get(i), null);
        }
        byte[] raw = Json.compact(bytes);
        sink.event(new CloudTrailEvent(raw, RecordHash.of(raw), scan.fields), source, kind, index);
        delivered++;
    }

    private void truncated(long at, long valueStart) {
        problems.report(ProblemCode.TRUNCATED, at < 0 ? "" : "byte " + at, at, IngestProblem.Outcome.REJECTED,
                lost() + "the input ends in the middle of a record (at byte " + at + ")",
                excerptFrom(valueStart));
    }

    void tooLarge(long start, long end, String location) {
        utf8.takeReplacementsBefore(end);
        problems.report(ProblemCode.RECORD_TOO_LARGE, location, start, IngestProblem.Outcome.REJECTED,
                String.format("the record is %,d bytes, over the %,d-byte limit (CloudTrail writes at most 256 KB);"
                        + " raise it with --max-record-size if it is genuine", end - start, maxRecordBytes),
                excerptFrom(start));
    }

    private void notCloudTrail(String location, long at, String message, IngestProblem.Outcome outcome) {
        String where = outcome == IngestProblem.Outcome.SKIPPED ? "" : location;
        problems.report(ProblemCode.NOT_CLOUDTRAIL, where, at, outcome, "not CloudTrail: " + message, excerptFrom(at));
    }

    /**
     * After a syntax error in a top-level value, begins a new parser at the next line starting with '{' (after
     * blanks) after the value's start. Returns false when there is no such line.
     */
    private boolean resync(long valueStart, long valueLine) throws IOException {
        long[] next = in.nextLineStartingWith('{', valueStart, 2L * maxRecordBytes);
        if (next == null) {
            return false;
        }
        parserBase = next[0];
        lineBase = Math.max(0, valueLine) + next[1] - 1;
        parser = Json.FACTORY.createParser(in);
        return true;
    }

    /** What a failure that ends the reading loses, said before the failure (after "not stored: "). */
    private String lost() {
        return IngestProblem.restOfFile(delivered) + ": ";
    }

    private String excerptFrom(long start) {
        if (start < 0) {
            return null;
        }
        return excerpt(in.excerpt(start, EXCERPT_BYTES));
    }

    static String excerpt(byte[] bytes) {
        int n = Math.min(bytes.length, EXCERPT_BYTES);
        return bytes.length == 0 ? null : new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    private long offsetOf(com.fasterxml.jackson.core.JacksonException e) {
        return e.getLocation() == null ? -1 : parserBase + e.getLocation().getByteOffset();
    }

    private long line() {
        return lineBase + parser.currentTokenLocation().getLineNr();
    }

    static String firstLine(String s) {
        if (s == null) {
            return "unknown reason";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public long tokenStart(JsonParser p) {
        return parserBase + p.currentTokenLocation().getByteOffset();
    }

    @Override
    public long afterToken(JsonParser p) {
        return parserBase + p.currentLocation().getByteOffset();
    }
}
