package io.trailkeeper.audit.fix;

import static io.trailkeeper.audit.fix.PolicyDocuments.obj;

import io.trailkeeper.audit.fix.YamlWriter.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Design} as one CloudFormation template (YAML, short-form intrinsic functions). Buckets, the key and
 * the log group are retained when the stack is deleted: they hold or protect the evidence.
 */
final class CloudFormationRenderer {
    private final Design d;
    private final FixPlan plan;

    CloudFormationRenderer(Design design, FixPlan plan) {
        this.d = design;
        this.plan = plan;
    }

    String render() {
        String header = Comments.hashed(plan.summary());
        if (d.createsNothing()) {
            return header;
        }
        Map<String, Object> template = obj("AWSTemplateFormatVersion", "2010-09-09",
                "Description", "TrailKeeper fix plan for account " + d.account() + ": closes "
                        + plan.closes().size() + " failed audit checks");
        template.put("Parameters", parameters());
        Map<String, Object> resources = new LinkedHashMap<>();
        if (d.core() != null) {
            core(resources);
        }
        if (d.monitoring() != null) {
            monitoring(resources);
        }
        template.put("Resources", resources);
        if (d.core() != null) {
            template.put("Outputs", obj(
                    "TrailArn", obj("Value", getAtt("Trail.Arn")),
                    "TrailBucketName", obj("Value", ref("TrailBucket")),
                    "TrailKeyArn", obj("Value", getAtt("TrailKey.Arn"))));
        }
        return header + "\n" + YamlWriter.write(template);
    }

    private Map<String, Object> parameters() {
        Map<String, Object> params = new LinkedHashMap<>();
        if (d.core() != null) {
            params.put(UserParam.BREAK_GLASS_ROLE_ARN.cloudFormationName, parameter(UserParam.BREAK_GLASS_ROLE_ARN,
                    "arn:aws[a-z-]*:iam::\\d{12}:role/.+"));
        }
        if (d.monitoring() != null) {
            params.put(UserParam.ALERT_EMAIL.cloudFormationName, parameter(UserParam.ALERT_EMAIL, "[^@\\s]+@[^@\\s]+"));
        }
        return params;
    }

    private Map<String, Object> parameter(UserParam p, String pattern) {
        Map<String, Object> out = obj("Type", "String", "Description", capitalised(p.description),
                "AllowedPattern", pattern);
        String value = p.valueIn(d.options());
        if (value != null) {
            out.put("Default", value);
        }
        return out;
    }

    private void core(Map<String, Object> r) {
        Design.Core c = d.core();
        FixOptions o = d.options();
        r.put("TrailKey", retained("AWS::KMS::Key", obj("Description", "Encrypts CloudTrail log files of trail "
                + c.trailName(), "EnableKeyRotation", true, "KeyPolicy", PolicyDocuments.keyPolicy(d))));
        r.put("TrailKeyAlias", resource("AWS::KMS::Alias", obj("AliasName", c.keyAlias(),
                "TargetKeyId", ref("TrailKey"))));
        buckets(r);
        r.put("TrailLogGroup", retained("AWS::Logs::LogGroup", obj("LogGroupName", c.logGroup(),
                "RetentionInDays", o.logGroupRetentionDays())));
        r.put("CloudTrailLogsRole", resource("AWS::IAM::Role", obj("RoleName", c.logsRole(),
                "AssumeRolePolicyDocument", PolicyDocuments.logsRoleTrust(d),
                "Policies", List.of(obj("PolicyName", "deliver-to-cloudwatch-logs",
                        "PolicyDocument", PolicyDocuments.logsRolePolicy(d))))));
        Map<String, Object> trail = obj("TrailName", c.trailName(), "S3BucketName", ref("TrailBucket"),
                "IsLogging", true, "IsMultiRegionTrail", true, "IncludeGlobalServiceEvents", true,
                "EnableLogFileValidation", true, "KMSKeyId", getAtt("TrailKey.Arn"),
                "CloudWatchLogsLogGroupArn", getAtt("TrailLogGroup.Arn"),
                "CloudWatchLogsRoleArn", getAtt("CloudTrailLogsRole.Arn"),
                "#cost", "Data events: " + plan.dataEventCost().describe() + ".",
                "AdvancedEventSelectors", PolicyDocuments.advancedEventSelectors(d.selectors()));
        if (c.insights()) {
            trail.put("InsightSelectors", List.of(obj("InsightType", "ApiCallRateInsight"),
                    obj("InsightType", "ApiErrorRateInsight")));
        }
        Map<String, Object> trailResource = resource("AWS::CloudTrail::Trail", trail);
        trailResource.put("DependsOn", List.of("TrailBucketPolicy"));
        r.put("Trail", trailResource);
    }

    private void buckets(Map<String, Object> r) {
        Design.Core c = d.core();
        FixOptions o = d.options();
        r.put("AccessLogBucket", retained("AWS::S3::Bucket", privateBucket(c.accessLogBucket(),
                obj("Id", "expire-access-logs", "Status", "Enabled", "ExpirationInDays", o.expireAfterDays()))));
        r.put("AccessLogBucketPolicy", resource("AWS::S3::BucketPolicy", obj("Bucket", ref("AccessLogBucket"),
                "PolicyDocument", PolicyDocuments.accessLogBucketPolicy(d))));
        Map<String, Object> rule = obj("Id", "keep-cloudtrail-logs", "Status", "Enabled");
        if (o.glacierAfterDays() > 0) {
            rule.put("Transitions", List.of(obj("StorageClass", "GLACIER", "TransitionInDays", o.glacierAfterDays())));
        }
        rule.put("ExpirationInDays", o.expireAfterDays());
        rule.put("NoncurrentVersionExpiration", obj("NoncurrentDays", o.objectLockDays()));
        Map<String, Object> bucket = privateBucket(c.bucket(), rule);
        bucket.put("ObjectLockEnabled", true);
        bucket.put("ObjectLockConfiguration", obj("ObjectLockEnabled", "Enabled", "Rule", obj("DefaultRetention",
                obj("Mode", "COMPLIANCE", "Days", o.objectLockDays()))));
        bucket.put("VersioningConfiguration", obj("Status", "Enabled"));
        bucket.put("LoggingConfiguration", obj("DestinationBucketName", ref("AccessLogBucket"),
                "LogFilePrefix", c.bucket() + "/"));
        r.put("TrailBucket", retained("AWS::S3::Bucket", bucket));
        r.put("TrailBucketPolicy", resource("AWS::S3::BucketPolicy", obj("Bucket", ref("TrailBucket"),
                "PolicyDocument", PolicyDocuments.trailBucketPolicy(d))));
    }

    private Map<String, Object> privateBucket(String name, Map<String, Object> lifecycleRule) {
        return obj("BucketName", name,
                "OwnershipControls", obj("Rules", List.of(obj("ObjectOwnership", "BucketOwnerEnforced"))),
                "PublicAccessBlockConfiguration", obj("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                "BucketEncryption", obj("ServerSideEncryptionConfiguration", List.of(obj(
                        "ServerSideEncryptionByDefault", obj("SSEAlgorithm", "AES256")))),
                "LifecycleConfiguration", obj("Rules", List.of(lifecycleRule)));
    }

    private void monitoring(Map<String, Object> r) {
        Design.Monitoring m = d.monitoring();
        r.put("AlertTopic", resource("AWS::SNS::Topic", obj("TopicName", m.topic())));
        r.put("AlertTopicPolicy", resource("AWS::SNS::TopicPolicy", obj("Topics", List.of(ref("AlertTopic")),
                "PolicyDocument", PolicyDocuments.topicPolicy(d))));
        r.put("AlertSubscription", resource("AWS::SNS::Subscription", obj("TopicArn", ref("AlertTopic"),
                "Protocol", "email", "Endpoint", UserParam.ALERT_EMAIL)));
        Object logGroup = d.core() != null ? ref("TrailLogGroup") : m.logGroup();
        for (MonitoringAlarm a : m.alarms()) {
            r.put(a.logicalId + "MetricFilter", resource("AWS::Logs::MetricFilter", obj("FilterName", a.filterName(),
                    "LogGroupName", logGroup, "FilterPattern", a.pattern,
                    "MetricTransformations", List.of(obj("MetricName", a.metricName(),
                            "MetricNamespace", MonitoringAlarm.NAMESPACE, "MetricValue", "1")))));
            r.put(a.logicalId + "Alarm", resource("AWS::CloudWatch::Alarm", obj("AlarmName", a.alarmName(),
                    "AlarmDescription", "TrailKeeper: " + a.description, "Namespace", MonitoringAlarm.NAMESPACE,
                    "MetricName", a.metricName(), "Statistic", "Sum", "Period", 300, "EvaluationPeriods", 1,
                    "Threshold", 1, "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                    "TreatMissingData", "notBreaching", "AlarmActions", List.of(ref("AlertTopic")))));
        }
        if (m.eventRule()) {
            r.put("TrailTamperingRule", resource("AWS::Events::Rule", obj("Name", "trailkeeper-trail-tampering",
                    "Description", "TrailKeeper: " + MonitoringAlarm.TRAIL_TAMPERING.description,
                    "State", "ENABLED", "EventPattern", PolicyDocuments.tamperingEventPattern(),
                    "Targets", List.of(obj("Id", "alert-topic", "Arn", ref("AlertTopic"))))));
        }
    }

    private static Map<String, Object> resource(String type, Map<String, Object> properties) {
        return obj("Type", type, "Properties", properties);
    }

    /** Kept when the stack is deleted or the resource replaced: it holds or protects the evidence. */
    private static Map<String, Object> retained(String type, Map<String, Object> properties) {
        return obj("Type", type, "DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain",
                "Properties", properties);
    }

    private static Tag ref(String logicalId) {
        return new Tag("!Ref", logicalId);
    }

    private static Tag getAtt(String logicalIdAndAttribute) {
        return new Tag("!GetAtt", logicalIdAndAttribute);
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
