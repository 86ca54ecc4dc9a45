package io.trailkeeper.aws;

import java.time.Instant;
import java.util.UUID;

/** CloudTrail records for the collectors' tests, shaped like the real ones in ../shared/data. */
final class Records {
    static final String ACCOUNT = "123456789012";

    private Records() {
    }

    /** A management call by an IAM user, recorded in {@code region}. */
    static String call(Instant time, String region, String source, String name, String requestParameters,
                       String sourceIp) {
        String id = UUID.nameUUIDFromBytes((time + region + name + requestParameters).getBytes(
                java.nio.charset.StandardCharsets.UTF_8)).toString();
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDAEXAMPLE\","
                + "\"arn\":\"arn:aws:iam::" + ACCOUNT + ":user/mallory\",\"accountId\":\"" + ACCOUNT + "\","
                + "\"accessKeyId\":\"AKIAEXAMPLELEAKED01\",\"userName\":\"mallory\"},"
                + "\"eventTime\":\"" + time + "\",\"eventSource\":\"" + source + "\",\"eventName\":\"" + name + "\","
                + "\"awsRegion\":\"" + region + "\",\"sourceIPAddress\":\"" + sourceIp + "\","
                + "\"userAgent\":\"aws-cli/2.15.30\",\"requestParameters\":" + requestParameters + ","
                + "\"responseElements\":null,\"requestID\":\"" + UUID.nameUUIDFromBytes(id.getBytes(
                        java.nio.charset.StandardCharsets.UTF_8)) + "\",\"eventID\":\"" + id + "\","
                + "\"readOnly\":false,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,"
                + "\"recipientAccountId\":\"" + ACCOUNT + "\",\"eventCategory\":\"Management\"}";
    }

    static String background(Instant time, String region, int n) {
        return call(time, region, "ec2.amazonaws.com", "DescribeInstances", "{\"n\":" + n + "}", "10.0.0.1");
    }
}
