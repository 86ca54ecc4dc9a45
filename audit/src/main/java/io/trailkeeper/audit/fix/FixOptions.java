package io.trailkeeper.audit.fix;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the user chooses for a {@link FixPlan}. Every value has a default ({@link #defaults()}); a null
 * break-glass role or alert e-mail leaves a parameter the plan's user must fill in when deploying.
 *
 * @param region              where the trail, bucket and alarms go; null: the existing trail's home region, else
 *                            us-east-1
 * @param breakGlassRoleArn   the one role the bucket policy still lets delete logs and change the bucket's
 *                            lifecycle and policy; null: a required parameter of the template or script
 * @param alertEmail          who the alarms e-mail; null: a required parameter
 * @param criticalBuckets     buckets whose object reads and writes are logged; empty: every bucket but the
 *                            trail's own
 * @param dynamoDbAndLambda   log DynamoDB and Lambda data events too; null: when the audit found them missing
 * @param insights            turn on CloudTrail Insights; null: when the audit found them missing
 * @param eventBridgeRule     also alert on trail tampering through an EventBridge rule (it alerts even when
 *                            CloudWatch Logs delivery is what was tampered with)
 * @param dataEventsPerMonth  the expected data events a month, for the cost estimate; null: unknown
 * @param glacierAfterDays    log files move to Glacier after this many days; 0: never
 * @param expireAfterDays     log files are deleted after this many days (at least 365, PCI DSS 10.5.1)
 * @param objectLockDays      Object Lock's default COMPLIANCE retention, in days
 * @param logGroupRetentionDays how long CloudWatch Logs keeps the trail's events (a value CloudWatch accepts)
 */
public record FixOptions(String region, String breakGlassRoleArn, String alertEmail, List<String> criticalBuckets,
                         Boolean dynamoDbAndLambda, Boolean insights, boolean eventBridgeRule, Long dataEventsPerMonth,
                         int glacierAfterDays, int expireAfterDays, int objectLockDays, int logGroupRetentionDays) {

    /** The retention periods CloudWatch Logs accepts (PutRetentionPolicy). */
    static final Set<Integer> LOG_RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545,
            731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

    public FixOptions {
        criticalBuckets = criticalBuckets == null ? List.of()
                : criticalBuckets.stream().map(String::trim).filter(b -> !b.isEmpty()).distinct().sorted().toList();
        check(region == null || REGION.matcher(region).matches(), "--region " + region + " is not an AWS region",
                "name a region such as eu-west-1");
        check(breakGlassRoleArn == null || ROLE_ARN.matcher(breakGlassRoleArn).matches(),
                "the break-glass role " + breakGlassRoleArn + " is not an IAM role ARN",
                "give the role's full ARN, arn:aws:iam::<account>:role/<name>");
        check(alertEmail == null || alertEmail.matches("[^@\\s'\"]+@[^@\\s'\"]+"),
                "the alert e-mail " + alertEmail + " is not an e-mail address", "give one address, name@example.com");
        for (String bucket : criticalBuckets) {
            check(BUCKET.matcher(bucket).matches(), "the critical bucket " + bucket + " is not an S3 bucket name",
                    "give bucket names (not ARNs), separated by commas");
        }
        check(dataEventsPerMonth == null || dataEventsPerMonth >= 0,
                "the data events a month cannot be negative (" + dataEventsPerMonth + ")", "give a count, or none");
        check(expireAfterDays >= 365, "log files would be deleted after " + expireAfterDays
                + " days, less than the year PCI DSS 10.5.1 asks for", "keep them at least 365 days");
        check(objectLockDays >= 1 && objectLockDays <= expireAfterDays, "Object Lock's retention of "
                + objectLockDays + " days must be between 1 and the " + expireAfterDays + " days logs are kept",
                "choose a retention no longer than the expiry");
        check(glacierAfterDays >= 0 && glacierAfterDays < expireAfterDays, "the move to Glacier after "
                + glacierAfterDays + " days must come before the expiry after " + expireAfterDays + " days",
                "choose fewer days, or 0 to keep logs in S3 Standard");
        check(LOG_RETENTION_DAYS.contains(logGroupRetentionDays), "CloudWatch Logs cannot keep events "
                + logGroupRetentionDays + " days", "choose one of " + LOG_RETENTION_DAYS.stream().sorted().toList());
    }

    /**
     * Log group retention 400 days, Glacier after 90 days, expiry after 2555 days (7 years), Object Lock
     * 365 days, S3 data events for every bucket, an EventBridge rule, no break-glass role or e-mail yet.
     */
    public static FixOptions defaults() {
        return new FixOptions(null, null, null, List.of(), null, null, true, null, 90, 2555, 365, 400);
    }

    public FixOptions withRegion(String value) {
        return new FixOptions(value, breakGlassRoleArn, alertEmail, criticalBuckets, dynamoDbAndLambda, insights,
                eventBridgeRule, dataEventsPerMonth, glacierAfterDays, expireAfterDays, objectLockDays,
                logGroupRetentionDays);
    }

    public FixOptions withBreakGlassRoleArn(String value) {
        return new FixOptions(region, value, alertEmail, criticalBuckets, dynamoDbAndLambda, insights,
                eventBridgeRule, dataEventsPerMonth, glacierAfterDays, expireAfterDays, objectLockDays,
                logGroupRetentionDays);
    }

    public FixOptions withAlertEmail(String value) {
        return new FixOptions(region, breakGlassRoleArn, value, criticalBuckets, dynamoDbAndLambda, insights,
                eventBridgeRule, dataEventsPerMonth, glacierAfterDays, expireAfterDays, objectLockDays,
                logGroupRetentionDays);
    }

    public FixOptions withCriticalBuckets(List<String> value) {
        return new FixOptions(region, breakGlassRoleArn, alertEmail, value, dynamoDbAndLambda, insights,
                eventBridgeRule, dataEventsPerMonth, glacierAfterDays, expireAfterDays, objectLockDays,
                logGroupRetentionDays);
    }

    public FixOptions withDynamoDbAndLambda(Boolean value) {
        return new FixOptions(region, breakGlassRoleArn, alertEmail, criticalBuckets, value, insights,
                eventBridgeRule, dataEventsPerMonth, glacierAfterDays, expireAfterDays, objectLockDays,
                logGroupRetentionDays);
    }

    public FixOptions withInsights(Boolean value) {
        return new FixOptions(region, breakGlassRoleArn, alertEmail, criticalBuckets, dynamoDbAndLambda, value,
                eventBridgeRule, dataEventsPerMonth, glacierAfterDays, expireAfterDays, objectLockDays,
                logGroupRetentionDays);
    }

    public FixOptions withEventBridgeRule(boolean value) {
        return new FixOptions(region, breakGlassRoleArn, alertEmail, criticalBuckets, dynamoDbAndLambda, insights,
                value, dataEventsPerMonth, glacierAfterDays, expireAfterDays, objectLockDays, logGroupRetentionDays);
    }

    public FixOptions withDataEventsPerMonth(Long value) {
        return new FixOptions(region, breakGlassRoleArn, alertEmail, criticalBuckets, dynamoDbAndLambda, insights,
                eventBridgeRule, value, glacierAfterDays, expireAfterDays, objectLockDays, logGroupRetentionDays);
    }

    /** Glacier after, expiry after, and Object Lock retention, in days. */
    public FixOptions withRetention(int glacierAfter, int expireAfter, int objectLock) {
        return new FixOptions(region, breakGlassRoleArn, alertEmail, criticalBuckets, dynamoDbAndLambda, insights,
                eventBridgeRule, dataEventsPerMonth, glacierAfter, expireAfter, objectLock, logGroupRetentionDays);
    }

    public FixOptions withLogGroupRetentionDays(int value) {
        return new FixOptions(region, breakGlassRoleArn, alertEmail, criticalBuckets, dynamoDbAndLambda, insights,
                eventBridgeRule, dataEventsPerMonth, glacierAfterDays, expireAfterDays, objectLockDays, value);
    }

    private static void check(boolean ok, String message, String hint) {
        if (!ok) {
            throw new TrailKeeperException(ErrorCode.USAGE, message, hint);
        }
    }
}
