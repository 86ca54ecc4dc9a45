package io.trailkeeper.audit.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.audit.AuditResult;
import io.trailkeeper.audit.Auditor;
import io.trailkeeper.audit.SnapshotBuilder;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshot.EventDataStore;
import io.trailkeeper.events.Finding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan for an account whose record is a CloudTrail Lake event data store changes the store in place: the CLI
 * script's calls are ones the AWS CLI accepts, the store's own selectors are kept, and CloudFormation and Terraform
 * declare nothing (a declared store would be a second one) but say how to import it.
 */
class LakePlanTest {
    private static FixPlan planFor(SnapshotBuilder b, FixOptions options) {
        AccountSnapshot snapshot = b.build();
        List<Finding> findings = Auditor.standard().run(snapshot, SnapshotBuilder.context()).entries().stream()
                .map(AuditResult.Entry::finding).toList();
        return FixPlan.build(snapshot, findings, options);
    }

    /** The lake account with its store replaced by one kept 30 days, single-region and stopped. */
    private static SnapshotBuilder shortStoppedSingleRegion() {
        SnapshotBuilder b = SnapshotBuilder.lake();
        EventDataStore s = b.eventDataStores.remove(0);
        b.eventDataStores.add(new EventDataStore(s.name(), s.arn(), s.homeRegion(), "STOPPED_INGESTION", false, false,
                30, true, "EXTENDABLE_RETENTION_PRICING", null, s.advancedEventSelectors(), Map.of()));
        return b;
    }

    @Test
    void everyCallOfTheScriptIsOneTheAwsCliAccepts(@TempDir Path dir) throws Exception {
        FixPlan plan = planFor(shortStoppedSingleRegion(), FixOptions.defaults());
        StoreChange lake = plan.design().lake();
        assertEquals(366, lake.retentionDays());
        assertTrue(lake.multiRegion() && lake.startIngestion(), lake.toString());
        assertEquals(List.of("DynamoDB item reads and writes", "Lambda invocations"), lake.added());
        assertEquals(List.of("Management events", "S3 objects", "DynamoDB item reads and writes", "Lambda invocations"),
                lake.selectors().stream().map(AccountSnapshot.AdvancedEventSelector::name).toList());
        assertNull(plan.design().core(), "no trail beside the store");

        FakeAws.Run run = FakeAws.run(dir, plan.render(FixPlan.Format.CLI), plan.account(), Map.of());
        assertEquals(0, run.exitCode(), run.output());
        List<String> problems = new ArrayList<>();
        run.calls().forEach(call -> problems.addAll(AwsCliCheck.check(call)));
        assertEquals(List.of(), problems);
        List<String> commands = run.calls().stream().map(c -> c.get(0).text() + " " + c.get(1).text()).toList();
        assertEquals(List.of("sts get-caller-identity", "cloudtrail update-event-data-store",
                "cloudtrail start-event-data-store-ingestion"), commands);
        assertTrue(plan.closes().containsAll(List.of(CheckIds.TRAIL_LOGGING, CheckIds.RETENTION_365,
                CheckIds.MULTI_REGION, CheckIds.DYNAMODB_LAMBDA, CheckIds.LOG_FILE_VALIDATION)), plan.closes().toString());
    }

    /** Applied to the store, the plan leaves none of what it closes failing. */
    @Test
    void whatTheChangeClosesPassesOnceMade() {
        SnapshotBuilder b = shortStoppedSingleRegion();
        FixPlan plan = planFor(b, FixOptions.defaults());
        StoreChange lake = plan.design().lake();
        EventDataStore s = b.eventDataStores.remove(0);
        b.eventDataStores.add(new EventDataStore(s.name(), s.arn(), s.homeRegion(),
                lake.startIngestion() ? "ENABLED" : s.status(), s.multiRegion() || lake.multiRegion(), s.organization(),
                lake.retentionDays() != null ? lake.retentionDays() : s.retentionDays(), s.terminationProtection(),
                s.billingMode(), s.kmsKeyId(), lake.selectors().isEmpty() ? s.advancedEventSelectors() : lake.selectors(),
                Map.of()));
        List<String> stillFailing = Auditor.standard().run(b.build(), SnapshotBuilder.context()).entries().stream()
                .map(AuditResult.Entry::finding)
                .filter(f -> f.outcome() != Finding.Outcome.PASS && plan.closes().contains(f.checkId()))
                .map(Finding::toString).toList();
        assertEquals(List.of(), stillFailing);
        assertTrue(plan.closes().size() >= 10, plan.closes().toString());
    }

    @Test
    void selectorsBeyondTheFiveAStoreTakesAreANoteNotATrail() {
        SnapshotBuilder b = SnapshotBuilder.lake();
        List<AccountSnapshot.AdvancedEventSelector> four = new ArrayList<>(b.eventDataStores.get(0).advancedEventSelectors());
        for (String bucket : List.of("payroll", "customers")) {
            four.add(new AccountSnapshot.AdvancedEventSelector("S3 " + bucket, List.of(
                    SnapshotBuilder.equalsField("eventCategory", "Data"),
                    SnapshotBuilder.equalsField("resources.type", "AWS::S3::Object"),
                    SnapshotBuilder.startsWith("resources.ARN", "arn:aws:s3:::" + bucket + "/"))));
        }
        b.eventDataStores.add(SnapshotBuilder.store("ENABLED", 2557, true,
                four.toArray(AccountSnapshot.AdvancedEventSelector[]::new)));
        b.eventDataStores.remove(0);
        FixPlan plan = planFor(b, FixOptions.defaults());
        assertNull(plan.design().core());
        assertTrue(plan.nothingToFix(), plan.summary().toString());
        assertTrue(plan.notes().stream().anyMatch(n -> n.startsWith("Not fixed here: " + CheckIds.DYNAMODB_LAMBDA
                + ". Event data store org-archive would need the selectors DynamoDB item reads and writes, Lambda"
                + " invocations beside its own, more than the 5")), plan.notes().toString());
        assertTrue(plan.render(FixPlan.Format.CLI).lines().filter(l -> !l.startsWith("#"))
                .noneMatch(l -> l.contains("update-event-data-store")), "the note tells it; nothing runs it");
    }

    @Test
    void cloudFormationAndTerraformDeclareNoSecondStoreButSayHowToImportIt() {
        FixPlan plan = planFor(shortStoppedSingleRegion(), FixOptions.defaults());
        for (FixPlan.Format format : List.of(FixPlan.Format.CLOUDFORMATION, FixPlan.Format.TERRAFORM)) {
            String text = plan.render(format);
            assertTrue(text.lines().allMatch(l -> l.isBlank() || l.startsWith("#")), format + ":\n" + text);
            assertTrue(text.contains("import it first") && text.contains(SnapshotBuilder.STORE_ARN), text);
        }
    }

    @Test
    void aStoppedTrailBesideARecordingStoreIsToBeStartedOrDeletedNotReplaced() {
        SnapshotBuilder b = SnapshotBuilder.lake();
        b.trails.add(new SnapshotBuilder.TrailSpec());
        b.trail().logging = false;
        FixPlan plan = planFor(b, FixOptions.defaults());
        assertNull(plan.design().core(), plan.summary().toString());
        assertEquals(List.of("main"), plan.design().stopped().stream().map(Design.Stopped::name).toList());
        assertFalse(plan.render(FixPlan.Format.CLI).contains("create-trail"));
    }

    @Test
    void aTrailBucketKeptShortBesideAStoreKeptYearsIsANoteNotASecondTrail() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.eventDataStores.addAll(SnapshotBuilder.lake().eventDataStores);
        b.bucket().lifecycleRules.add(new AccountSnapshot.LifecycleRule("short", true, "", 90, null, null));
        AccountSnapshot snapshot = b.build();
        List<Finding> findings = Auditor.standard().run(snapshot, SnapshotBuilder.context()).entries().stream()
                .map(AuditResult.Entry::finding).filter(f -> f.checkId().equals(CheckIds.RETENTION_365)).toList();
        assertEquals(List.of(Finding.Outcome.FAIL, Finding.Outcome.PASS), findings.stream().map(Finding::outcome)
                .toList(), findings.toString());
        assertTrue(findings.get(0).detail().contains("note: event data store org-archive (CloudTrail Lake, us-east-1)"
                + " keeps the events 2557 days"), findings.get(0).detail());

        FixPlan plan = planFor(b, FixOptions.defaults());
        assertNull(plan.design().core(), plan.summary().toString());
        assertTrue(plan.notes().stream().anyMatch(n -> n.startsWith("Not fixed here: " + CheckIds.RETENTION_365)),
                plan.notes().toString());
    }

    @Test
    void besideATrailOfThePlansOwnOnlyTheStoresRetentionChanges() {
        SnapshotBuilder b = shortStoppedSingleRegion();
        EventDataStore s = b.eventDataStores.remove(0);
        b.eventDataStores.add(new EventDataStore(s.name(), s.arn(), s.homeRegion(), "ENABLED", true, false, 30, true,
                "FIXED_RETENTION_PRICING", null, s.advancedEventSelectors(), Map.of()));
        b.trails.add(new SnapshotBuilder.TrailSpec());
        b.trail().logFileValidation = false;
        FixPlan plan = planFor(b, FixOptions.defaults());
        assertTrue(plan.design().core() != null, "the trail's own failure needs the plan's trail");
        StoreChange lake = plan.design().lake();
        assertEquals(2557, lake.retentionDays(), "what FIXED_RETENTION_PRICING includes");
        assertFalse(lake.startIngestion() || lake.multiRegion() || !lake.selectors().isEmpty(), lake.toString());
        assertTrue(plan.render(FixPlan.Format.CLI).contains("--retention-period 2557"));
    }
}
