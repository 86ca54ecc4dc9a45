package io.trailkeeper.audit.fix;

import static io.trailkeeper.audit.fix.PolicyDocuments.obj;
import static io.trailkeeper.audit.fix.ShellScript.doubleQuoted;
import static io.trailkeeper.audit.fix.ShellScript.quoted;
import static io.trailkeeper.audit.fix.ShellScript.word;

import java.util.List;
import java.util.Map;

/**
 * A {@link Design} as a bash script of AWS CLI commands in dependency order, names in variables at the top,
 * documents in here-documents that expand those variables ({@link ShellScript} writes them). It stops at the
 * first failure ({@code set -euo pipefail}) and refuses to run against another account than the plan's.
 */
final class CliRenderer {
    private final Design d;
    private final FixPlan plan;
    private final StringBuilder out = new StringBuilder();
    private final ShellScript script = new ShellScript(out);
    private int stepNumber;

    CliRenderer(Design design, FixPlan plan) {
        this.d = design;
        this.plan = plan;
    }

    String render() {
        out.append("#!/usr/bin/env bash\n").append(Comments.hashed(plan.summary()));
        out.append("set -euo pipefail\n");
        if (d.nothingToFix()) {
            out.append("\necho 'TrailKeeper: nothing to fix in account ").append(d.account()).append(".'\n");
            return out.toString();
        }
        if (d.buildsNothing()) {
            leftovers();
            out.append("\necho 'TrailKeeper: nothing to create in account ").append(d.account())
                    .append("; start or delete the trails named above.'\n");
            return out.toString();
        }
        variables();
        if (d.core() != null) {
            core();
        }
        if (d.monitoring() != null) {
            monitoring();
        }
        if (d.lake() != null && d.lake().changes()) {
            lake(d.lake());
        }
        leftovers();
        out.append("\necho \"TrailKeeper: the plan for account $ACCOUNT is in place.\"\n");
        return out.toString();
    }

    /** Each leftover trail's choices, as commands left commented out: which one is right is the owner's call. */
    private void leftovers() {
        for (Design.Leftover t : d.leftovers()) {
            if (t.logging()) {
                out.append("\n# Trail ").append(t.name()).append(" logs beside trail ").append(d.existingTrail().name())
                        .append(" but fails its own checks. Delete it if it is a leftover (uncomment), or give it what")
                        .append(" it lacks in place.\n")
                        .append("# ").append(PlanWords.deleteCommand(t)).append('\n');
                continue;
            }
            out.append("\n# Trail ").append(t.name()).append(" is not logging. Start it if it should record, or delete")
                    .append(" it if it is a leftover: uncomment one.\n")
                    .append("# ").append(PlanWords.startCommand(t)).append('\n')
                    .append("# ").append(PlanWords.deleteCommand(t)).append('\n');
        }
    }

    private void variables() {
        script.name("ACCOUNT", d.account());
        script.name("REGION", d.region());
        Design.Core c = d.core();
        if (c != null) {
            script.name("TRAIL", c.trailName());
            script.name("BUCKET", c.bucket());
            script.name("ACCESS_LOG_BUCKET", c.accessLogBucket());
            script.name("KEY_ALIAS", c.keyAlias());
            script.name("LOGS_ROLE", c.logsRole());
        }
        if (d.monitoring() != null || c != null) {
            script.name("LOG_GROUP", c != null ? c.logGroup() : d.monitoring().logGroup());
        }
        if (d.monitoring() != null) {
            script.name("TOPIC", d.monitoring().topic());
        }
        out.append("\n# The plan's names. Its documents are written for this account and region.\n");
        script.declareNames();
        for (UserParam p : UserParam.values()) {
            if (p == UserParam.BREAK_GLASS_ROLE_ARN ? c == null : d.monitoring() == null) {
                continue;
            }
            String given = p.valueIn(d.options());
            out.append("# ").append(p.label).append(": ").append(p.description).append(".\n");
            out.append(p.shellName).append("=\"${").append(p.shellName)
                    .append(given != null ? ":-" + given : ":?set " + p.shellName + " first").append("}\"\n");
        }
        out.append("export AWS_DEFAULT_REGION=\"$REGION\"\n\n");
        out.append("if [ \"$(aws sts get-caller-identity --query Account --output text)\" != \"$ACCOUNT\" ]; then\n")
                .append("    echo \"These commands are for account $ACCOUNT: use its credentials.\" >&2\n")
                .append("    exit 1\n").append("fi\n");
        out.append("WORK=\"$(mktemp -d)\"\ntrap 'rm -rf \"$WORK\"' EXIT\n");
    }

    private void core() {
        key();
        accessLogBucket();
        trailBucket();
        logs();
        trail();
    }

    private void key() {
        Design.Core c = d.core();
        heading("key");
        String keyPolicy = script.document("policy", PolicyDocuments.keyPolicy(d));
        out.append("KEY_ARN=\"$(aws kms create-key --description ")
                .append(word("Encrypts CloudTrail log files of trail " + c.trailName())).append(" \\\n")
                .append("    --policy \"").append(keyPolicy).append("\" --query KeyMetadata.Arn --output text)\"\n");
        out.append("aws kms enable-key-rotation --key-id \"$KEY_ARN\"\n");
        out.append("aws kms create-alias --alias-name \"$KEY_ALIAS\" --target-key-id \"$KEY_ARN\"\n");
    }

    private void accessLogBucket() {
        heading("access-log-bucket");
        createPrivateBucket("ACCESS_LOG_BUCKET", "");
        script.command("aws s3api put-bucket-lifecycle-configuration --bucket \"$ACCESS_LOG_BUCKET\"",
                "--lifecycle-configuration", obj("Rules", List.of(obj("ID", "expire-access-logs",
                        "Filter", obj("Prefix", ""), "Status", "Enabled",
                        "Expiration", obj("Days", d.options().expireAfterDays())))));
        script.command("aws s3api put-bucket-policy --bucket \"$ACCESS_LOG_BUCKET\"", "--policy",
                PolicyDocuments.accessLogBucketPolicy(d));
    }

    private void trailBucket() {
        Design.Core c = d.core();
        FixOptions o = d.options();
        heading("trail-bucket");
        createPrivateBucket("BUCKET", " --object-lock-enabled-for-bucket");
        script.command("aws s3api put-bucket-versioning --bucket \"$BUCKET\"", "--versioning-configuration",
                obj("Status", "Enabled"));
        script.command("aws s3api put-object-lock-configuration --bucket \"$BUCKET\"", "--object-lock-configuration",
                obj("ObjectLockEnabled", "Enabled", "Rule", obj("DefaultRetention",
                        obj("Mode", "COMPLIANCE", "Days", o.objectLockDays()))));
        Map<String, Object> rule = obj("ID", "keep-cloudtrail-logs", "Filter", obj("Prefix", ""), "Status", "Enabled");
        if (o.glacierAfterDays() > 0) {
            rule.put("Transitions", List.of(obj("Days", o.glacierAfterDays(), "StorageClass", "GLACIER")));
        }
        rule.put("Expiration", obj("Days", o.expireAfterDays()));
        rule.put("NoncurrentVersionExpiration", obj("NoncurrentDays", o.objectLockDays()));
        script.command("aws s3api put-bucket-lifecycle-configuration --bucket \"$BUCKET\"", "--lifecycle-configuration",
                obj("Rules", List.of(rule)));
        script.command("aws s3api put-bucket-logging --bucket \"$BUCKET\"", "--bucket-logging-status",
                obj("LoggingEnabled", obj("TargetBucket", c.accessLogBucket(), "TargetPrefix", c.bucket() + "/")));

        heading("bucket-policy");
        script.command("aws s3api put-bucket-policy --bucket \"$BUCKET\"", "--policy",
                PolicyDocuments.trailBucketPolicy(d));
    }

    private void logs() {
        heading("logs");
        out.append("aws logs create-log-group --log-group-name \"$LOG_GROUP\"\n");
        out.append("aws logs put-retention-policy --log-group-name \"$LOG_GROUP\" --retention-in-days ")
                .append(d.options().logGroupRetentionDays()).append('\n');
        script.command("aws iam create-role --role-name \"$LOGS_ROLE\"", "--assume-role-policy-document",
                PolicyDocuments.logsRoleTrust(d));
        script.command("aws iam put-role-policy --role-name \"$LOGS_ROLE\" --policy-name deliver-to-cloudwatch-logs",
                "--policy-document", PolicyDocuments.logsRolePolicy(d));
        out.append("sleep 15  # a new role can be assumed only after a few seconds\n");
    }

    private void trail() {
        Design.Core c = d.core();
        heading("trail");
        out.append("aws cloudtrail create-trail --name \"$TRAIL\" --s3-bucket-name \"$BUCKET\" \\\n")
                .append("    --is-multi-region-trail --include-global-service-events --enable-log-file-validation \\\n")
                .append("    --kms-key-id \"$KEY_ARN\" \\\n")
                .append("    --cloud-watch-logs-log-group-arn ")
                .append(doubleQuoted(script.expand(d.logGroupArn(c.logGroup())))).append(" \\\n")
                .append("    --cloud-watch-logs-role-arn ").append(doubleQuoted(script.expand(d.logsRoleArn())))
                .append('\n');

        heading("selectors");
        out.append("# Data events: ").append(plan.dataEventCost().describe()).append(".\n");
        script.command("aws cloudtrail put-event-selectors --trail-name \"$TRAIL\"", "--advanced-event-selectors",
                PolicyDocuments.advancedEventSelectors(d.selectors()));
        if (c.insights()) {
            heading("insights");
            script.command("aws cloudtrail put-insight-selectors --trail-name \"$TRAIL\"", "--insight-selectors",
                    List.of(obj("InsightType", "ApiCallRateInsight"), obj("InsightType", "ApiErrorRateInsight")));
        }
        out.append("aws cloudtrail start-logging --name \"$TRAIL\"\n");
    }

    /** The event data store changed in place: UpdateEventDataStore, then its ingestion started if stopped. */
    private void lake(StoreChange lake) {
        heading("lake");
        String store = "--event-data-store " + word(lake.arn()) + " --region " + word(lake.region());
        if (lake.retentionDays() != null || lake.multiRegion() || !lake.selectors().isEmpty()) {
            String update = "aws cloudtrail update-event-data-store " + store
                    + (lake.retentionDays() == null ? "" : " --retention-period " + lake.retentionDays())
                    + (lake.multiRegion() ? " --multi-region-enabled" : "");
            if (lake.selectors().isEmpty()) {
                out.append(update).append('\n');
            } else {
                script.command(update, "--advanced-event-selectors",
                        PolicyDocuments.advancedEventSelectors(lake.selectors()));
            }
        }
        if (lake.startIngestion()) {
            out.append("aws cloudtrail start-event-data-store-ingestion ").append(store).append('\n');
        }
    }

    private void createPrivateBucket(String variable, String extra) {
        String bucket = "--bucket \"$" + variable + "\"";
        out.append("aws s3api create-bucket ").append(bucket).append(extra);
        if (!d.region().equals("us-east-1")) {
            out.append(" --create-bucket-configuration LocationConstraint=\"$REGION\"");
        }
        out.append('\n');
        script.command("aws s3api put-bucket-ownership-controls " + bucket, "--ownership-controls",
                obj("Rules", List.of(obj("ObjectOwnership", "BucketOwnerEnforced"))));
        script.command("aws s3api put-public-access-block " + bucket, "--public-access-block-configuration",
                obj("BlockPublicAcls", true, "IgnorePublicAcls", true, "BlockPublicPolicy", true,
                        "RestrictPublicBuckets", true));
        script.command("aws s3api put-bucket-encryption " + bucket, "--server-side-encryption-configuration",
                obj("Rules", List.of(obj("ApplyServerSideEncryptionByDefault", obj("SSEAlgorithm", "AES256")))));
    }

    private void monitoring() {
        Design.Monitoring m = d.monitoring();
        heading("topic");
        out.append("TOPIC_ARN=\"$(aws sns create-topic --name \"$TOPIC\" --query TopicArn --output text)\"\n");
        script.command("aws sns set-topic-attributes --topic-arn \"$TOPIC_ARN\" --attribute-name Policy",
                "--attribute-value", PolicyDocuments.topicPolicy(d));
        out.append("aws sns subscribe --topic-arn \"$TOPIC_ARN\" --protocol email")
                .append(" --notification-endpoint \"$ALERT_EMAIL\"\n");
        for (MonitoringAlarm a : m.alarms()) {
            heading("alarm:" + a.name);
            out.append("aws logs put-metric-filter --log-group-name \"$LOG_GROUP\" --filter-name ")
                    .append(a.filterName()).append(" \\\n    --filter-pattern ").append(quoted(a.pattern))
                    .append(" \\\n    --metric-transformations ")
                    .append(quoted(JsonText.compact(List.of(obj("metricName", a.metricName(),
                            "metricNamespace", MonitoringAlarm.NAMESPACE, "metricValue", "1"))))).append('\n');
            out.append("aws cloudwatch put-metric-alarm --alarm-name ").append(a.alarmName()).append(" \\\n")
                    .append("    --alarm-description ").append(word("TrailKeeper: " + a.description)).append(" \\\n")
                    .append("    --namespace ").append(MonitoringAlarm.NAMESPACE).append(" --metric-name ")
                    .append(a.metricName()).append(" --statistic Sum --period 300 --evaluation-periods 1 \\\n")
                    .append("    --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold ")
                    .append("--treat-missing-data notBreaching --alarm-actions \"$TOPIC_ARN\"\n");
        }
        if (m.eventRule()) {
            heading("event-rule");
            script.command("aws events put-rule --name trailkeeper-trail-tampering \\\n    --description "
                    + word("TrailKeeper: " + MonitoringAlarm.TRAIL_TAMPERING.description), "--event-pattern",
                    PolicyDocuments.tamperingEventPattern());
            out.append("aws events put-targets --rule trailkeeper-trail-tampering --targets ")
                    .append("\"Id=alert-topic,Arn=$TOPIC_ARN\"\n");
        }
    }

    private void heading(String part) {
        stepNumber++;
        out.append('\n').append(Comments.hashed(List.of(stepNumber + ". " + plan.step(part).what())));
    }
}
