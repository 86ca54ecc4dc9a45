package io.trailkeeper.audit.checks;

import io.trailkeeper.audit.internal.Monitors.Sample;
import java.util.List;

/**
 * The CloudTrail records a monitor must alert on, shaped as CloudTrail writes them (after real records of
 * the shared test data), each with the EventBridge source and detail-type it arrives under.
 */
final class Samples {
    static final String API_CALL = "AWS API Call via CloudTrail";
    static final String SIGN_IN = "AWS Console Sign In via CloudTrail";
    static final List<String> TAMPERING = List.of("StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors");

    private Samples() {
    }

    /** A successful call by an IAM user to the CloudTrail API, e.g. StopLogging. */
    static Sample tampering(String eventName) {
        return Sample.of(eventName, "aws.cloudtrail", API_CALL, """
                {"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE",
                 "arn":"arn:aws:iam::111122223333:user/mallory","accountId":"111122223333","userName":"mallory"},
                 "eventTime":"2025-01-01T00:00:00Z","eventSource":"cloudtrail.amazonaws.com","eventName":"%s",
                 "awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7","userAgent":"aws-cli/2.15.0",
                 "requestParameters":{"name":"arn:aws:cloudtrail:us-east-1:111122223333:trail/main"},
                 "responseElements":null,"readOnly":false,"eventType":"AwsApiCall","managementEvent":true,
                 "recipientAccountId":"111122223333","eventCategory":"Management"}
                """.formatted(eventName));
    }

    /** A successful console sign-in by an IAM user without MFA. */
    static Sample consoleLoginWithoutMfa() {
        return Sample.of("ConsoleLogin without MFA", "aws.signin", SIGN_IN, """
                {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE",
                 "arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","userName":"alice"},
                 "eventTime":"2025-01-01T00:00:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin",
                 "awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7","requestParameters":null,
                 "responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"LoginTo":
                 "https://console.aws.amazon.com/console/home","MobileVersion":"No","MFAUsed":"No"},
                 "readOnly":false,"eventType":"AwsConsoleSignIn","managementEvent":true,
                 "recipientAccountId":"111122223333","eventCategory":"Management"}
                """);
    }

    /** The root user's API call (with its access key) and console sign-in: a monitor must see both. */
    static List<Sample> rootUsage() {
        String root = "\"userIdentity\":{\"type\":\"Root\",\"principalId\":\"111122223333\","
                + "\"arn\":\"arn:aws:iam::111122223333:root\",\"accountId\":\"111122223333\"}";
        return List.of(Sample.of("root API call", "aws.iam", API_CALL, """
                {"eventVersion":"1.09",%s,"eventTime":"2025-01-01T00:00:00Z","eventSource":"iam.amazonaws.com",
                 "eventName":"CreateAccessKey","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7",
                 "userAgent":"aws-cli/2.15.0","requestParameters":{},"readOnly":false,"eventType":"AwsApiCall",
                 "managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}
                """.formatted(root)), Sample.of("root console sign-in", "aws.signin", SIGN_IN, """
                {"eventVersion":"1.08",%s,"eventTime":"2025-01-01T00:00:00Z","eventSource":"signin.amazonaws.com",
                 "eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7",
                 "responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"MFAUsed":"Yes"},
                 "readOnly":false,"eventType":"AwsConsoleSignIn","managementEvent":true,
                 "recipientAccountId":"111122223333","eventCategory":"Management"}
                """.formatted(root)));
    }
}
