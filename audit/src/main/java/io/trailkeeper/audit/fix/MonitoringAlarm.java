package io.trailkeeper.audit.fix;

import java.util.List;

/**
 * The CloudWatch metric filters and alarms the plan can add (CIS AWS Foundations section 4 / 5), each closing
 * one check. The patterns are CloudWatch Logs filter patterns over the trail's JSON records.
 */
enum MonitoringAlarm {
    TRAIL_TAMPERING("cloudwatch_alarm_trail_tampering", "TrailTampering", "trail_tampering", "trail-tampering",
            "someone stopped, deleted or changed the trail (StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors)",
            "{ ($.eventSource = \"cloudtrail.amazonaws.com\") && (($.eventName = \"StopLogging\") || "
                    + "($.eventName = \"DeleteTrail\") || ($.eventName = \"UpdateTrail\") || "
                    + "($.eventName = \"PutEventSelectors\")) }"),
    CONSOLE_LOGIN_WITHOUT_MFA("cloudwatch_alarm_console_login_without_mfa", "ConsoleLoginWithoutMfa",
            "console_login_without_mfa", "console-login-without-mfa",
            "an IAM user signed in to the console without MFA",
            "{ ($.eventName = \"ConsoleLogin\") && ($.additionalEventData.MFAUsed != \"Yes\") && "
                    + "($.userIdentity.type = \"IAMUser\") && ($.responseElements.ConsoleLogin = \"Success\") }"),
    ROOT_USAGE("cloudwatch_alarm_root_usage", "RootUsage", "root_usage", "root-usage",
            "the root user was used",
            "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && "
                    + "$.eventType != \"AwsServiceEvent\" }");

    /** The calls the tampering alarm and the EventBridge rule watch. */
    static final List<String> TAMPERING_CALLS = List.of("StopLogging", "DeleteTrail", "UpdateTrail",
            "PutEventSelectors");
    static final String NAMESPACE = "TrailKeeper";

    final String checkId;
    /** CloudFormation logical id stem. */
    final String logicalId;
    /** Terraform resource name. */
    final String terraformName;
    /** The metric filter's, metric's and alarm's name (after "trailkeeper-"). */
    final String name;
    final String description;
    final String pattern;

    MonitoringAlarm(String checkId, String logicalId, String terraformName, String name, String description,
                    String pattern) {
        this.checkId = checkId;
        this.logicalId = logicalId;
        this.terraformName = terraformName;
        this.name = name;
        this.description = description;
        this.pattern = pattern;
    }

    String filterName() {
        return "trailkeeper-" + name;
    }

    String metricName() {
        return "trailkeeper-" + name;
    }

    String alarmName() {
        return "trailkeeper-" + name;
    }
}
