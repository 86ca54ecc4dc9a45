package io.trailkeeper.aws.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trailkeeper.events.AccountSnapshot;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The three bundled audit scenarios, collected through the real SDK: the snapshot holds what the scenario says. */
class InventoryScenariosTest {
    private static final String ACCOUNT = "123456789012";
    private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/5d8e2f41-7a3c-4b9e-8f10-2c6d9e3a7b51";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theWellConfiguredAccount() throws IOException {
        Collected c = Collected.bundled("audit-good");
        AccountSnapshot s = c.snapshot();
        assertEquals(AccountSnapshot.VERSION, s.version());
        assertEquals(ACCOUNT, s.account());
        assertEquals("arn:aws:sts::123456789012:assumed-role/auditor/trailkeeper", s.callerArn());
        assertEquals(Collected.NOW, s.collectedAt());
        assertEquals(List.of(), s.unreadable());
        assertEquals(34, s.regions().size());
        assertEquals(17, s.regions().stream().filter(AccountSnapshot.Region::enabled).count());
        assertEquals(new AccountSnapshot.Region("us-east-1", "opt-in-not-required", true, 3L,
                Instant.parse("2026-11-20T09:00:00Z"), Map.of()), c.region("us-east-1"));
        assertEquals(2L, c.region("eu-west-1").recentEvents());
        assertEquals(new AccountSnapshot.Region("af-south-1", "not-opted-in", false, null, null, Map.of()),
                c.region("af-south-1"));

        assertEquals(1, s.trails().size());
        AccountSnapshot.Trail trail = c.trail("management-trail");
        assertEquals("arn:aws:cloudtrail:us-east-1:123456789012:trail/management-trail", trail.arn());
        assertEquals("us-east-1", trail.homeRegion());
        assertEquals("acme-cloudtrail-logs-123456789012", trail.s3BucketName());
        assertTrue(trail.multiRegion() && trail.includeGlobalServiceEvents() && trail.logFileValidation());
        assertFalse(trail.organization());
        assertEquals(KEY, trail.kmsKeyId());
        assertEquals("arn:aws:iam::123456789012:role/CloudTrailToCloudWatchLogs", trail.cloudWatchLogsRoleArn());
        assertEquals(true, trail.logging());
        assertEquals(Instant.parse("2024-01-15T09:30:00Z"), trail.startLoggingTime());
        assertNull(trail.stopLoggingTime());
        assertEquals(Instant.parse("2026-11-20T11:55:00Z"), trail.latestDeliveryTime());
        assertNull(trail.latestDeliveryError());
        assertEquals(Instant.parse("2026-11-20T11:31:00Z"), trail.latestDigestDeliveryTime());
        assertEquals(17, trail.regionsSeen().size(), "listed by every enabled region, folded into one");
        assertEquals(List.of(), trail.eventSelectors());
        assertEquals(4, trail.advancedEventSelectors().size(), "management, S3, DynamoDB, Lambda");
        assertEquals(List.of(new AccountSnapshot.FieldSelector("eventCategory", List.of("Data"), null, null, null, null, null),
                new AccountSnapshot.FieldSelector("resources.type", List.of("AWS::S3::Object"), null, null, null, null, null),
                new AccountSnapshot.FieldSelector("resources.ARN", null, null, null,
                        List.of("arn:aws:s3:::acme-cloudtrail-logs-123456789012/"), null, null)),
                trail.advancedEventSelectors().get(1).fieldSelectors());
        assertEquals(List.of("ApiCallRateInsight", "ApiErrorRateInsight"), trail.insightTypes());
        assertEquals(Map.of(), trail.errors());

        AccountSnapshot.Bucket bucket = c.bucket("acme-cloudtrail-logs-123456789012");
        assertEquals(List.of("acme-cloudtrail-logs-123456789012"), s.buckets().stream().map(AccountSnapshot.Bucket::name)
                .toList(), "the trail's bucket only: no extra buckets were asked for");
        assertEquals("us-east-1", bucket.region());
        assertEquals(ACCOUNT, bucket.ownerAccount());
        assertTrue(bucket.exists());
        assertEquals(List.of(new AccountSnapshot.LifecycleRule("archive-then-expire-after-seven-years", true, "", 2555,
                2555, 90)), bucket.lifecycleRules());
        assertEquals("Enabled", bucket.versioning());
        assertEquals("Disabled", bucket.mfaDelete());
        assertEquals(new AccountSnapshot.ObjectLock(true, "COMPLIANCE", 400, null), bucket.objectLock());
        JsonNode deny = JSON.readTree(bucket.policy()).get("Statement").get(2);
        assertEquals("Deny", deny.get("Effect").asText());
        assertEquals("arn:aws:iam::123456789012:role/BreakGlass",
                deny.at("/Condition/ArnNotEquals/aws:PrincipalArn").asText());
        assertEquals(1, bucket.aclGrants().size());
        assertEquals("FULL_CONTROL", bucket.aclGrants().get(0).permission());
        assertEquals(new AccountSnapshot.PublicAccessBlock(true, true, true, true), bucket.publicAccessBlock());
        assertEquals("acme-s3-access-logs-123456789012", bucket.loggingTargetBucket());
        assertEquals(new AccountSnapshot.Encryption("aws:kms", KEY), bucket.encryption());
        assertEquals(Map.of(), bucket.errors());
        assertTrue(s.accountPublicAccessBlock().all());

        assertEquals(1, s.kmsKeys().size());
        AccountSnapshot.KmsKey key = s.kmsKeys().get(0);
        assertEquals(new AccountSnapshot.KmsKey(KEY, "us-east-1", "Enabled", true, key.policy(), Map.of()), key);
        assertEquals("cloudtrail-key", JSON.readTree(key.policy()).get("Id").asText());

        assertEquals(1, s.logGroups().size());
        AccountSnapshot.LogGroup group = s.logGroups().get(0);
        assertEquals("aws-cloudtrail-logs-123456789012", group.name());
        assertEquals("arn:aws:logs:us-east-1:123456789012:log-group:aws-cloudtrail-logs-123456789012", group.arn());
        assertEquals(400, group.retentionDays());
        assertEquals(List.of("CloudTrailConfigChanges", "ConsoleSigninWithoutMFA", "RootAccountUsage"),
                group.metricFilters().stream().map(AccountSnapshot.MetricFilter::metricName).toList());
        assertTrue(group.metricFilters().get(0).pattern().contains("($.eventName = PutEventSelectors)"));
        assertEquals("CISBenchmark", group.metricFilters().get(2).metricNamespace());
        assertEquals(Map.of(), group.errors());

        assertEquals(3, s.alarms().size());
        assertEquals(new AccountSnapshot.Alarm("root-account-usage", "us-east-1", "CISBenchmark", "RootAccountUsage", true,
                List.of("arn:aws:sns:us-east-1:123456789012:security-alerts")), s.alarms().get(2));
        assertEquals(1, s.eventRules().size());
        AccountSnapshot.EventRule rule = s.eventRules().get(0);
        assertEquals(List.of("cloudtrail-tampering", "us-east-1", "ENABLED", "1"),
                List.of(rule.name(), rule.region(), rule.state(), String.valueOf(rule.targets())));
        assertEquals("StopLogging", JSON.readTree(rule.eventPattern()).at("/detail/eventName/0").asText());

        AccountSnapshot.Iam iam = s.iam();
        assertEquals(List.of("alice", "bob"), iam.users().stream().map(AccountSnapshot.Principal::name).toList());
        assertEquals(List.of("admins", "developers"), iam.groups().stream().map(AccountSnapshot.Principal::name).toList());
        assertEquals(List.of("BreakGlass", "auditor", "ci-deployer", "CloudTrailToCloudWatchLogs"),
                iam.roles().stream().map(AccountSnapshot.Principal::name).toList());
        assertEquals(List.of("admins"), c.user("alice").groups());
        assertEquals("arn:aws:iam::123456789012:user/alice", c.user("alice").arn());
        assertEquals(List.of("arn:aws:iam::aws:policy/AdministratorAccess"), c.role("BreakGlass").attachedPolicyArns());
        assertEquals("true", JSON.readTree(c.role("BreakGlass").trustPolicy())
                .at("/Statement/0/Condition/Bool/aws:MultiFactorAuthPresent").asText());
        assertEquals("lambda:UpdateFunctionCode", JSON.readTree(iam.groups().get(1).inlinePolicies().get("deploy-app"))
                .at("/Statement/0/Action/0").asText());
        Map<String, String> documents = new TreeMap<>();
        iam.policies().forEach(p -> documents.put(p.arn(), p.document()));
        assertEquals(4, documents.size());
        assertEquals("*", JSON.readTree(documents.get("arn:aws:iam::aws:policy/AdministratorAccess"))
                .at("/Statement/0/Action").asText());
        assertTrue(documents.containsKey("arn:aws:iam::123456789012:policy/deploy-application"));
    }

    @Test
    void theAccountWithoutATrail() {
        Collected c = Collected.bundled("audit-no-trail");
        AccountSnapshot s = c.snapshot();
        assertEquals(List.of(), s.unreadable());
        assertEquals(List.of(), s.trails());
        assertEquals(List.of(), s.buckets());
        assertEquals(List.of(), s.kmsKeys());
        assertEquals(List.of(), s.logGroups());
        assertEquals(List.of(), s.alarms());
        assertEquals(List.of(), s.eventRules());
        assertNull(s.accountPublicAccessBlock());
        Map<String, Long> active = new TreeMap<>();
        s.regions().stream().filter(r -> r.recentEvents() != null && r.recentEvents() > 0)
                .forEach(r -> active.put(r.name(), r.recentEvents()));
        // eu-central-1's only event is older than the 90 days of event history
        assertEquals(Map.of("ap-northeast-1", 2L, "ap-southeast-2", 2L, "eu-west-1", 1L, "us-east-1", 2L), active);
        assertEquals(0L, c.region("eu-central-1").recentEvents());
        assertNull(c.region("eu-central-1").latestActivity());
        assertEquals(Instant.parse("2026-11-17T23:31:58Z"), c.region("ap-northeast-1").latestActivity());
        assertEquals(17, s.regions().stream().filter(r -> r.enabled() && r.recentEvents() != null).count(),
                "every enabled region's history was looked at");
        assertEquals(List.of("arn:aws:iam::aws:policy/AdministratorAccess"), c.user("dana").attachedPolicyArns());
    }

    @Test
    void theWeakAccount() {
        Collected c = Collected.bundled("audit-weak");
        AccountSnapshot s = c.snapshot();
        assertEquals(List.of(), s.unreadable());
        AccountSnapshot.Trail trail = c.trail("tokyo-trail");
        assertEquals("ap-northeast-1", trail.homeRegion());
        assertFalse(trail.multiRegion());
        assertFalse(trail.logFileValidation());
        assertEquals(List.of("ap-northeast-1"), trail.regionsSeen());
        assertNull(trail.kmsKeyId());
        assertNull(trail.cloudWatchLogsLogGroupArn());
        assertEquals("tokyo", trail.s3KeyPrefix());
        assertEquals(List.of(new AccountSnapshot.EventSelector("All", true, List.of(), List.of())), trail.eventSelectors());
        assertEquals(List.of(), trail.advancedEventSelectors());
        assertEquals(List.of(), trail.insightTypes());

        AccountSnapshot.Bucket bucket = c.bucket("weak-trail-logs-123456789012");
        assertEquals("ap-northeast-1", bucket.region());
        assertEquals(List.of(new AccountSnapshot.LifecycleRule("expire-after-90-days", true, "", 90, null, null)),
                bucket.lifecycleRules());
        assertNull(bucket.versioning());
        assertNull(bucket.mfaDelete());
        assertNull(bucket.objectLock());
        assertNull(bucket.publicAccessBlock());
        assertNull(bucket.loggingTargetBucket());
        assertEquals(new AccountSnapshot.Encryption("AES256", null), bucket.encryption());
        assertTrue(bucket.aclGrants().contains(new AccountSnapshot.Grant("Group",
                "http://acs.amazonaws.com/groups/global/AllUsers", "READ")), bucket.aclGrants().toString());
        assertFalse(bucket.policy().contains("Deny"));
        assertEquals(Map.of(), bucket.errors());
        assertNull(s.accountPublicAccessBlock());
        assertEquals(List.of(), s.kmsKeys());
        assertEquals(List.of(), s.logGroups());
        assertEquals(List.of(), s.alarms());
        assertEquals(List.of(), s.eventRules());
        assertEquals(4, s.iam().users().size());
        assertTrue(c.user("old-ci").inlinePolicies().get("everything").contains("\"Action\":\"*\""));
    }
}
