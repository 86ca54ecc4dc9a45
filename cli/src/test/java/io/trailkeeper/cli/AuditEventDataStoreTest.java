package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.emulator.Emulator;
import io.trailkeeper.emulator.EmulatorConfig;
import io.trailkeeper.emulator.Scenario;
import io.trailkeeper.emulator.ScenarioBuilder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * audit and fix of an account whose long-term record is a CloudTrail Lake event data store and no trail, through
 * the real SDK against the emulator: the store is read, the checks it answers pass naming it, and the plan changes
 * the store instead of building a trail; a policy without cloudtrail:ListEventDataStores makes them UNKNOWN.
 */
class AuditEventDataStoreTest {
    private static final String STORE = """
            {"Name":"org-archive","HomeRegion":"us-east-1","MultiRegionEnabled":true,"RetentionPeriod":2557,
             "BillingMode":"FIXED_RETENTION_PRICING",
             "AdvancedEventSelectors":[
               {"Name":"Management events","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]},
               {"Name":"S3 objects","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},
                                                     {"Field":"resources.type","Equals":["AWS::S3::Object"]}]}]}""";
    private static final String ADMIN = """
            {"users": [{"name": "dana", "attachedPolicies": ["arn:aws:iam::aws:policy/AdministratorAccess"]}],
             "policies": [{"name": "AdministratorAccess", "arn": "arn:aws:iam::aws:policy/AdministratorAccess",
               "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]}""";
    private static final List<String> ANSWERED = List.of("cloudtrail_trail_logging", "cloudtrail_multi_region_enabled",
            "cloudtrail_global_service_events_included", "cloudtrail_bucket_retention_365_days",
            "cloudtrail_s3_dataevents_read_enabled", "cloudtrail_s3_dataevents_write_enabled");

    @TempDir
    Path dir;

    private static ScenarioBuilder account() {
        return Scenario.builder().account("123456789012").now(Instant.parse("2026-11-20T12:00:00Z"))
                .enabledRegions("us-east-1", "eu-west-1", "ap-southeast-2");
    }

    private Cli.Result audit(Scenario scenario, Path snapshot) {
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(scenario).lookupRatePerSecond(100).build())) {
            return Cli.runAt(emulator.clock(), dir.resolve("store.duckdb"), "audit", "--endpoint-url",
                    emulator.endpoint().toString(), "--format", "csv", "--save-snapshot", snapshot.toString());
        }
    }

    private static String line(Cli.Result r, String checkId) {
        List<String> lines = r.out().lines().filter(l -> l.contains("," + checkId + ",")).toList();
        assertEquals(1, lines.size(), checkId + " in " + r.out());
        return lines.get(0);
    }

    @Test
    void theStoreIsTheRecordAndTheFixChangesItInsteadOfAddingATrail() {
        Path snapshot = dir.resolve("lake.json");
        Cli.Result r = audit(account().eventDataStore(STORE).iam(ADMIN).build(), snapshot);
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("event data store org-archive,,"
                + "arn:aws:iam::123456789012:user/dana,user,cloudtrail:DeleteEventDataStore")), r.out());
        for (String id : ANSWERED) {
            String line = line(r, id);
            assertTrue(line.startsWith("PASS,") && line.contains("event data store org-archive"), line);
        }
        assertTrue(line(r, "cloudtrail_bucket_retention_365_days").contains("2557 days"));

        Cli.Result fix = Cli.run(null, "fix", "--plan", "--snapshot", snapshot.toString(), "--format", "cli");
        assertEquals(0, fix.code(), fix.toString());
        assertFalse(fix.out().contains("create-trail") || fix.out().contains("create-bucket"), fix.out());
        assertTrue(fix.out().contains("aws cloudtrail update-event-data-store --event-data-store "
                + "arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/"), fix.out());
    }

    @Test
    void aDeniedListOfStoresIsUnknown() {
        Cli.Result r = audit(account().eventDataStore(STORE).eventDataStoresDenied().build(), dir.resolve("d.json"));
        for (String id : ANSWERED) {
            String line = line(r, id);
            assertTrue(line.startsWith("UNKNOWN,") && line.contains("ListEventDataStores"), line);
        }
    }
}
