package io.trailkeeper.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.audit.fix.FixOptions;
import io.trailkeeper.audit.fix.FixPlan;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshot.AdvancedEventSelector;
import io.trailkeeper.events.Finding;
import io.trailkeeper.events.Finding.Outcome;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * An account whose long-term record is a CloudTrail Lake event data store: the checks that the store answers judge
 * it and name it, the checks about a trail's own files stay about trails, and the fix plan changes the store in
 * place instead of building a trail beside it.
 */
class EventDataStoreAuditTest {
    private static final String STORE = "event data store org-archive";
    private static final List<String> ANSWERED_BY_THE_STORE = List.of("cloudtrail_trail_logging",
            "cloudtrail_multi_region_enabled", "cloudtrail_global_service_events_included",
            "cloudtrail_bucket_retention_365_days", "cloudtrail_s3_dataevents_read_enabled",
            "cloudtrail_s3_dataevents_write_enabled");

    private static List<Finding> audit(AccountSnapshot snapshot) {
        return Auditor.standard().run(snapshot, SnapshotBuilder.context()).entries().stream()
                .map(AuditResult.Entry::finding).toList();
    }

    private static Finding only(List<Finding> findings, String checkId) {
        List<Finding> of = findings.stream().filter(f -> f.checkId().equals(checkId)).toList();
        assertEquals(1, of.size(), checkId + ": " + of);
        return of.get(0);
    }

    /** Every finding of the check has the outcome (a check may judge each region). */
    private static void all(List<Finding> findings, String checkId, Outcome outcome) {
        List<Finding> of = findings.stream().filter(f -> f.checkId().equals(checkId)).toList();
        assertTrue(!of.isEmpty() && of.stream().allMatch(f -> f.outcome() == outcome), checkId + ": " + of);
    }

    private static Map<String, Outcome> outcomes(List<Finding> findings) {
        return findings.stream().collect(Collectors.toMap(Finding::checkId, Finding::outcome,
                (a, b) -> a.compareTo(b) >= 0 ? a : b, TreeMap::new));
    }

    private static FixPlan plan(AccountSnapshot snapshot, List<Finding> findings) {
        return FixPlan.build(snapshot, findings, FixOptions.defaults());
    }

    @Test
    void aMemberAccountWithoutATrailIsToldThatAnOrganizationStoreWouldBeListedOnlyElsewhere() {
        Finding member = only(audit(SnapshotBuilder.noTrail().organization("o-a1b2c3d4e5").build()),
                "cloudtrail_trail_logging");
        assertEquals(Outcome.FAIL, member.outcome());
        assertTrue(member.detail().contains("organization o-a1b2c3d4e5: an organization event data store"),
                member.detail());
        Finding alone = only(audit(SnapshotBuilder.noTrail().build()), "cloudtrail_trail_logging");
        assertFalse(alone.detail().contains("organization"), alone.detail());
    }

    @Test
    void anAccountWhoseOrganizationCouldNotBeReadIsToldThatItMayBeAMember() {
        Finding unread = only(audit(SnapshotBuilder.noTrail().unreadable(AccountSnapshot.ORGANIZATION,
                "AccessDeniedException").build()), "cloudtrail_trail_logging");
        assertEquals(Outcome.FAIL, unread.outcome());
        assertTrue(unread.detail().contains("whether the account is in an organization could not be read"
                + " (organizations organization: AccessDeniedException); if it is: an organization event data store"),
                unread.detail());
    }

    @Test
    void aStoreThatRecordsEverythingPassesTheChecksItAnswersNamingItAndNoTrailIsPlanned() {
        AccountSnapshot snapshot = SnapshotBuilder.lake().build();
        List<Finding> findings = audit(snapshot);
        for (String id : ANSWERED_BY_THE_STORE) {
            Finding f = only(findings, id);
            assertEquals(Outcome.PASS, f.outcome(), f.toString());
            assertTrue(f.detail().contains(STORE), f.toString());
        }
        assertTrue(only(findings, "cloudtrail_bucket_retention_365_days").detail().contains("2557 days"));
        assertEquals(SnapshotBuilder.STORE_ARN, only(findings, "cloudtrail_multi_region_enabled").resource());
        for (String id : List.of("cloudtrail_log_file_validation_enabled", "cloudtrail_kms_encryption_enabled",
                "cloudtrail_bucket_retention_protected", "cloudtrail_bucket_policy_protects_logs")) {
            Finding f = only(findings, id);
            assertEquals(Outcome.PASS, f.outcome(), f.toString());
            assertTrue(f.detail().contains("this check is about trails"), f.toString());
        }
        assertEquals(Outcome.FAIL, only(findings, "cloudtrail_data_events_dynamodb_lambda").outcome(),
                "the store selects no DynamoDB or Lambda data events");

        FixPlan plan = plan(snapshot, findings);
        String script = plan.render(FixPlan.Format.CLI);
        assertFalse(script.contains("create-trail") || script.contains("create-bucket"), script);
        assertFalse(plan.render(FixPlan.Format.CLOUDFORMATION).contains("AWS::CloudTrail::Trail"));
        assertFalse(plan.render(FixPlan.Format.TERRAFORM).contains("aws_cloudtrail\""));
        assertTrue(script.contains("aws cloudtrail update-event-data-store --event-data-store "
                + SnapshotBuilder.STORE_ARN + " --region us-east-1"), script);
        assertTrue(script.contains("\"AWS::DynamoDB::Table\"") && script.contains("\"S3 objects\""),
                "the store's own selectors are kept beside those added: " + script);
        assertEquals(List.of("cloudtrail_data_events_dynamodb_lambda"), plan.closes());
        assertTrue(plan.notes().stream().anyMatch(n -> n.contains("no trail is built beside it for alarms alone")),
                plan.notes().toString());
    }

    @Test
    void whoMayDeleteShortenOrStopTheStoreIsListed() {
        SnapshotBuilder b = SnapshotBuilder.lake();
        b.iam = SnapshotBuilder.wellConfigured().iam;
        Finding f = only(audit(b.build()), "iam_evidence_destroyers_few");
        assertEquals(Outcome.PASS, f.outcome(), f.toString());
        assertEquals(SnapshotBuilder.STORE_ARN, f.resource());
        assertTrue(f.detail().startsWith("1 principal besides the break-glass role(s) and the root user can destroy the"
                + " evidence of event data store org-archive: user/alice (every action)"), f.detail());
    }

    @Test
    void aStoreKeptThirtyDaysFailsRetentionWithTheCommandThatRaisesIt() {
        SnapshotBuilder b = SnapshotBuilder.lake();
        AccountSnapshot.EventDataStore s = b.eventDataStores.remove(0);
        b.eventDataStores.add(new AccountSnapshot.EventDataStore(s.name(), s.arn(), s.homeRegion(), s.status(),
                true, false, 30, true, "EXTENDABLE_RETENTION_PRICING", null, s.advancedEventSelectors(), Map.of()));
        AccountSnapshot snapshot = b.build();
        List<Finding> findings = audit(snapshot);

        Finding retention = only(findings, "cloudtrail_bucket_retention_365_days");
        assertEquals(Outcome.FAIL, retention.outcome());
        assertEquals(SnapshotBuilder.STORE_ARN, retention.resource());
        assertTrue(retention.detail().contains("keeps events only 30 days")
                && retention.detail().contains("aws cloudtrail update-event-data-store --event-data-store "
                + SnapshotBuilder.STORE_ARN + " --retention-period 366 --region us-east-1"), retention.detail());
        assertEquals(Outcome.PASS, only(findings, "cloudtrail_multi_region_enabled").outcome());

        FixPlan plan = plan(snapshot, findings);
        String script = plan.render(FixPlan.Format.CLI);
        assertTrue(script.contains("--retention-period 366"), script);
        assertFalse(script.contains("create-trail"), script);
        assertTrue(plan.closes().contains("cloudtrail_bucket_retention_365_days"), plan.closes().toString());
    }

    @Test
    void aStoppedStoreDoesNotCountAndThePlanStartsIt() {
        SnapshotBuilder b = SnapshotBuilder.lake();
        AccountSnapshot.EventDataStore s = b.eventDataStores.remove(0);
        b.eventDataStores.add(SnapshotBuilder.store("STOPPED_INGESTION", 2557, true,
                s.advancedEventSelectors().toArray(AdvancedEventSelector[]::new)));
        AccountSnapshot snapshot = b.build();
        List<Finding> findings = audit(snapshot);

        ANSWERED_BY_THE_STORE.forEach(id -> all(findings, id, Outcome.FAIL));
        assertTrue(only(findings, "cloudtrail_trail_logging").detail().contains("its status is STOPPED_INGESTION"));
        assertTrue(only(findings, "cloudtrail_s3_dataevents_read_enabled").detail()
                .contains("its status is STOPPED_INGESTION"), () -> only(findings, "cloudtrail_s3_dataevents_read_enabled")
                .detail());
        assertTrue(only(findings, "cloudtrail_bucket_retention_365_days").detail()
                .contains("aws cloudtrail start-event-data-store-ingestion --event-data-store " + SnapshotBuilder.STORE_ARN));

        FixPlan plan = plan(snapshot, findings);
        String script = plan.render(FixPlan.Format.CLI);
        assertTrue(script.contains("aws cloudtrail start-event-data-store-ingestion --event-data-store "
                + SnapshotBuilder.STORE_ARN + " --region us-east-1"), script);
        assertFalse(script.contains("create-trail"), script);
    }

    @Test
    void aStoreOfConfigItemsIsNoRecordOfCloudTrailEvents() {
        SnapshotBuilder b = SnapshotBuilder.noTrail();
        b.eventDataStores.add(SnapshotBuilder.store("ENABLED", 2557, true, new AdvancedEventSelector("Config",
                List.of(SnapshotBuilder.equalsField("eventCategory", "ConfigurationItem")))));
        List<Finding> findings = audit(b.build());
        ANSWERED_BY_THE_STORE.forEach(id -> all(findings, id, Outcome.FAIL));
    }

    @Test
    void aStoreWhoseDetailsWereRefusedIsUnknown() {
        SnapshotBuilder b = SnapshotBuilder.noTrail();
        b.eventDataStores.add(new AccountSnapshot.EventDataStore("org-archive", SnapshotBuilder.STORE_ARN, "us-east-1",
                null, false, false, null, null, null, null, List.of(),
                Map.of("details", "AccessDeniedException: not authorized to perform cloudtrail:GetEventDataStore")));
        List<Finding> findings = audit(b.build());
        for (String id : List.of("cloudtrail_trail_logging", "cloudtrail_multi_region_enabled",
                "cloudtrail_bucket_retention_365_days", "cloudtrail_s3_dataevents_read_enabled")) {
            Finding f = only(findings, id);
            assertEquals(Outcome.UNKNOWN, f.outcome(), f.toString());
            assertTrue(f.detail().contains("event data store org-archive: AccessDeniedException"), f.toString());
        }
    }

    @Test
    void aRefusedListOfStoresIsUnknownNeverPassOrFail() {
        SnapshotBuilder b = SnapshotBuilder.noTrail().unreadable(AccountSnapshot.EVENT_DATA_STORES,
                "AccessDeniedException: not authorized to perform cloudtrail:ListEventDataStores");
        List<Finding> findings = audit(b.build());
        Map<String, Outcome> outcomes = outcomes(findings);
        for (String id : List.of("cloudtrail_trail_logging", "cloudtrail_multi_region_enabled",
                "cloudtrail_global_service_events_included", "cloudtrail_bucket_retention_365_days",
                "cloudtrail_s3_dataevents_read_enabled", "cloudtrail_s3_dataevents_write_enabled",
                "cloudtrail_data_events_dynamodb_lambda")) {
            Finding f = only(findings, id);
            assertEquals(Outcome.UNKNOWN, f.outcome(), f.toString());
            assertTrue(f.detail().contains("ListEventDataStores"), f.toString());
        }
        assertTrue(outcomes.containsValue(Outcome.UNKNOWN));
    }
}
