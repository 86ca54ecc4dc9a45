package io.trailkeeper.audit.fix;

import io.trailkeeper.audit.fix.HclWriter.Attr;
import io.trailkeeper.audit.fix.HclWriter.Block;
import io.trailkeeper.audit.fix.HclWriter.Comment;
import io.trailkeeper.audit.fix.HclWriter.JsonEncode;
import io.trailkeeper.audit.fix.HclWriter.Raw;
import io.trailkeeper.events.AccountSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link Design} as Terraform configuration for the hashicorp/aws provider v5, one file. The provider is held to
 * the plan's account ({@code allowed_account_ids}), and the buckets and key cannot be destroyed by a plan
 * ({@code prevent_destroy}).
 */
final class TerraformRenderer {
    private final Design d;
    private final FixPlan plan;
    private final List<Object> out = new ArrayList<>();

    TerraformRenderer(Design design, FixPlan plan) {
        this.d = design;
        this.plan = plan;
    }

    String render() {
        String header = Comments.hashed(plan.summary());
        StoreChange imported = d.terraformImport();
        if (d.createsNothing() && imported == null) {
            return header;
        }
        out.add(block("terraform", List.of(),
                new Attr("required_version", ">= 1.5.0"),
                block("required_providers", List.of(), new Attr("aws",
                        PolicyDocuments.obj("source", "hashicorp/aws", "version", "~> 5.0")))));
        // a plan that only changes the event data store works in the store's region
        String region = d.createsNothing() ? imported.region() : d.region();
        out.add(block("provider", List.of("aws"), new Attr("region", region),
                new Attr("allowed_account_ids", List.of(d.account()))));
        if (d.core() != null) {
            variable(UserParam.BREAK_GLASS_ROLE_ARN);
        }
        if (d.monitoring() != null) {
            variable(UserParam.ALERT_EMAIL);
        }
        if (d.core() != null) {
            key();
            accessLogBucket();
            trailBucket();
            trail();
        }
        if (d.monitoring() != null) {
            monitoring();
        }
        if (imported != null) {
            eventDataStore(imported);
        }
        if (d.core() != null) {
            output("trail_arn", "aws_cloudtrail.trail.arn");
            output("trail_bucket", "aws_s3_bucket.trail.id");
        }
        List<Object> spaced = new ArrayList<>();
        for (Object item : out) {
            spaced.add(HclWriter.BLANK);
            spaced.add(item);
        }
        return header + HclWriter.write(spaced);
    }

    private void variable(UserParam p) {
        List<Object> body = new ArrayList<>(List.of(new Attr("description", p.description), new Attr("type",
                new Raw("string"))));
        String value = p.valueIn(d.options());
        if (value != null) {
            body.add(new Attr("default", value));
        }
        out.add(new Block("variable", List.of(p.terraformName), body));
    }

    private void key() {
        Design.Core c = d.core();
        out.add(resource("aws_kms_key", "trail",
                new Attr("description", "Encrypts CloudTrail log files of trail " + c.trailName()),
                new Attr("enable_key_rotation", true),
                new Attr("deletion_window_in_days", 30),
                new Attr("policy", new JsonEncode(PolicyDocuments.keyPolicy(d))),
                preventDestroy()));
        out.add(resource("aws_kms_alias", "trail", new Attr("name", c.keyAlias()),
                new Attr("target_key_id", ref("aws_kms_key.trail.key_id"))));
    }

    private void accessLogBucket() {
        Design.Core c = d.core();
        out.add(resource("aws_s3_bucket", "access_logs", new Attr("bucket", c.accessLogBucket())));
        privateBucket("access_logs");
        out.add(resource("aws_s3_bucket_lifecycle_configuration", "access_logs",
                new Attr("bucket", ref("aws_s3_bucket.access_logs.id")),
                block("rule", List.of(), new Attr("id", "expire-access-logs"), new Attr("status", "Enabled"),
                        block("filter", List.of()),
                        block("expiration", List.of(), new Attr("days", d.options().expireAfterDays())))));
        out.add(resource("aws_s3_bucket_policy", "access_logs",
                new Attr("bucket", ref("aws_s3_bucket.access_logs.id")),
                new Attr("policy", new JsonEncode(PolicyDocuments.accessLogBucketPolicy(d))),
                new Attr("depends_on", List.of(ref("aws_s3_bucket_public_access_block.access_logs")))));
    }

    private void trailBucket() {
        Design.Core c = d.core();
        FixOptions o = d.options();
        out.add(resource("aws_s3_bucket", "trail", new Attr("bucket", c.bucket()),
                new Attr("object_lock_enabled", true), preventDestroy()));
        privateBucket("trail");
        out.add(resource("aws_s3_bucket_versioning", "trail", new Attr("bucket", ref("aws_s3_bucket.trail.id")),
                block("versioning_configuration", List.of(), new Attr("status", "Enabled"))));
        out.add(resource("aws_s3_bucket_object_lock_configuration", "trail",
                new Attr("bucket", ref("aws_s3_bucket.trail.id")),
                block("rule", List.of(), block("default_retention", List.of(), new Attr("mode", "COMPLIANCE"),
                        new Attr("days", o.objectLockDays()))),
                new Attr("depends_on", List.of(ref("aws_s3_bucket_versioning.trail")))));
        List<Object> rule = new ArrayList<>(List.of(new Attr("id", "keep-cloudtrail-logs"),
                new Attr("status", "Enabled"), block("filter", List.of())));
        if (o.glacierAfterDays() > 0) {
            rule.add(block("transition", List.of(), new Attr("days", o.glacierAfterDays()),
                    new Attr("storage_class", "GLACIER")));
        }
        rule.add(block("expiration", List.of(), new Attr("days", o.expireAfterDays())));
        rule.add(block("noncurrent_version_expiration", List.of(), new Attr("noncurrent_days", o.objectLockDays())));
        out.add(resource("aws_s3_bucket_lifecycle_configuration", "trail",
                new Attr("bucket", ref("aws_s3_bucket.trail.id")), new Block("rule", List.of(), rule),
                new Attr("depends_on", List.of(ref("aws_s3_bucket_versioning.trail")))));
        out.add(resource("aws_s3_bucket_logging", "trail", new Attr("bucket", ref("aws_s3_bucket.trail.id")),
                new Attr("target_bucket", ref("aws_s3_bucket.access_logs.id")),
                new Attr("target_prefix", c.bucket() + "/")));
        out.add(resource("aws_s3_bucket_policy", "trail", new Attr("bucket", ref("aws_s3_bucket.trail.id")),
                new Comment("Applied last: it denies changing versioning, Object Lock, the lifecycle and itself."),
                new Attr("policy", new JsonEncode(PolicyDocuments.trailBucketPolicy(d))),
                new Attr("depends_on", List.of(ref("aws_s3_bucket_public_access_block.trail"),
                        ref("aws_s3_bucket_versioning.trail"), ref("aws_s3_bucket_object_lock_configuration.trail"),
                        ref("aws_s3_bucket_lifecycle_configuration.trail")))));
    }

    private void privateBucket(String name) {
        Raw bucket = ref("aws_s3_bucket." + name + ".id");
        out.add(resource("aws_s3_bucket_ownership_controls", name, new Attr("bucket", bucket),
                block("rule", List.of(), new Attr("object_ownership", "BucketOwnerEnforced"))));
        out.add(resource("aws_s3_bucket_public_access_block", name, new Attr("bucket", bucket),
                new Attr("block_public_acls", true), new Attr("block_public_policy", true),
                new Attr("ignore_public_acls", true), new Attr("restrict_public_buckets", true)));
        out.add(resource("aws_s3_bucket_server_side_encryption_configuration", name, new Attr("bucket", bucket),
                block("rule", List.of(), block("apply_server_side_encryption_by_default", List.of(),
                        new Attr("sse_algorithm", "AES256")))));
    }

    private void trail() {
        Design.Core c = d.core();
        out.add(resource("aws_cloudwatch_log_group", "trail", new Attr("name", c.logGroup()),
                new Attr("retention_in_days", d.options().logGroupRetentionDays())));
        out.add(resource("aws_iam_role", "cloudtrail_logs", new Attr("name", c.logsRole()),
                new Attr("assume_role_policy", new JsonEncode(PolicyDocuments.logsRoleTrust(d)))));
        out.add(resource("aws_iam_role_policy", "cloudtrail_logs", new Attr("name", "deliver-to-cloudwatch-logs"),
                new Attr("role", ref("aws_iam_role.cloudtrail_logs.id")),
                new Attr("policy", new JsonEncode(PolicyDocuments.logsRolePolicy(d)))));
        List<Object> body = new ArrayList<>(List.of(new Attr("name", c.trailName()),
                new Attr("s3_bucket_name", ref("aws_s3_bucket.trail.id")),
                new Attr("is_multi_region_trail", true), new Attr("include_global_service_events", true),
                new Attr("enable_log_file_validation", true), new Attr("enable_logging", true),
                new Attr("kms_key_id", ref("aws_kms_key.trail.arn")),
                new Attr("cloud_watch_logs_group_arn", new Raw("\"${aws_cloudwatch_log_group.trail.arn}:*\"")),
                new Attr("cloud_watch_logs_role_arn", ref("aws_iam_role.cloudtrail_logs.arn")),
                HclWriter.BLANK, new Comment("Data events: " + plan.dataEventCost().describe() + ".")));
        d.selectors().forEach(s -> body.add(advancedEventSelector(s)));
        if (c.insights()) {
            body.add(block("insight_selector", List.of(), new Attr("insight_type", "ApiCallRateInsight")));
            body.add(block("insight_selector", List.of(), new Attr("insight_type", "ApiErrorRateInsight")));
        }
        body.add(HclWriter.BLANK);
        body.add(new Attr("depends_on", List.of(ref("aws_s3_bucket_policy.trail"),
                ref("aws_iam_role_policy.cloudtrail_logs"))));
        out.add(new Block("resource", List.of("aws_cloudtrail", "trail"), body));
    }

    private void monitoring() {
        Design.Monitoring m = d.monitoring();
        out.add(resource("aws_sns_topic", "alerts", new Attr("name", m.topic())));
        out.add(resource("aws_sns_topic_policy", "alerts", new Attr("arn", ref("aws_sns_topic.alerts.arn")),
                new Attr("policy", new JsonEncode(PolicyDocuments.topicPolicy(d)))));
        out.add(resource("aws_sns_topic_subscription", "alert_email",
                new Attr("topic_arn", ref("aws_sns_topic.alerts.arn")), new Attr("protocol", "email"),
                new Attr("endpoint", UserParam.ALERT_EMAIL)));
        Object logGroup = d.core() != null ? ref("aws_cloudwatch_log_group.trail.name") : m.logGroup();
        for (MonitoringAlarm a : m.alarms()) {
            out.add(resource("aws_cloudwatch_log_metric_filter", a.terraformName, new Attr("name", a.filterName()),
                    new Attr("log_group_name", logGroup), new Attr("pattern", a.pattern),
                    block("metric_transformation", List.of(), new Attr("name", a.metricName()),
                            new Attr("namespace", MonitoringAlarm.NAMESPACE), new Attr("value", "1"))));
            out.add(resource("aws_cloudwatch_metric_alarm", a.terraformName, new Attr("alarm_name", a.alarmName()),
                    new Attr("alarm_description", "TrailKeeper: " + a.description),
                    new Attr("namespace", MonitoringAlarm.NAMESPACE), new Attr("metric_name", a.metricName()),
                    new Attr("statistic", "Sum"), new Attr("period", 300), new Attr("evaluation_periods", 1),
                    new Attr("threshold", 1), new Attr("comparison_operator", "GreaterThanOrEqualToThreshold"),
                    new Attr("treat_missing_data", "notBreaching"),
                    new Attr("alarm_actions", List.of(ref("aws_sns_topic.alerts.arn")))));
        }
        if (m.eventRule()) {
            out.add(resource("aws_cloudwatch_event_rule", "trail_tampering",
                    new Attr("name", "trailkeeper-trail-tampering"),
                    new Attr("description", "TrailKeeper: " + MonitoringAlarm.TRAIL_TAMPERING.description),
                    new Attr("event_pattern", new JsonEncode(PolicyDocuments.tamperingEventPattern()))));
            out.add(resource("aws_cloudwatch_event_target", "trail_tampering",
                    new Attr("rule", ref("aws_cloudwatch_event_rule.trail_tampering.name")),
                    new Attr("target_id", "alert-topic"), new Attr("arn", ref("aws_sns_topic.alerts.arn"))));
        }
    }

    /**
     * The account's event data store, taken over by an import block (Terraform 1.5) and changed in place: declared
     * with every setting it has, so that the plan changes only what the fix changes. It cannot be destroyed by a
     * plan: a change that would replace it (and delete its events) fails instead.
     */
    private void eventDataStore(StoreChange lake) {
        AccountSnapshot.EventDataStore s = lake.current();
        boolean elsewhere = !d.createsNothing() && !lake.region().equals(d.region());
        if (elsewhere) {
            out.add(block("provider", List.of("aws"), new Attr("alias", "event_data_store"),
                    new Attr("region", lake.region()), new Attr("allowed_account_ids", List.of(d.account()))));
        }
        List<Object> taken = new ArrayList<>(List.of(new Attr("to", ref("aws_cloudtrail_event_data_store.existing")),
                new Attr("id", lake.arn())));
        List<Object> body = new ArrayList<>(List.of(new Comment("Event data store " + s.name() + ": the settings it"
                + " has, with the plan's changes."), new Attr("name", s.name())));
        if (elsewhere) {
            taken.add(new Attr("provider", ref("aws.event_data_store")));
            body.add(new Attr("provider", ref("aws.event_data_store")));
        }
        out.add(new Block("import", List.of(), taken));
        body.add(new Attr("multi_region_enabled", s.multiRegion() || lake.multiRegion()));
        body.add(new Attr("organization_enabled", s.organization()));
        body.add(new Attr("retention_period", lake.retentionDays() != null ? lake.retentionDays() : s.retentionDays()));
        body.add(new Attr("billing_mode", s.billingMode()));
        body.add(new Attr("termination_protection_enabled", s.terminationProtection()));
        if (s.kmsKeyId() != null) {
            body.add(new Attr("kms_key_id", s.kmsKeyId()));
        }
        body.add(new Attr("suspend", !lake.ingestsAfter()));
        lake.selectorsAfter().forEach(selector -> body.add(advancedEventSelector(selector)));
        body.add(preventDestroy());
        out.add(new Block("resource", List.of("aws_cloudtrail_event_data_store", "existing"), body));
    }

    /** An advanced_event_selector block: its name (when it has one), then each field selector, every test kept. */
    private static Block advancedEventSelector(AccountSnapshot.AdvancedEventSelector selector) {
        List<Object> body = new ArrayList<>();
        if (selector.name() != null) {
            body.add(new Attr("name", selector.name()));
        }
        for (AccountSnapshot.FieldSelector f : selector.fieldSelectors()) {
            body.add(fieldSelector(f.field(), "equals", f.equalsValues(), "not_equals", f.notEquals(),
                    "starts_with", f.startsWith(), "not_starts_with", f.notStartsWith(), "ends_with",
                    f.endsWith(), "not_ends_with", f.notEndsWith()));
        }
        return new Block("advanced_event_selector", List.of(), body);
    }

    /** A field_selector block: the field, then each (name, values) pair whose values are not empty. */
    private static Block fieldSelector(String field, Object... namesAndValues) {
        List<Object> body = new ArrayList<>(List.of(new Attr("field", field)));
        for (int i = 0; i < namesAndValues.length; i += 2) {
            List<?> values = (List<?>) namesAndValues[i + 1];
            if (values != null && !values.isEmpty()) {
                body.add(new Attr((String) namesAndValues[i], values));
            }
        }
        return new Block("field_selector", List.of(), body);
    }

    private void output(String name, String expression) {
        out.add(block("output", List.of(name), new Attr("value", ref(expression))));
    }

    private static Block resource(String type, String name, Object... body) {
        return new Block("resource", List.of(type, name), Arrays.asList(body));
    }

    private static Block block(String type, List<String> labels, Object... body) {
        return new Block(type, labels, Arrays.asList(body));
    }

    private static Block preventDestroy() {
        return block("lifecycle", List.of(), new Attr("prevent_destroy", true));
    }

    private static Raw ref(String expression) {
        return new Raw(expression);
    }
}
