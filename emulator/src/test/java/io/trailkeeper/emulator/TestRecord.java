package io.trailkeeper.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * Writes CloudTrail records for tests, shaped like the real ones in ../shared/data: a management call by an
 * IAM user unless told otherwise, or an Insights or data event.
 */
final class TestRecord {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private final ObjectNode record = JSON.createObjectNode();
    private final Instant time;

    private TestRecord(Instant time, String region, String eventId) {
        this.time = time;
        record.put("eventVersion", "1.09");
        ObjectNode identity = record.putObject("userIdentity");
        identity.put("type", "IAMUser").put("principalId", "AIDAEXAMPLE").put("arn", "arn:aws:iam::123456789012:user/alice")
                .put("accountId", "123456789012").put("accessKeyId", "AKIAALICE").put("userName", "alice");
        record.put("eventTime", TIME.format(time));
        record.put("eventSource", "iam.amazonaws.com");
        record.put("eventName", "ListUsers");
        record.put("awsRegion", region);
        record.put("sourceIPAddress", "198.51.100.7");
        record.put("userAgent", "aws-cli/2.15.30");
        record.putNull("requestParameters");
        record.putNull("responseElements");
        record.put("requestID", UUID.nameUUIDFromBytes(("r" + eventId).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString());
        record.put("eventID", eventId);
        record.put("readOnly", true);
        record.put("eventType", "AwsApiCall");
        record.put("managementEvent", true);
        record.put("recipientAccountId", "123456789012");
        record.put("eventCategory", "Management");
    }

    /** A management event; the id is derived from time, region and a counter the caller supplies. */
    static TestRecord event(Instant time, String region, int n) {
        return new TestRecord(time, region, UUID.nameUUIDFromBytes((time + region + n).getBytes(
                java.nio.charset.StandardCharsets.UTF_8)).toString());
    }

    TestRecord call(String source, String name, boolean readOnly) {
        record.put("eventSource", source);
        record.put("eventName", name);
        record.put("readOnly", readOnly);
        return this;
    }

    TestRecord user(String name, String accessKeyId) {
        ObjectNode identity = (ObjectNode) record.get("userIdentity");
        identity.put("arn", "arn:aws:iam::123456789012:user/" + name).put("userName", name)
                .put("accessKeyId", accessKeyId);
        return this;
    }

    TestRecord roleSession(String role, String session) {
        ObjectNode identity = record.putObject("userIdentity");
        identity.put("type", "AssumedRole").put("principalId", "AROAEXAMPLE:" + session)
                .put("arn", "arn:aws:sts::123456789012:assumed-role/" + role + "/" + session)
                .put("accountId", "123456789012").put("accessKeyId", "ASIASESSION");
        identity.putObject("sessionContext").putObject("sessionIssuer").put("type", "Role")
                .put("arn", "arn:aws:iam::123456789012:role/" + role).put("userName", role);
        return this;
    }

    TestRecord requestParameter(String name, String value) {
        if (!record.get("requestParameters").isObject()) {
            record.putObject("requestParameters");
        }
        ((ObjectNode) record.get("requestParameters")).put(name, value);
        return this;
    }

    TestRecord resource(String type, String arn) {
        if (!record.has("resources")) {
            record.putArray("resources");
        }
        record.withArray("resources").addObject().put("accountId", "123456789012").put("type", type).put("ARN", arn);
        return this;
    }

    /** Turns the record into a data event (S3 GetObject), which event history never holds. */
    TestRecord dataEvent() {
        call("s3.amazonaws.com", "GetObject", true);
        record.put("managementEvent", false);
        record.put("eventCategory", "Data");
        return this;
    }

    /** Turns the record into an Insights event about a call rate. */
    TestRecord insight(String source, String name) {
        record.remove("userIdentity");
        record.remove("eventSource");
        record.remove("eventName");
        record.remove("readOnly");
        record.remove("managementEvent");
        record.remove("sourceIPAddress");
        record.remove("userAgent");
        record.remove("requestParameters");
        record.remove("responseElements");
        record.remove("requestID");
        record.put("eventType", "AwsCloudTrailInsight");
        record.put("sharedEventID", UUID.randomUUID().toString());
        ObjectNode details = record.putObject("insightDetails");
        details.put("state", "Start").put("eventSource", source).put("eventName", name)
                .put("insightType", "ApiCallRateInsight");
        record.put("eventCategory", "Insight");
        return this;
    }

    Instant time() {
        return time;
    }

    String eventId() {
        return record.get("eventID").asText();
    }

    String json() {
        return record.toString();
    }
}
