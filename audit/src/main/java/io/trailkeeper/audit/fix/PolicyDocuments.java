package io.trailkeeper.audit.fix;

import io.trailkeeper.events.AccountSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The IAM, bucket, key and topic policies and the EventBridge pattern of a {@link Design}, as neutral trees
 * (ordered maps, lists, strings, and {@link UserParam}s where the deployer's value goes) that each renderer
 * writes in its own syntax. ARNs are spelled out from the account, partition and region, so that no policy
 * refers to a resource that refers back to it (the bucket policy names the trail that depends on it).
 */
final class PolicyDocuments {
    static final String VERSION = "2012-10-17";
    static final String CLOUDTRAIL = "cloudtrail.amazonaws.com";
    /** What an attacker does to destroy the record; denied to all but the break-glass role. */
    static final List<String> DESTRUCTIVE_S3_ACTIONS = List.of("s3:DeleteObject", "s3:DeleteObjectVersion",
            "s3:PutLifecycleConfiguration", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:DeleteBucket",
            "s3:PutBucketVersioning", "s3:PutBucketObjectLockConfiguration");

    private PolicyDocuments() {
    }

    /** An ordered map from alternating keys and values. */
    static Map<String, Object> obj(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static Map<String, Object> policy(Object... statements) {
        return obj("Version", VERSION, "Statement", List.of(statements));
    }

    private static Map<String, Object> service(String name) {
        return obj("Service", name);
    }

    static Map<String, Object> trailBucketPolicy(Design d) {
        Design.Core c = d.core();
        String bucket = d.bucketArn(c.bucket());
        return policy(
                obj("Sid", "AWSCloudTrailAclCheck", "Effect", "Allow", "Principal", service(CLOUDTRAIL),
                        "Action", "s3:GetBucketAcl", "Resource", bucket,
                        "Condition", obj("StringEquals", obj("aws:SourceArn", d.trailArn()))),
                obj("Sid", "AWSCloudTrailWrite", "Effect", "Allow", "Principal", service(CLOUDTRAIL),
                        "Action", "s3:PutObject", "Resource", bucket + "/AWSLogs/" + d.account() + "/*",
                        "Condition", obj("StringEquals", obj("s3:x-amz-acl", "bucket-owner-full-control",
                                "aws:SourceArn", d.trailArn()))),
                denyInsecureTransport(bucket),
                obj("Sid", "DenyLogDestructionButBreakGlass", "Effect", "Deny", "Principal", "*",
                        "Action", DESTRUCTIVE_S3_ACTIONS, "Resource", List.of(bucket, bucket + "/*"),
                        "Condition", obj("ArnNotEquals", obj("aws:PrincipalArn", UserParam.BREAK_GLASS_ROLE_ARN))));
    }

    static Map<String, Object> accessLogBucketPolicy(Design d) {
        String target = d.bucketArn(d.core().accessLogBucket());
        return policy(
                obj("Sid", "S3ServerAccessLogsPolicy", "Effect", "Allow",
                        "Principal", service("logging.s3.amazonaws.com"), "Action", "s3:PutObject",
                        "Resource", target + "/*",
                        "Condition", obj("ArnLike", obj("aws:SourceArn", d.bucketArn(d.core().bucket())),
                                "StringEquals", obj("aws:SourceAccount", d.account()))),
                denyInsecureTransport(target));
    }

    private static Map<String, Object> denyInsecureTransport(String bucketArn) {
        return obj("Sid", "DenyInsecureTransport", "Effect", "Deny", "Principal", "*", "Action", "s3:*",
                "Resource", List.of(bucketArn, bucketArn + "/*"),
                "Condition", obj("Bool", obj("aws:SecureTransport", "false")));
    }

    static Map<String, Object> keyPolicy(Design d) {
        String anyTrailOfAccount = d.arn("cloudtrail", "*", d.account() + ":trail/*");
        return policy(
                obj("Sid", "EnableAccountAdministration", "Effect", "Allow",
                        "Principal", obj("AWS", "arn:" + d.partition() + ":iam::" + d.account() + ":root"),
                        "Action", "kms:*", "Resource", "*"),
                obj("Sid", "AllowCloudTrailToEncryptLogs", "Effect", "Allow", "Principal", service(CLOUDTRAIL),
                        "Action", "kms:GenerateDataKey*", "Resource", "*",
                        "Condition", obj("StringEquals", obj("aws:SourceArn", d.trailArn()),
                                "StringLike", obj("kms:EncryptionContext:aws:cloudtrail:arn", anyTrailOfAccount))),
                obj("Sid", "AllowCloudTrailToDescribeKey", "Effect", "Allow", "Principal", service(CLOUDTRAIL),
                        "Action", "kms:DescribeKey", "Resource", "*",
                        "Condition", obj("StringEquals", obj("aws:SourceArn", d.trailArn()))),
                obj("Sid", "AllowAccountToDecryptLogs", "Effect", "Allow", "Principal", obj("AWS", "*"),
                        "Action", List.of("kms:Decrypt", "kms:ReEncryptFrom"), "Resource", "*",
                        "Condition", obj("StringEquals", obj("kms:CallerAccount", d.account()),
                                "StringLike", obj("kms:EncryptionContext:aws:cloudtrail:arn", anyTrailOfAccount))));
    }

    static Map<String, Object> logsRoleTrust(Design d) {
        return policy(obj("Effect", "Allow", "Principal", service(CLOUDTRAIL), "Action", "sts:AssumeRole",
                "Condition", obj("StringEquals", obj("aws:SourceAccount", d.account()))));
    }

    static Map<String, Object> logsRolePolicy(Design d) {
        String group = d.logGroupArn(d.core().logGroup());
        String streams = group.substring(0, group.length() - 1) + "log-stream:*";
        return policy(obj("Sid", "AWSCloudTrailDeliverToLogs", "Effect", "Allow",
                "Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"), "Resource", streams));
    }

    static Map<String, Object> topicPolicy(Design d) {
        Map<String, Object> sameAccount = obj("StringEquals", obj("aws:SourceAccount", d.account()));
        return policy(
                obj("Sid", "AllowCloudWatchAlarms", "Effect", "Allow", "Principal", service("cloudwatch.amazonaws.com"),
                        "Action", "sns:Publish", "Resource", d.topicArn(), "Condition", sameAccount),
                obj("Sid", "AllowEventBridgeRules", "Effect", "Allow", "Principal", service("events.amazonaws.com"),
                        "Action", "sns:Publish", "Resource", d.topicArn(), "Condition", sameAccount));
    }

    /** The EventBridge pattern of the calls that stop or blind the trail. */
    static Map<String, Object> tamperingEventPattern() {
        return obj("source", List.of("aws.cloudtrail"), "detail-type", List.of("AWS API Call via CloudTrail"),
                "detail", obj("eventSource", List.of(CLOUDTRAIL), "eventName", MonitoringAlarm.TAMPERING_CALLS));
    }

    /**
     * Advanced event selectors in the CloudTrail API's JSON shape (also CloudFormation's, field by field), every
     * test kept: the plan's trail's, and an event data store's as UpdateEventDataStore takes them.
     */
    static List<Object> advancedEventSelectors(List<AccountSnapshot.AdvancedEventSelector> selectors) {
        return selectors.stream().map(s -> {
            Map<String, Object> out = new LinkedHashMap<>();
            if (s.name() != null) {
                out.put("Name", s.name());
            }
            out.put("FieldSelectors", s.fieldSelectors().stream().map(PolicyDocuments::fieldSelector).toList());
            return (Object) out;
        }).toList();
    }

    private static Object fieldSelector(AccountSnapshot.FieldSelector f) {
        Map<String, Object> out = obj("Field", f.field());
        putIfAny(out, "Equals", f.equalsValues());
        putIfAny(out, "StartsWith", f.startsWith());
        putIfAny(out, "EndsWith", f.endsWith());
        putIfAny(out, "NotEquals", f.notEquals());
        putIfAny(out, "NotStartsWith", f.notStartsWith());
        putIfAny(out, "NotEndsWith", f.notEndsWith());
        return out;
    }

    private static void putIfAny(Map<String, Object> out, String key, List<String> values) {
        if (!values.isEmpty()) {
            out.put(key, values);
        }
    }
}
