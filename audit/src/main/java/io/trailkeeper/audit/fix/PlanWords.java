package io.trailkeeper.audit.fix;

import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.Finding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A {@link Design} told in words: the steps, what each closes, the notes, the data-event cost. */
final class PlanWords {
    private final Design d;
    private final AccountSnapshot snapshot;
    private final List<Finding> findings;

    PlanWords(Design design, AccountSnapshot snapshot, List<Finding> findings) {
        this.d = design;
        this.snapshot = snapshot;
        this.findings = List.copyOf(findings);
    }

    /** The steps in deployment order, keyed by the part of the design they describe (see {@link FixPlan#step}). */
    Map<String, FixPlan.Step> steps() {
        Map<String, FixPlan.Step> steps = new LinkedHashMap<>();
        if (d.core() != null) {
            coreSteps(steps);
        }
        if (d.monitoring() != null) {
            monitoringSteps(steps);
        }
        if (d.lake() != null && d.lake().changes()) {
            steps.put("lake", lakeStep(d.lake()));
        }
        for (Design.Leftover t : d.leftovers()) {
            steps.put((t.logging() ? "failing:" : "stopped:") + t.name(), leftoverStep(t));
        }
        return steps;
    }

    private FixPlan.Step lakeStep(StoreChange lake) {
        List<String> changes = new ArrayList<>();
        if (lake.startIngestion()) {
            changes.add("start its ingestion (it records nothing new while stopped)");
        }
        if (lake.retentionDays() != null) {
            changes.add("keep events " + lake.retentionDays() + " days (RetentionPeriod; what its billing mode"
                    + " includes)");
        }
        if (lake.multiRegion()) {
            changes.add("record every region (MultiRegionEnabled)");
        }
        if (!lake.added().isEmpty()) {
            changes.add("add the selectors " + String.join(", ", lake.added()) + " to its own (CloudTrail Lake"
                    + " charges what they bring in by the GB ingested)");
        }
        return new FixPlan.Step("Event data store " + lake.name() + " in " + lake.region() + ", changed in place,"
                + " with no trail beside it: " + String.join("; ", changes) + ".", lake.closes());
    }

    private FixPlan.Step leftoverStep(Design.Leftover t) {
        String trail = "Trail " + t.name() + (t.region() == null ? "" : " in " + t.region());
        if (t.logging()) {
            return new FixPlan.Step(trail + " logs beside trail " + d.existingTrail().name() + ", which passes its own"
                    + " checks, but fails " + String.join(", ", t.closes()) + ": delete it if it is a leftover ("
                    + deleteCommand(t) + "; its bucket's files stay), or give it what it lacks in place"
                    + (t.dataEvents() ? " (it selects data events: deleted, it records them no more, and the account's"
                    + " data event checks are judged again without it)" : "") + "; trail "
                    + d.existingTrail().name() + " stays.", t.closes());
        }
        List<String> more = t.closes().stream().filter(id -> !id.equals(CheckIds.TRAIL_LOGGING)).toList();
        return new FixPlan.Step(trail + " is not logging: start it if it should record (" + startCommand(t)
                + "), or delete it if it is a leftover (" + deleteCommand(t) + ")"
                + (more.isEmpty() ? "" : "; started, it still fails " + String.join(", ", more))
                + (d.existingTrail() == null ? "" : "; trail " + d.existingTrail().name() + " stays") + ".",
                t.closes());
    }

    static String startCommand(Design.Leftover t) {
        return "aws cloudtrail start-logging --name " + t.name() + (t.region() == null ? "" : " --region " + t.region());
    }

    static String deleteCommand(Design.Leftover t) {
        return "aws cloudtrail delete-trail --name " + t.name() + (t.region() == null ? "" : " --region " + t.region());
    }

    private void coreSteps(Map<String, FixPlan.Step> steps) {
        Design.Core c = d.core();
        FixOptions o = d.options();
        steps.put("key", step("KMS key " + c.keyAlias() + ", rotated yearly, which CloudTrail may encrypt with for "
                + "trail " + c.trailName() + " and the account's principals may decrypt with.", CheckIds.KMS));
        steps.put("access-log-bucket", step("Bucket " + c.accessLogBucket() + " for the S3 server access logs of "
                + "the trail bucket: private, owner-enforced, kept " + o.expireAfterDays() + " days.",
                CheckIds.ACCESS_LOGGING));
        String glacier = o.glacierAfterDays() == 0 ? "" : "to Glacier after " + o.glacierAfterDays() + " days, ";
        steps.put("trail-bucket", step("Bucket " + c.bucket() + " for the trail's files: Object Lock in COMPLIANCE "
                + "mode keeping each file " + o.objectLockDays() + " days, versioning, " + glacier + "deleted after "
                + o.expireAfterDays() + " days, public access blocked, access logged to " + c.accessLogBucket()
                + ".", CheckIds.RETENTION_365, CheckIds.RETENTION_PROTECTED, CheckIds.BUCKET_NOT_PUBLIC,
                CheckIds.ACCESS_LOGGING));
        steps.put("bucket-policy", step("Policy of bucket " + c.bucket() + ": CloudTrail may write there for trail "
                + c.trailName() + " only; nobody but the break-glass role may delete log files, change the "
                + "lifecycle, versioning, Object Lock or the policy, or delete the bucket; HTTPS only.",
                CheckIds.BUCKET_POLICY));
        steps.put("logs", step("CloudWatch Logs group " + c.logGroup() + " keeping events "
                + o.logGroupRetentionDays() + " days, and role " + c.logsRole() + " that CloudTrail writes to it with.",
                CheckIds.CLOUDWATCH_LOGS));
        steps.put("trail", step("Trail " + c.trailName() + " in " + d.region() + ": all regions, global service "
                + "events, log file validation, encrypted with the key, delivering to the bucket and the log group, "
                + "logging.", CheckIds.TRAIL_LOGGING, CheckIds.MULTI_REGION, CheckIds.GLOBAL_EVENTS,
                CheckIds.LOG_FILE_VALIDATION, CheckIds.KMS, CheckIds.DELIVERY, CheckIds.CLOUDWATCH_LOGS));
        steps.put("selectors", step("Event selectors: management events; " + String.join("; ", dataSelections())
                + ".", CheckIds.S3_READ, CheckIds.S3_WRITE, CheckIds.OWN_BUCKET_EXCLUDED,
                c.dynamoDbAndLambda() ? CheckIds.DYNAMODB_LAMBDA : null));
        if (c.insights()) {
            steps.put("insights", step("CloudTrail Insights on API call rates and error rates ($0.35 per 100,000 "
                    + "events analysed).", CheckIds.INSIGHTS));
        }
    }

    private void monitoringSteps(Map<String, FixPlan.Step> steps) {
        Design.Monitoring m = d.monitoring();
        String email = d.options().alertEmail() != null ? d.options().alertEmail() : "the address given when deploying";
        steps.put("topic", step("SNS topic " + m.topic() + ", e-mailing " + email + ".", (String) null));
        for (MonitoringAlarm a : m.alarms()) {
            steps.put("alarm:" + a.name, step("Metric filter and alarm " + a.alarmName() + " on " + m.logGroup()
                    + ": " + a.description + ".", a.checkId));
        }
        if (m.eventRule()) {
            steps.put("event-rule", step("EventBridge rule trailkeeper-trail-tampering in " + d.region() + ": "
                    + String.join(", ", MonitoringAlarm.TAMPERING_CALLS) + " reach the topic at once, "
                    + "even when log delivery is what was stopped.", MonitoringAlarm.TRAIL_TAMPERING.checkId));
        }
    }

    List<String> dataSelections() {
        Design.Core c = d.core();
        if (c == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (c.s3DataEventBuckets().isEmpty()) {
            out.add("S3 object reads and writes in every bucket but " + c.bucket() + " and " + c.accessLogBucket());
        }
        if (!c.generalPurposeBuckets().isEmpty()) {
            out.add("S3 object reads and writes in " + String.join(", ", c.generalPurposeBuckets()));
        }
        if (!c.directoryBuckets().isEmpty()) {
            out.add("S3 Express One Zone object reads and writes in " + String.join(", ", c.directoryBuckets())
                    + (c.s3ExpressObjectArns().isEmpty() ? " (every directory bucket's: the region of one could not"
                    + " be told)" : ""));
        }
        if (c.dynamoDbAndLambda()) {
            out.add("DynamoDB item reads and writes");
            out.add("Lambda invocations");
        }
        if (!c.keptSelectors().isEmpty()) {
            out.add("what trail " + d.existingTrail().name() + " selected beside these, as it did ("
                    + c.keptSelectors().stream().map(AccountSnapshot.AdvancedEventSelector::name).collect(Collectors.joining(", ")) + ")");
        }
        return out;
    }

    DataEventEstimate dataEventCost() {
        return new DataEventEstimate(dataSelections(), d.options().dataEventsPerMonth());
    }

    List<String> notes() {
        List<String> notes = new ArrayList<>();
        AccountSnapshot.Trail old = d.existingTrail();
        Design.Core c = d.core();
        if (c != null && old != null) {
            notes.add(old.organization()
                    ? "Trail " + old.name() + " is an organization trail: it stays, and is its management account's "
                    + "to change."
                    : passesItsOwnChecks(old)
                    ? "Trail " + old.name() + " passes its own checks and stays: trail " + c.trailName() + " is added"
                    + " for what the account lacks. A second trail's management events are charged: giving "
                    + old.name() + " what it lacks instead of deploying " + c.trailName() + " may cost less."
                    : "Trail " + c.trailName() + " replaces trail " + old.name() + ": once the new trail delivers, "
                    + "delete " + old.name() + " (a second trail's management events are charged), and keep bucket "
                    + old.s3BucketName() + " until its files are no longer needed; it is not reused.");
        }
        if (c == null && d.monitoring() != null && d.options().region() != null
                && !d.options().region().equals(d.region())) {
            notes.add("The alarms and the rule are made in " + d.region() + ", where trail " + old.name()
                    + " and its log group " + d.monitoring().logGroup() + " are, not in " + d.options().region()
                    + " (--region): an alarm counts a log group's events only in its own region.");
        }
        if (old != null && isPublic(old.s3BucketName())) {
            notes.add("Bucket " + old.s3BucketName() + " of trail " + old.name() + " is open to the public: block "
                    + "that now, whatever else is deployed: aws s3api put-public-access-block --bucket "
                    + old.s3BucketName() + " --public-access-block-configuration BlockPublicAcls=true,"
                    + "IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true");
        }
        if (c != null) {
            notes.add("Object Lock in COMPLIANCE mode cannot be shortened or lifted, by root either: each log file "
                    + "stays " + d.options().objectLockDays() + " days, and the bucket cannot be deleted before.");
            notes.add("Later changes to the trail bucket's lifecycle, versioning, Object Lock or policy must be made "
                    + "as the break-glass role: its policy denies them to everyone else.");
        }
        for (UserParam p : UserParam.values()) {
            boolean used = p == UserParam.BREAK_GLASS_ROLE_ARN ? c != null : d.monitoring() != null;
            if (used && p.valueIn(d.options()) == null) {
                notes.add(p.label + " must be given when deploying: " + p.description + ".");
            }
        }
        if (d.lake() != null && !d.lake().notAdded().isEmpty()) {
            notes.add("Not fixed here: " + String.join(", ", d.lake().leftFailing()) + ". Event data store "
                    + d.lake().name() + " would need the selectors " + String.join(", ", d.lake().notAdded())
                    + " beside its own, more than the " + LakePlan.MAX_SELECTORS + " an event data store takes: merge"
                    + " its selectors, then add them (aws cloudtrail update-event-data-store --event-data-store "
                    + d.lake().arn() + " --advanced-event-selectors ...).");
        }
        if (d.terraformImport() != null) {
            notes.add("Event data store " + d.lake().name() + " is changed in place by the CLI script, and by the"
                    + " Terraform configuration, which imports it first (an import block: Terraform 1.5 or later) with"
                    + " the settings it has. CloudFormation changes only what it manages: to manage it there, import"
                    + " it into a stack first (AWS::CloudTrail::EventDataStore, by its ARN " + d.lake().arn()
                    + "); declaring a new one would make a second store, charged twice.");
        } else if (d.lake() != null && d.lake().changes()) {
            notes.add("Event data store " + d.lake().name() + " is changed in place by the CLI script. CloudFormation"
                    + " and Terraform change only what they manage, and its settings could not all be read to"
                    + " declare it as it is: to manage it there, import it first (AWS::CloudTrail::EventDataStore,"
                    + " or aws_cloudtrail_event_data_store, by its ARN " + d.lake().arn() + "); declaring a new one"
                    + " would make a second store, charged twice.");
        }
        AccountSnapshot.EventDataStore keeper = LakePlan.keepsAYear(snapshot);
        if (keeper != null && d.core() == null && d.failed().contains(CheckIds.RETENTION_365)
                && (d.lake() == null || !d.lake().closes().contains(CheckIds.RETENTION_365))) {
            notes.add("Not fixed here: " + CheckIds.RETENTION_365 + " of a trail bucket. Event data store "
                    + keeper.name() + " keeps the events " + keeper.retentionDays() + " days, so no trail or bucket"
                    + " is added for it; lengthen the bucket's lifecycle if the trail's own files must be kept"
                    + " a year too.");
        }
        List<String> unwatched = Stream.of(MonitoringAlarm.values()).filter(a -> d.failed().contains(a.checkId))
                .map(a -> a.checkId).toList();
        if (d.core() == null && d.monitoring() == null && !unwatched.isEmpty()) {
            notes.add("Not fixed here: " + String.join(", ", unwatched) + ". Metric filters and EventBridge rules see"
                    + " CloudTrail events only through a logging trail, and the account's record is an event data"
                    + " store: no trail is built beside it for alarms alone. A trail of management events only, to"
                    + " CloudWatch Logs, would do (its first copy of management events is free; CloudWatch Logs is"
                    + " not).");
        }
        if (d.failed().contains(CheckIds.EVIDENCE_DESTROYERS)) {
            notes.add("Not fixed here: " + CheckIds.EVIDENCE_DESTROYERS + " (principals that can destroy the "
                    + "evidence). The bucket policy above bars them from the log files; take cloudtrail:StopLogging, "
                    + "DeleteTrail, UpdateTrail and PutEventSelectors away from all but the break-glass role in IAM.");
        }
        Set<String> known = new TreeSet<>(CheckIds.CORE);
        known.add(CheckIds.EVIDENCE_DESTROYERS);
        Stream.of(MonitoringAlarm.values()).forEach(a -> known.add(a.checkId));
        d.failed().stream().filter(id -> !known.contains(id))
                .forEach(id -> notes.add("Not fixed here: " + id + ", a check this plan has no fix for."));
        findings.stream().filter(f -> f.outcome() == Finding.Outcome.UNKNOWN)
                .map(f -> "Could not be checked, so not planned for: " + f.checkId() + " on " + f.resource()
                        + (f.detail().isEmpty() ? "" : " (" + f.detail() + ")") + ".")
                .distinct().forEach(notes::add);
        return notes;
    }

    /**
     * Whether no failed check of a trail or its bucket is the existing trail's: a finding counts against it unless it
     * names another trail or that trail's bucket, so that the plan never tells to delete a trail that passes.
     */
    private boolean passesItsOwnChecks(AccountSnapshot.Trail trail) {
        Set<String> own = new TreeSet<>(CheckIds.TRAIL_SETTINGS);
        own.addAll(CheckIds.BUCKET_SETTINGS);
        own.addAll(List.of(CheckIds.CLOUDWATCH_LOGS, CheckIds.ACCESS_LOGGING, CheckIds.OWN_BUCKET_EXCLUDED));
        Set<String> others = new TreeSet<>();
        snapshot.trails().stream().filter(t -> t != trail).forEach(t -> {
            Stream.of(t.arn(), t.name()).filter(Objects::nonNull).forEach(others::add);
            if (t.s3BucketName() != null && !t.s3BucketName().equals(trail.s3BucketName())) {
                others.add(t.s3BucketName());
            }
        });
        return findings.stream().noneMatch(f -> f.outcome() == Finding.Outcome.FAIL && d.failed().contains(f.checkId())
                && own.contains(f.checkId()) && !others.contains(f.resource()));
    }

    /** The bucket grants the public access through its ACL, or the audit found it public. */
    private boolean isPublic(String bucket) {
        boolean failed = findings.stream().anyMatch(f -> f.outcome() == Finding.Outcome.FAIL
                && f.checkId().equals(CheckIds.BUCKET_NOT_PUBLIC) && f.resource().contains(bucket));
        return failed || snapshot.buckets().stream().filter(b -> b.name().equals(bucket))
                .flatMap(b -> b.aclGrants().stream())
                .anyMatch(g -> g.grantee() != null && (g.grantee().endsWith("/global/AllUsers")
                        || g.grantee().endsWith("/global/AuthenticatedUsers")));
    }

    /** A step closing those of the given checks that failed (nulls ignored). */
    private FixPlan.Step step(String what, String... checks) {
        List<String> closes = Stream.of(checks).filter(id -> id != null && d.failed().contains(id))
                .distinct().sorted().toList();
        return new FixPlan.Step(what, closes);
    }
}
