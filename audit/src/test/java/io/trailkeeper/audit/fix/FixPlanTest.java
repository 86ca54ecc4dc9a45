package io.trailkeeper.audit.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.audit.AuditResult;
import io.trailkeeper.audit.Auditor;
import io.trailkeeper.audit.SnapshotBuilder;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.Finding;
import io.trailkeeper.events.TrailKeeperException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the plan decides: only what failed, names that are free, the chosen data events and their cost. */
class FixPlanTest {
    @Test
    void anAccountWhereEverythingPassesHasNothingToFix() {
        FixPlan plan = Situations.ALL_PASS.plan();
        assertTrue(plan.nothingToFix());
        assertEquals(List.of(), plan.steps());
        assertEquals(List.of(), plan.closes());
        for (FixPlan.Format f : FixPlan.Format.values()) {
            assertTrue(plan.render(f).contains("nothing to fix"), f.toString());
        }
    }

    @Test
    void withoutATrailEveryCheckThePlanKnowsIsClosed() {
        FixPlan plan = Situations.NO_TRAIL.plan();
        List<String> expected = new ArrayList<>(Situations.Ids.ALL_CHECKS);
        expected.remove(CheckIds.EVIDENCE_DESTROYERS);
        assertEquals(expected.stream().sorted().toList(), plan.closes());
        assertEquals("us-east-1", plan.region());
        assertTrue(plan.notes().stream().anyMatch(n -> n.startsWith("Could not be checked, so not planned for: "
                + CheckIds.EVIDENCE_DESTROYERS)), plan.notes().toString());
        assertTrue(plan.notes().stream().anyMatch(n -> n.startsWith("The break-glass role's ARN must be given")));
    }

    @Test
    void aWeakTrailIsReplacedInItsRegionAndItsPublicBucketIsNamed() {
        FixPlan plan = Situations.WEAK_TRAIL.plan();
        assertEquals("eu-west-1", plan.region());
        assertFalse(plan.closes().contains(CheckIds.TRAIL_LOGGING), "it passed");
        assertTrue(plan.closes().contains(CheckIds.RETENTION_365));
        assertTrue(plan.notes().stream().anyMatch(n -> n.contains("replaces trail main")), plan.notes().toString());
        assertTrue(plan.notes().stream().anyMatch(n -> n.contains("acme-cloudtrail-logs of trail main is open to "
                + "the public")), plan.notes().toString());
        assertTrue(plan.notes().stream().anyMatch(n -> n.startsWith("Not fixed here: iam_evidence_destroyers_few")));
        assertFalse(plan.render(FixPlan.Format.CLI).contains("acme-cloudtrail-logs\"\n"), "the old bucket is not used");
    }

    @Test
    void onlyTheFailedAlarmIsAddedOnTheExistingLogGroup() {
        FixPlan plan = Situations.variants().get("root-alarm-only");
        assertEquals(List.of("cloudwatch_alarm_root_usage"), plan.closes());
        assertEquals(2, plan.steps().size(), plan.steps().toString());
        String cfn = plan.render(FixPlan.Format.CLOUDFORMATION);
        assertTrue(cfn.contains("LogGroupName: /trailkeeper/cloudtrail\n"), cfn);
        assertFalse(cfn.contains("AWS::CloudTrail::Trail"), "no trail when only an alarm failed");
        assertFalse(cfn.contains("TrailTamperingRule"), "the tampering alarm passed");
        assertFalse(cfn.contains("BreakGlassRoleArn"), "no bucket policy, so no break-glass role");
        assertTrue(cfn.contains("Default: soc@example.com"), cfn);
    }

    @Test
    void alarmsWithoutALogGroupBringTheTrailThatFeedsThem() {
        FixPlan plan = Situations.variants().get("alarms-without-log-group");
        assertTrue(plan.render(FixPlan.Format.TERRAFORM).contains("resource \"aws_cloudtrail\" \"trail\""));
        assertTrue(plan.render(FixPlan.Format.TERRAFORM).contains(
                "log_group_name = aws_cloudwatch_log_group.trail.name"));
    }

    @Test
    void namesInUseAreNotReused() {
        // The all-pass account already has trailkeeper-…-cloudtrail and its access-log bucket, the log group and role.
        FixPlan plan = FixPlan.build(Situations.ALL_PASS.snapshot(),
                Situations.ALL_PASS.failing(CheckIds.RETENTION_PROTECTED), FixOptions.defaults());
        String cli = plan.render(FixPlan.Format.CLI);
        assertTrue(cli.contains("\nBUCKET=trailkeeper-777788889999-cloudtrail-2\n"), cli);
        assertTrue(cli.contains("\nACCESS_LOG_BUCKET=trailkeeper-777788889999-access-logs-2\n"), cli);
        assertTrue(cli.contains("\nLOG_GROUP=/trailkeeper/cloudtrail-2\n"), cli);
        assertTrue(cli.contains("\nTRAIL=trailkeeper-777788889999\n"), cli);
        assertEquals("us-west-2", plan.region());
    }

    @Test
    void aRoleOfTheAccountWithThePlansNameIsLeftAlone() {
        AccountSnapshot s = Situations.NO_TRAIL.snapshot();
        AccountSnapshot.Principal role = new AccountSnapshot.Principal("trailkeeper-111122223333-to-cloudwatch-logs",
                "arn:aws:iam::111122223333:role/trailkeeper-111122223333-to-cloudwatch-logs", List.of(), null,
                List.of(), null, null);
        AccountSnapshot withRole = new AccountSnapshot(s.version(), s.account(), s.callerArn(), s.collectedAt(),
                s.regions(), s.trails(), s.buckets(), s.kmsKeys(), s.logGroups(), s.alarms(), s.eventRules(),
                s.accountPublicAccessBlock(), new AccountSnapshot.Iam(List.of(), List.of(), List.of(role), List.of()),
                s.unreadable());
        String cli = FixPlan.build(withRole, Situations.NO_TRAIL.findings(), FixOptions.defaults())
                .render(FixPlan.Format.CLI);
        assertTrue(cli.contains("\nLOGS_ROLE=trailkeeper-111122223333-to-cloudwatch-logs-2\n"), cli);
    }

    @Test
    void allBucketsButTheTrailsOwnAreLoggedUnlessCriticalOnesAreNamed() {
        String all = Situations.NO_TRAIL.plan().render(FixPlan.Format.TERRAFORM);
        assertTrue(all.contains("not_starts_with = [\n        \"arn:aws:s3:::trailkeeper-111122223333-cloudtrail/\",\n"
                + "        \"arn:aws:s3:::trailkeeper-111122223333-access-logs/\",\n      ]"), all);
        FixPlan critical = FixPlan.build(Situations.NO_TRAIL.snapshot(), Situations.NO_TRAIL.findings(),
                FixOptions.defaults().withCriticalBuckets(List.of("payroll", "trailkeeper-111122223333-cloudtrail")));
        String tf = critical.render(FixPlan.Format.TERRAFORM);
        assertTrue(tf.contains("starts_with = [\"arn:aws:s3:::payroll/\"]"), tf);
        assertFalse(tf.contains("not_starts_with"), tf);
        assertEquals("S3 object reads and writes in payroll", critical.dataEventCost().selections().get(0));
    }

    @Test
    void dynamoDbAndLambdaFollowTheAuditUnlessTheOptionSays() {
        assertFalse(Situations.WEAK_TRAIL.plan().render(FixPlan.Format.CLOUDFORMATION).contains("AWS::DynamoDB::Table"));
        assertTrue(Situations.NO_TRAIL.plan().render(FixPlan.Format.CLOUDFORMATION).contains("AWS::DynamoDB::Table"));
        FixPlan off = FixPlan.build(Situations.NO_TRAIL.snapshot(), Situations.NO_TRAIL.findings(),
                FixOptions.defaults().withDynamoDbAndLambda(false).withInsights(false));
        assertFalse(off.render(FixPlan.Format.CLOUDFORMATION).contains("AWS::Lambda::Function"));
        assertFalse(off.render(FixPlan.Format.CLOUDFORMATION).contains("InsightSelectors"));
    }

    @Test
    void theDataEventCostIsEstimatedFromTheGivenVolumeOnly() {
        DataEventEstimate estimate = Situations.WEAK_TRAIL.plan().dataEventCost();
        assertEquals(new BigDecimal("25.00"), estimate.monthlyUsd());
        assertEquals("about 25,000,000 data events a month: $25.00 a month at $0.10 per 100,000 data events",
                estimate.describe());
        DataEventEstimate unknown = Situations.NO_TRAIL.plan().dataEventCost();
        assertNull(unknown.monthlyUsd());
        assertTrue(unknown.describe().contains("$0.10 per 100,000 data events"), unknown.describe());
        assertEquals(new BigDecimal("0.01"), new DataEventEstimate(List.of("x"), 12_345L).monthlyUsd());
        assertTrue(Situations.variants().get("alarms-only").dataEventCost().selections().isEmpty());
    }

    @Test
    void anOrganizationTrailIsNotToldToBeDeleted() {
        AccountSnapshot s = Situations.WEAK_TRAIL.snapshot();
        AccountSnapshot.Trail t = s.trails().get(0);
        AccountSnapshot.Trail org = new AccountSnapshot.Trail(t.name(), t.arn(), t.homeRegion(), t.s3BucketName(),
                t.s3KeyPrefix(), t.snsTopicArn(), t.multiRegion(), true, t.includeGlobalServiceEvents(),
                t.logFileValidation(), t.kmsKeyId(), t.cloudWatchLogsLogGroupArn(), t.cloudWatchLogsRoleArn(),
                t.logging(), t.startLoggingTime(), t.stopLoggingTime(), t.latestDeliveryTime(),
                t.latestDeliveryError(), t.latestDigestDeliveryTime(), t.latestDigestDeliveryError(),
                t.eventSelectors(), t.advancedEventSelectors(), t.insightTypes(), t.regionsSeen(), t.errors());
        AccountSnapshot withOrg = new AccountSnapshot(s.version(), s.account(), s.callerArn(), s.collectedAt(),
                s.regions(), List.of(org), s.buckets(), s.kmsKeys(), s.logGroups(), s.alarms(), s.eventRules(),
                s.accountPublicAccessBlock(), s.iam(), s.unreadable());
        FixPlan plan = FixPlan.build(withOrg, Situations.WEAK_TRAIL.findings(), Situations.WEAK_TRAIL.options);
        assertTrue(plan.notes().stream().anyMatch(n -> n.contains("is an organization trail: it stays")));
        assertFalse(plan.notes().stream().anyMatch(n -> n.contains("delete main")));
    }

    @Test
    void aFailureWithoutAKnownFixIsNotedNotIgnored() {
        List<Finding> findings = new ArrayList<>(Situations.ALL_PASS.findings());
        findings.add(Finding.fail("cloudtrail_something_new", "777788889999", null, "x"));
        FixPlan plan = FixPlan.build(Situations.ALL_PASS.snapshot(), findings, FixOptions.defaults());
        assertTrue(plan.nothingToFix());
        assertTrue(plan.render(FixPlan.Format.CLI).contains("Not fixed here: cloudtrail_something_new"));
    }

    @Test
    void aSnapshotWithoutAnAccountIsAUsageError() {
        AccountSnapshot s = Situations.NO_TRAIL.snapshot();
        AccountSnapshot anonymous = new AccountSnapshot(s.version(), null, s.callerArn(), s.collectedAt(), s.regions(),
                s.trails(), s.buckets(), s.kmsKeys(), s.logGroups(), s.alarms(), s.eventRules(),
                s.accountPublicAccessBlock(), s.iam(), s.unreadable());
        TrailKeeperException e = assertThrows(TrailKeeperException.class,
                () -> FixPlan.build(anonymous, List.of(), FixOptions.defaults()));
        assertEquals(ErrorCode.USAGE, e.code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"role", "email", "bucket", "expiry", "lock", "glacier", "logs", "region", "volume"})
    void optionsThatCannotWorkAreRefusedWithTheFix(String which) {
        UnaryOperator<FixOptions> bad = switch (which) {
            case "role" -> o -> o.withBreakGlassRoleArn("BreakGlass");
            case "email" -> o -> o.withAlertEmail("not an address");
            case "bucket" -> o -> o.withCriticalBuckets(List.of("arn:aws:s3:::payroll"));
            case "expiry" -> o -> o.withRetention(90, 364, 30);
            case "lock" -> o -> o.withRetention(90, 400, 401);
            case "glacier" -> o -> o.withRetention(400, 400, 365);
            case "logs" -> o -> o.withLogGroupRetentionDays(100);
            case "region" -> o -> o.withRegion("Europe");
            default -> o -> o.withDataEventsPerMonth(-1L);
        };
        TrailKeeperException e = assertThrows(TrailKeeperException.class, () -> bad.apply(FixOptions.defaults()));
        assertEquals(ErrorCode.USAGE, e.code());
        assertTrue(e.hint() != null && !e.hint().isBlank(), e.getMessage());
    }

    @Test
    void formatsAreNamedAsTheCommandTakesThem() {
        assertEquals(FixPlan.Format.CLOUDFORMATION, FixPlan.Format.of("cloudformation"));
        assertEquals(FixPlan.Format.TERRAFORM, FixPlan.Format.of(" Terraform "));
        assertEquals("sh", FixPlan.Format.of("cli").extension());
        assertEquals(ErrorCode.USAGE, assertThrows(TrailKeeperException.class, () -> FixPlan.Format.of("pulumi")).code());
    }

    private static List<Finding> findings(AccountSnapshot snapshot) {
        return Auditor.standard().run(snapshot, SnapshotBuilder.context()).entries().stream()
                .map(AuditResult.Entry::finding).toList();
    }

    /** A second trail of the well-configured account, single-region in us-west-2, otherwise as SnapshotBuilder's. */
    private static SnapshotBuilder.TrailSpec singleRegionTrailInUsWest2(String name) {
        SnapshotBuilder.TrailSpec trail = new SnapshotBuilder.TrailSpec();
        trail.name = name;
        trail.arn = "arn:aws:cloudtrail:us-west-2:111122223333:trail/" + name;
        trail.homeRegion = "us-west-2";
        trail.multiRegion = false;
        return trail;
    }

    /** An account where every check passes, plus a stopped single-region trail left over beside its good one. */
    private static FixPlan withStoppedLeftover() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        SnapshotBuilder.TrailSpec old = singleRegionTrailInUsWest2("old-trail");
        old.logging = false;
        old.logGroupArn = null;
        old.stopLoggingTime = SnapshotBuilder.NOW.minusSeconds(86_400);
        b.trails.add(old);
        AccountSnapshot snapshot = b.build();
        List<Finding> findings = findings(snapshot);
        assertTrue(findings.stream().filter(f -> f.outcome() == Finding.Outcome.FAIL)
                .allMatch(f -> f.resource().endsWith("trail/old-trail")), findings.toString());
        assertTrue(findings.stream().anyMatch(f -> f.outcome() == Finding.Outcome.FAIL
                && f.checkId().equals(CheckIds.TRAIL_LOGGING)), findings.toString());
        return FixPlan.build(snapshot, findings, FixOptions.defaults());
    }

    @Test
    void aStoppedLeftoverTrailIsToldToStartOrGoAndThePassingTrailStays() {
        FixPlan plan = withStoppedLeftover();
        assertFalse(plan.nothingToFix());
        assertTrue(plan.closes().contains(CheckIds.TRAIL_LOGGING), plan.closes().toString());
        String all = String.join("\n", plan.summary());
        assertFalse(all.contains("delete main") || all.contains("replaces trail main"), all);
        assertTrue(all.contains("started, it still fails cloudtrail_cloudwatch_logging_enabled"), all);
        assertTrue(all.contains("aws cloudtrail start-logging --name old-trail --region us-west-2")
                && all.contains("aws cloudtrail delete-trail --name old-trail --region us-west-2"), all);
        for (FixPlan.Format f : FixPlan.Format.values()) {
            String text = plan.render(f);
            assertFalse(text.contains("AWS::CloudTrail::Trail") || text.contains("aws_cloudtrail")
                    || text.contains("aws cloudtrail create-trail"), "no new trail in " + f + ":\n" + text);
        }
        assertTrue(plan.render(FixPlan.Format.CLI).contains("# aws cloudtrail start-logging --name old-trail"));
    }

    @Test
    void aTrailThatPassesItsOwnChecksIsNeverToldToBeDeleted() {
        // only an account-wide check failed: the plan builds its trail beside the existing one, which stays
        FixPlan plan = FixPlan.build(Situations.ALL_PASS.snapshot(), Situations.ALL_PASS.failing(CheckIds.S3_READ),
                Situations.ALL_PASS.options);
        assertFalse(plan.notes().stream().anyMatch(n -> n.contains("delete org-audit")), plan.notes().toString());
        assertTrue(plan.notes().stream().anyMatch(n -> n.contains("org-audit passes its own checks")),
                plan.notes().toString());
    }

    @Test
    void theReplacedTrailsSelectorsOfOtherDataEventsAreKeptOnThePlansTrail() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        SnapshotBuilder.TrailSpec main = b.trails.get(0);
        main.kmsKeyId = null; // a failure of its own: the plan replaces it
        main.advancedEventSelectors.add(new AccountSnapshot.AdvancedEventSelector("SNS publishes", List.of(
                SnapshotBuilder.equalsField("eventCategory", "Data"),
                SnapshotBuilder.equalsField("resources.type", "AWS::SNS::Topic"),
                new AccountSnapshot.FieldSelector("eventName", List.of(), List.of(), List.of(), List.of(),
                        List.of("Publish", "PublishBatch"), List.of()))));
        AccountSnapshot snapshot = b.build();
        List<Finding> findings = findings(snapshot);
        FixPlan plan = FixPlan.build(snapshot, findings, FixOptions.defaults());
        assertTrue(plan.notes().stream().anyMatch(n -> n.contains("replaces trail main")), plan.notes().toString());
        AccountSnapshot.AdvancedEventSelector kept = plan.design().selectors().stream()
                .filter(s -> s.name().equals("SNS publishes"))
                .findFirst().orElseThrow(() -> new AssertionError(plan.design().selectors().toString()));
        assertEquals(List.of("Publish", "PublishBatch"), kept.fieldSelectors().get(2).endsWith());
        assertTrue(String.join("\n", plan.summary()).contains("what trail main selected beside these, as it did"
                + " (SNS publishes)"), plan.summary().toString());
        assertTrue(plan.render(FixPlan.Format.CLI).contains("\"EndsWith\": [\n          \"Publish\""),
                plan.render(FixPlan.Format.CLI));
        assertTrue(plan.render(FixPlan.Format.TERRAFORM).contains("ends_with = [\"Publish\", \"PublishBatch\"]"),
                plan.render(FixPlan.Format.TERRAFORM));
        assertEquals(List.of(), CloudFormationCheck.check(plan.render(FixPlan.Format.CLOUDFORMATION)));
        assertEquals(List.of(), TerraformCheck.check(plan.render(FixPlan.Format.TERRAFORM)));
    }

    @Test
    void alarmsOnTheExistingTrailsLogGroupAreMadeInItsRegionWhateverTheRegionOptionSays() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.alarms.clear(); // only the alarm checks fail: they go on trail main's log group, in us-east-1
        AccountSnapshot snapshot = b.build();
        List<Finding> findings = findings(snapshot);
        FixPlan plan = FixPlan.build(snapshot, findings, FixOptions.defaults().withRegion("eu-west-1"));
        assertNull(plan.design().core(), plan.summary().toString());
        assertEquals("us-east-1", plan.region());
        String cli = plan.render(FixPlan.Format.CLI);
        assertTrue(cli.contains("REGION=us-east-1\n") && cli.contains("aws logs put-metric-filter"), cli);
        assertTrue(plan.notes().stream().anyMatch(n -> n.startsWith("The alarms and the rule are made in us-east-1,"
                + " where trail main and its log group cloudtrail/main are, not in eu-west-1 (--region)")),
                plan.notes().toString());
    }

    @Test
    void aLoggingTrailThatFailsItsOwnChecksBesideAPassingOneIsNamedNotReplacedAndItsDataEventsAreSaid() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        SnapshotBuilder.TrailSpec other = singleRegionTrailInUsWest2("data-trail");
        other.kmsKeyId = null; // its own failure
        b.trails.add(other);
        AccountSnapshot snapshot = b.build();
        List<Finding> findings = findings(snapshot);
        FixPlan plan = FixPlan.build(snapshot, findings, FixOptions.defaults());
        assertNull(plan.design().core(), plan.summary().toString());
        assertEquals("main", plan.design().existingTrail().name());
        String words = String.join("\n", plan.summary());
        assertTrue(words.contains("Trail data-trail in us-west-2 logs beside trail main, which passes its own checks,"
                + " but fails cloudtrail_kms_encryption_enabled: delete it if it is a leftover (aws cloudtrail"
                + " delete-trail --name data-trail --region us-west-2; its bucket's files stay), or give it what it"
                + " lacks in place (it selects data events: deleted, it records them no more"), words);
        assertTrue(plan.render(FixPlan.Format.CLI).contains("# aws cloudtrail delete-trail --name data-trail"
                + " --region us-west-2\n"), plan.render(FixPlan.Format.CLI));
    }
}
