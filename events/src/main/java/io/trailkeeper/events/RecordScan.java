package io.trailkeeper.events;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one pass over a JSON object found: the typed fields of a CloudTrail record, and the clues that
 * say whether the object is a record at all, a digest, a LookupEvents item or an envelope around a record.
 * Fields are read as the parser streams past them; anything not needed is skipped, never rejected.
 */
final class RecordScan {
    final CloudTrailEvent.Fields fields = new CloudTrailEvent.Fields();
    final List<String> warnings = new ArrayList<>();
    final List<ProblemCode> warningCodes = new ArrayList<>();
    private final ResourceNames resources = new ResourceNames();
    private final List<String> firstKeys = new ArrayList<>();
    String rawEventTime;
    String timestampFallback;
    boolean eventTimeWrongType;
    boolean digestKey;
    /**
     * The record as a JSON string: a LookupEvents item's CloudTrailEvent, or a CloudWatch Logs event's message
     * (read only where {@link #messageHoldsRecord}); and a LookupEvents item's own EventTime.
     */
    String lookupRecord;
    /** Set for the items of a CloudWatch Logs event list, whose "message" is the record. */
    boolean messageHoldsRecord;
    /** The record came from a CloudWatch Logs Insights row's "@message". */
    boolean insightsRow;
    String lookupEventTime;
    /** A Firehose failure document's rawData: the record it could not process, in base64. */
    String firehoseRawData;
    /** An object-valued "detail" or "event" member that may be the real record. */
    RecordScan nested;
    long nestedStart;
    long nestedEnd;

    /** Reads the members of the object whose START_OBJECT the parser has just returned, up to its END_OBJECT. */
    void readMembers(JsonParser p, Offsets offsets) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            member(name, p, offsets);
        }
        if (t != JsonToken.END_OBJECT) {
            throw new IllegalStateException("expected the end of an object, got " + t);
        }
    }

    /**
     * The scan of a record held in a JSON string (a LookupEvents item's CloudTrailEvent, a log event's message):
     * one JSON object and nothing after it, since the record is stored as the string holds it.
     */
    static RecordScan ofString(byte[] record) throws IOException {
        RecordScan scan = new RecordScan();
        try (JsonParser inner = Json.FACTORY.createParser(record)) {
            if (inner.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonParseException(inner, "it does not hold a JSON object");
            }
            scan.readMembers(inner, Offsets.NONE);
            if (inner.nextToken() != null) {
                throw new JsonParseException(inner, "text after the record's closing brace");
            }
        }
        return scan;
    }

    /** Reads one member whose value token is current. */
    void member(String name, JsonParser p, Offsets offsets) throws IOException {
        if (firstKeys.size() < 6) {
            firstKeys.add(name);
        }
        switch (name) {
            case "eventVersion" -> fields.eventVersion = text(p, name);
            case "eventTime" -> readEventTime(p);
            case "@timestamp" -> timestampFallback = p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : skip(p);
            case "eventSource" -> fields.eventSource = again(fields.eventSource, text(p, name), name);
            case "eventName" -> fields.eventName = again(fields.eventName, text(p, name), name);
            case "awsRegion" -> fields.awsRegion = again(fields.awsRegion, text(p, name), name);
            case "sourceIPAddress" -> fields.sourceIp = again(fields.sourceIp, text(p, name), name);
            case "userAgent" -> fields.userAgent = again(fields.userAgent, text(p, name), name);
            case "errorCode" -> fields.errorCode = again(fields.errorCode, text(p, name), name);
            case "errorMessage" -> fields.errorMessage = text(p, name);
            case "requestID" -> fields.requestId = text(p, name);
            case "eventID" -> fields.eventId = again(fields.eventId, text(p, name), name);
            case "eventType" -> fields.eventType = text(p, name);
            case "recipientAccountId" -> fields.recipientAccountId = again(fields.recipientAccountId, text(p, name),
                    name);
            case "eventCategory" -> fields.eventCategory = text(p, name);
            case "readOnly" -> fields.readOnly = bool(p, name);
            case "managementEvent" -> fields.managementEvent = bool(p, name);
            case "userIdentity" -> IdentityScan.read(this, p);
            case "additionalEventData" -> readAdditionalEventData(p);
            case "resources" -> resources.readResources(p);
            case "requestParameters" -> resources.readRequestParameters(p);
            case "digestStartTime", "digestEndTime", "logFiles", "previousDigestSignature",
                    "digestPublicKeyFingerprint", "digestSignatureAlgorithm" -> {
                digestKey = true;
                p.skipChildren();
            }
            case "CloudTrailEvent" -> lookupRecord = p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : skip(p);
            case "@message" -> {
                // a CloudWatch Logs Insights result row: the event is the whole message, the other columns
                // are fields picked out of it
                if (p.currentToken() == JsonToken.VALUE_STRING && p.getText().stripLeading().startsWith("{")) {
                    lookupRecord = p.getText();
                    insightsRow = true;
                } else {
                    p.skipChildren();
                }
            }
            case "message" -> {
                if (messageHoldsRecord && p.currentToken() == JsonToken.VALUE_STRING) {
                    lookupRecord = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            case "rawData" -> firehoseRawData = p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : skip(p);
            case "EventTime" -> lookupEventTime = p.currentToken().isScalarValue() ? p.getText() : skip(p);
            case "detail", "event" -> readNested(p, offsets);
            default -> p.skipChildren();
        }
    }

    /**
     * True when the object carries what makes a CloudTrail record: an eventName or an eventSource, or the
     * eventType of an Insights record.
     */
    boolean isRecord() {
        if (isInsight()) {
            // Insights records name the call and the service only inside insightDetails
            return true;
        }
        if (fields.eventName == null && fields.eventSource == null) {
            return false;
        }
        // S3 event notifications look alike but say "aws:s3"; CloudTrail names a service endpoint.
        return fields.eventSource == null || !fields.eventSource.startsWith("aws:");
    }

    private boolean isInsight() {
        return "AwsCloudTrailInsight".equals(fields.eventType);
    }

    boolean isS3Notification() {
        return fields.eventSource != null && fields.eventSource.startsWith("aws:");
    }

    List<String> firstKeys() {
        return firstKeys;
    }

    /**
     * Completes the typed values once the whole object was read: the time (eventTime, else a Logstash
     * {@code @timestamp}, else the LookupEvents item's EventTime), the user name and the category.
     */
    void finish(String fallbackTime) {
        resolveTime(fallbackTime);
        if (fields.eventName == null && !isInsight()) {
            warn(ProblemCode.MISSING_EVENT_NAME, "the record has no eventName; stored with none");
        }
        fields.userName = IdentityScan.userName(fields);
        fields.eventCategory = category();
        fields.resources = resources.list();
        if (resources.leftOut() > 0) {
            warn(ProblemCode.NAMES_LEFT_OUT, resources.leftOut() + " resource name(s) of the record were not indexed"
                    + " (over " + ResourceNames.MAX_LENGTH + " characters, or beyond the first "
                    + ResourceNames.MAX_VALUES + "): query --resource and who-deleted do not find it by them");
        }
    }

    private void resolveTime(String fallbackTime) {
        Instant time = EventTimes.parse(rawEventTime);
        if (time == null && rawEventTime == null && !eventTimeWrongType) {
            time = EventTimes.parse(timestampFallback);
            if (time == null) {
                time = EventTimes.parse(fallbackTime);
            }
            if (time == null) {
                warn(ProblemCode.MISSING_EVENT_TIME, "the record has no eventTime; stored without a time,"
                        + " so time-bounded queries will not show it");
            }
        } else if (time == null) {
            warn(ProblemCode.BAD_EVENT_TIME, "eventTime " + quote(rawEventTime) + " is not a time; stored without"
                    + " a time, so time-bounded queries will not show it");
        }
        fields.eventTime = time;
    }

    private String category() {
        CloudTrailEvent.Fields f = fields;
        if (f.eventCategory != null) {
            return f.eventCategory;
        }
        if ("AwsCloudTrailInsight".equals(f.eventType)) {
            return "Insight";
        }
        if (f.managementEvent != null) {
            return f.managementEvent ? "Management" : "Data";
        }
        return DataEvents.isDataEvent(f.eventSource, f.eventName) ? "Data" : "Management";
    }

    private void readEventTime(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            rawEventTime = p.getText();
        } else if (t == JsonToken.VALUE_NULL) {
            rawEventTime = null;
        } else if (t.isNumeric()) {
            rawEventTime = p.getText();
            warn(ProblemCode.WRONG_TYPE, "eventTime is a number (" + rawEventTime + "), expected an ISO-8601 string;"
                    + " read as epoch seconds");
        } else {
            eventTimeWrongType = true;
            warn(ProblemCode.WRONG_TYPE, "eventTime is " + Json.describe(p) + ", expected a string");
            p.skipChildren();
        }
    }

    /**
     * additionalEventData.UserName: the name an IAM Identity Center user signed in with, which its sign-in events
     * (signin.amazonaws.com) give only there since 14 July 2025 (their userIdentity names the user's id).
     */
    private void readAdditionalEventData(JsonParser p) throws IOException {
        fields.signInUserName = emptyToNull(memberText(p, "UserName"));
    }

    /**
     * The text of one member of the object at {@code p} (the last, should it repeat), the others skipped; null when
     * the value is not an object, lacks the member or holds no text there.
     */
    static String memberText(JsonParser p, String member) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        String out = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (member.equals(name)) {
                out = stringOnly(p);
            } else {
                p.skipChildren();
            }
        }
        return out;
    }

    private void readNested(JsonParser p, Offsets offsets) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT || nested != null) {
            p.skipChildren();
            return;
        }
        RecordScan inner = new RecordScan();
        long start = offsets.tokenStart(p);
        inner.readMembers(p, offsets);
        nested = inner;
        nestedStart = start;
        nestedEnd = offsets.afterToken(p);
    }

    /**
     * The value of a member the record names a second time: the last counts, as in a parse; but SQL on the stored
     * record (DuckDB's JSON functions) reads the first, so a record that says two things is said to.
     */
    private String again(String before, String now, String name) {
        if (before != null && !before.equals(now)) {
            warn(ProblemCode.DUPLICATE_KEY, name + " is in the record twice (" + quote(before) + ", then " + quote(now)
                    + "); the columns hold the last, SQL on the record's JSON reads the first");
        }
        return now;
    }

    /** A string field; numbers and booleans are kept as their text, with a warning. */
    String text(JsonParser p, String name) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t.isScalarValue()) {
            String value = p.getText();
            warn(ProblemCode.WRONG_TYPE, name + " is " + Json.describe(p) + " (" + value
                    + "), expected a string; kept as text");
            return value;
        }
        warn(ProblemCode.WRONG_TYPE, name + " is " + Json.describe(p) + ", expected a string; ignored");
        p.skipChildren();
        return null;
    }

    /** A string value as it is; anything else (skipped) gives null, without a warning. */
    static String stringOnly(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    Boolean bool(JsonParser p, String name) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return t == JsonToken.VALUE_TRUE;
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t == JsonToken.VALUE_STRING) {
            // CloudTrail itself writes mfaAuthenticated as "true"/"false"; that is not a problem.
            String s = p.getText().trim();
            if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(s);
            }
        }
        warn(ProblemCode.WRONG_TYPE, name + " is " + Json.describe(p) + ", expected true or false; ignored");
        p.skipChildren();
        return null;
    }

    private static String skip(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }

    void warn(ProblemCode code, String message) {
        warningCodes.add(code);
        warnings.add(message);
    }

    static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
    }

    /** Turns the parser's locations into offsets in the whole input. */
    interface Offsets {
        /** For parsers whose offsets matter to nobody (a record inside a LookupEvents string). */
        Offsets NONE = new Offsets() {
            @Override
            public long tokenStart(JsonParser p) {
                return -1;
            }

            @Override
            public long afterToken(JsonParser p) {
                return -1;
            }
        };

        long tokenStart(JsonParser p);

        long afterToken(JsonParser p);
    }
}
