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
 * script's calls are ones the AWS CLI accepts, the store's own selectors are kept, Terraform imports the store and
 * declares it with its own settings, and CloudFormation declares nothing (a declared store would be a second one)
 * but says how to import it.
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
    void cloudFormationDeclaresNoSecondStoreButSaysHowToImportIt() {
        String text = planFor(shortStoppedSingleRegion(), FixOptions.defaults()).render(FixPlan.Format.CLOUDFORMATION);
        assertTrue(text.lines().allMatch(l -> l.isBlank() || l.startsWith("#")), text);
        String unwrapped = text.replaceAll("\n#\\s+", " ");
        assertTrue(unwrapped.contains("import it into a stack first") && text.contains(SnapshotBuilder.STORE_ARN),
                text);
    }

    /** The lake account's stopped, short-kept, single-region store, as Terraform takes it over and changes it. */
    static String storeImportedByTerraform() {
        return planFor(shortStoppedSingleRegion(), FixOptions.defaults()).render(FixPlan.Format.TERRAFORM);
    }

    @Test
    void terraformImportsTheStoreWithItsSettingsAndChangesItInPlace() {
        String hcl = storeImportedByTerraform();
        assertEquals(List.of(), TerraformCheck.check(hcl));
        assertTrue(hcl.contains("import {\n  to = aws_cloudtrail_event_data_store.existing\n  id = \""
                + SnapshotBuilder.STORE_ARN + "\"\n}"), hcl);
        String store = hcl.substring(hcl.indexOf("resource \"aws_cloudtrail_event_data_store\" \"existing\""));
        for (String setting : List.of("multi_region_enabled           = true",
                "organization_enabled           = false", "retention_period               = 366",
                "billing_mode                   = \"EXTENDABLE_RETENTION_PRICING\"",
                "termination_protection_enabled = true", "suspend                        = false",
                "prevent_destroy = true")) {
            assertTrue(store.contains(setting), setting + " in\n" + store);
        }
        assertEquals(List.of("Management events", "S3 objects", "DynamoDB item reads and writes", "Lambda invocations"),
                store.lines().filter(l -> l.trim().startsWith("name = ") && l.startsWith("    "))
                        .map(l -> l.substring(l.indexOf('"') + 1, l.lastIndexOf('"'))).toList(), store);
        assertFalse(store.contains("kms_key_id"), "the store has no key: none is declared");
        assertTrue(hcl.contains("region              = \"us-east-1\""), "the store's region: " + hcl);
        assertTrue(hcl.replaceAll("\n#\\s+", " ").contains("Terraform configuration, which imports it first"), hcl);
    }

    @Test
    void terraformReachesAStoreOfAnotherRegionThanTheTrailThroughAProviderOfItsOwn() {
        SnapshotBuilder b = shortStoppedSingleRegion();
        EventDataStore s = b.eventDataStores.remove(0);
        b.eventDataStores.add(new EventDataStore(s.name(), s.arn(), s.homeRegion(), "ENABLED", true, false, 30, true,
                "FIXED_RETENTION_PRICING",
                "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                s.advancedEventSelectors(), Map.of()));
        b.trails.add(new SnapshotBuilder.TrailSpec());
        b.trail().logFileValidation = false;
        String hcl = planFor(b, FixOptions.defaults().withRegion("eu-west-1")).render(FixPlan.Format.TERRAFORM);
        assertEquals(List.of(), TerraformCheck.check(hcl));
        assertTrue(hcl.contains("resource \"aws_cloudtrail\" \"trail\""), "the plan's own trail too");
        assertTrue(hcl.contains("alias               = \"event_data_store\"\n  region              = \"us-east-1\""),
                hcl);
        String store = hcl.substring(hcl.indexOf("resource \"aws_cloudtrail_event_data_store\""));
        assertTrue(store.contains("provider                       = aws.event_data_store"), store);
        assertTrue(store.contains("retention_period               = 2557"), store);
        assertTrue(store.contains("kms_key_id                     = \"arn:aws:kms:us-east-1:123456789012:key/"), store);
        assertTrue(hcl.contains("  provider = aws.event_data_store\n}"), "the import too: " + hcl);
    }

    @Test
    void aStoreWhoseSettingsCouldNotAllBeReadIsNotDeclared() {
        SnapshotBuilder b = shortStoppedSingleRegion();
        EventDataStore s = b.eventDataStores.remove(0);
        b.eventDataStores.add(new EventDataStore(s.name(), s.arn(), s.homeRegion(), s.status(), false, false, 30, null,
                null, null, s.advancedEventSelectors(), Map.of("details", "AccessDeniedException")));
        FixPlan plan = planFor(b, FixOptions.defaults());
        String hcl = plan.render(FixPlan.Format.TERRAFORM);
        assertTrue(hcl.lines().allMatch(l -> l.isBlank() || l.startsWith("#")), hcl);
        assertTrue(hcl.replaceAll("\n#\\s+", " ").contains("could not all be read")
                && hcl.contains(SnapshotBuilder.STORE_ARN), hcl);
    }

    @Test
    void aStoppedTrailBesideARecordingStoreIsToBeStartedOrDeletedNotReplaced() {
        SnapshotBuilder b = SnapshotBuilder.lake();
        b.trails.add(new SnapshotBuilder.TrailSpec());
        b.trail().logging = false;
        FixPlan plan = planFor(b, FixOptions.defaults());
        assertNull(plan.design().core(), plan.summary().toString());
        assertEquals(List.of("main"), plan.design().leftovers().stream().map(Design.Leftover::name).toList());
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
