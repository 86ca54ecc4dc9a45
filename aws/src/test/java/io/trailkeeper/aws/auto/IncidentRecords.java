package io.trailkeeper.aws.auto;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * CloudTrail records for the collect auto tests: management calls by an IAM user, in the shape of the real
 * records in ../shared/data. The eventID follows from the call, so the same call made twice is one event.
 */
final class IncidentRecords {
    static final String ACCOUNT = "123456789012";
    static final String ATTACKER_IP = "203.0.113.66";
    static final String ADMIN_IP = "198.51.100.20";

    private static final String TEMPLATE = """
            {"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDA%2$s","arn":\
            "arn:aws:iam::%1$s:user/%2$s","accountId":"%1$s","accessKeyId":"AKIA%3$s","userName":"%2$s"},\
            "eventTime":"%4$s","eventSource":"%5$s","eventName":"%6$s","awsRegion":"%7$s",\
            "sourceIPAddress":"%8$s","userAgent":"aws-cli/2.17.2 md/Botocore#1.34.131","requestParameters":%9$s,\
            "responseElements":null,"requestID":"%10$s","eventID":"%11$s","readOnly":%12$s,\
            "eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"%1$s",\
            "eventCategory":"Management","tlsDetails":{"tlsVersion":"TLSv1.3"}}""";

    private IncidentRecords() {
    }

    /** A call recorded in {@code region}; {@code requestParameters} is JSON ("null" for none). */
    static String call(Instant time, String region, String service, String name, String requestParameters,
                       String sourceIp) {
        String user = ATTACKER_IP.equals(sourceIp) ? "mallory" : "operator";
        String seed = time + "|" + region + "|" + service + "|" + name + "|" + requestParameters + "|" + sourceIp;
        boolean readOnly = name.startsWith("Get") || name.startsWith("List") || name.startsWith("Describe");
        return TEMPLATE.formatted(ACCOUNT, user, user.toUpperCase(Locale.ROOT) + "KEY0000001", time,
                service, name, region, sourceIp, requestParameters, uuid("request|" + seed), uuid(seed), readOnly);
    }

    /** An operator's routine read, to give a region some volume. */
    static String routine(Instant time, String region, int n) {
        return call(time, region, "ec2.amazonaws.com", "DescribeInstances", "{\"maxResults\":" + (100 + n) + "}",
                ADMIN_IP);
    }

    private static String uuid(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
