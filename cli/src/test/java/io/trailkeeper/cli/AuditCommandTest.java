package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.emulator.Emulator;
import io.trailkeeper.emulator.EmulatorConfig;
import io.trailkeeper.emulator.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** audit and fix as a user runs them, against the emulator's bundled accounts and offline from a snapshot. */
class AuditCommandTest {
    @TempDir
    Path dir;

    /** audit keeps its snapshot in the store: a store of the test's own, never the user's. */
    private Path store() {
        return dir.resolve("store.duckdb");
    }

    private static Emulator start(String scenario) {
        return Emulator.start(EmulatorConfig.builder(Scenario.bundled(scenario)).lookupRatePerSecond(100).build());
    }

    @Test
    void aWellConfiguredAccountPassesEveryCheckAndHasNothingToFix() throws Exception {
        Path snapshot = dir.resolve("good.json");
        try (Emulator emulator = start("audit-good")) {
            // at the scenario's "now": its trail delivered five minutes before
            Cli.Result r = Cli.runAt(emulator.clock(), store(), "audit", "--endpoint-url", emulator.endpoint().toString(), "--fail-on", "low",
                    "--save-snapshot", snapshot.toString(), "--break-glass-role",
                    "arn:aws:iam::123456789012:role/BreakGlass");
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().contains(" 0 FAIL, 0 UNKNOWN"), r.out());
        }
        Cli.Result fix = Cli.run(null, "fix", "--plan", "--snapshot", snapshot.toString(), "--break-glass-role",
                "arn:aws:iam::123456789012:role/BreakGlass");
        assertEquals(0, fix.code(), fix.toString());
        assertTrue(fix.out().contains("nothing to fix"), fix.out());
    }

    @Test
    void aWeakAccountFailsAndTheSavedSnapshotGivesTheSameAuditOffline() throws Exception {
        Path snapshot = dir.resolve("weak.json");
        String online;
        try (Emulator emulator = start("audit-weak")) {
            Cli.Result r = Cli.run(store(), "audit", "--endpoint-url", emulator.endpoint().toString(), "--fail-on",
                    "critical", "--save-snapshot", snapshot.toString(), "--format", "json");
            assertEquals(3, r.code(), "a critical check fails: " + r);
            online = r.out();
        }
        assertTrue(online.contains("\"check\" : \"cloudtrail_logs_s3_bucket_is_not_publicly_accessible\""), online);
        assertTrue(online.contains("\"check\" : \"cloudtrail_multi_region_enabled\""), online);
        Cli.Result offline = Cli.run(store(), "audit", "--snapshot", snapshot.toString(), "--fail-on", "critical",
                "--format", "json");
        assertEquals(3, offline.code(), offline.toString());
        assertEquals(online, offline.out(), "the snapshot holds everything the audit needs");

        Cli.Result html = Cli.run(store(), "audit", "--snapshot", snapshot.toString(), "--format", "html");
        assertEquals(0, html.code(), html.toString());
        assertTrue(html.out().startsWith("<!DOCTYPE html>") && html.out().contains("<tr class=\"fail\">"), html.out());

        Path plan = dir.resolve("main.tf");
        Cli.Result tf = Cli.run(null, "fix", "--plan", "--snapshot", snapshot.toString(), "--format", "terraform",
                "--out", plan.toString());
        assertEquals(0, tf.code(), tf.toString());
        String text = Files.readString(plan);
        assertTrue(text.contains("resource \"aws_cloudtrail\"") && text.contains("is_multi_region_trail"), text);
        assertTrue(tf.err().contains("written to " + plan), tf.err());
    }

    @Test
    void anAccountWithoutATrailIsCriticalAndTheRegionsWithActivityAreNamed() {
        try (Emulator emulator = start("audit-no-trail")) {
            Cli.Result r = Cli.runAt(emulator.clock(), store(), "audit", "--endpoint-url", emulator.endpoint().toString(),
                    "--fail-on", "critical", "--format", "csv");
            assertEquals(3, r.code(), r.toString());
            String trailLogging = r.out().lines().filter(l -> l.startsWith("FAIL,critical,cloudtrail_trail_logging"))
                    .findFirst().orElseThrow(() -> new AssertionError(r.out()));
            assertTrue(trailLogging.contains("90 days"), trailLogging);
            // the regions whose event history shows activity are the ones an investigation would have to read;
            // eu-central-1's only event is older than the 90 days event history keeps
            for (String region : java.util.List.of("ap-northeast-1", "ap-southeast-2", "eu-west-1", "us-east-1")) {
                assertTrue(trailLogging.contains(region + " ("), region + " in " + trailLogging);
            }
            assertFalse(trailLogging.contains("eu-central-1"), trailLogging);
            Cli.Result fix = Cli.runAt(emulator.clock(), null, "fix", "--plan", "--endpoint-url",
                    emulator.endpoint().toString(), "--format", "cli");
            assertEquals(0, fix.code(), fix.toString());
            assertTrue(fix.out().contains("aws cloudtrail create-trail") && fix.out().contains("--is-multi-region-trail"),
                    fix.out());
        }
    }

    @Test
    void aPrincipalThatMayDestroyTheEvidenceOnlyUnderConditionsIsShownWithThoseActions() throws Exception {
        Path snapshot = dir.resolve("conditional.json");
        Files.writeString(snapshot, """
                {"version":2,"account":"123456789012","callerArn":"arn:aws:iam::123456789012:user/audit",
                 "collectedAt":"2026-11-28T13:18:40Z",
                 "regions":[{"name":"us-east-1","optInStatus":"opt-in-not-required","enabled":true,"errors":{}}],
                 "trails":[{"name":"main","arn":"arn:aws:cloudtrail:us-east-1:123456789012:trail/main",
                   "homeRegion":"us-east-1","s3BucketName":"ctb","multiRegion":true,"organization":false,
                   "includeGlobalServiceEvents":true,"logFileValidation":true,"logging":true,
                   "startLoggingTime":"2026-11-28T13:18:27Z","latestDeliveryTime":"2026-11-28T13:18:30Z",
                   "eventSelectors":[],"advancedEventSelectors":[],"insightTypes":[],"regionsSeen":["us-east-1"],
                   "errors":{}}],
                 "buckets":[{"name":"ctb","region":"us-east-1","ownerAccount":"123456789012","exists":true,
                   "lifecycleRules":[],"aclGrants":[],"errors":{}}],
                 "kmsKeys":[],"logGroups":[],"alarms":[],"eventRules":[],
                 "iam":{"users":[{"name":"mfa-deleter","arn":"arn:aws:iam::123456789012:user/mfa-deleter",
                   "attachedPolicyArns":[],"groups":[],"inlinePolicies":{"p":"{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"s3:DeleteObject\\",\\"Resource\\":\\"*\\",\\"Condition\\":{\\"Bool\\":{\\"aws:MultiFactorAuthPresent\\":\\"true\\"}}}]}"}}],
                   "groups":[],"roles":[],"policies":[]},
                 "unreadable":[],"eventDataStores":[]}
                """);
        Cli.Result r = Cli.run(store(), "audit", "--snapshot", snapshot.toString(), "--no-keep-snapshot", "--format",
                "csv");
        assertEquals(0, r.code(), r.toString());
        String row = r.out().lines().filter(l -> l.startsWith("main,ctb,")).findFirst()
                .orElseThrow(() -> new AssertionError(r.out()));
        // the finding said 'conditionally s3:DeleteObject'; the table's row said no action at all
        assertTrue(row.endsWith(",user,,only under conditions: s3:DeleteObject"), row);
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        Cli.Result severity = Cli.run(store(), "audit", "--snapshot", "x.json", "--fail-on", "severe");
        assertEquals(2, severity.code(), severity.toString());
        assertTrue(severity.err().contains("--fail-on severe is not a severity"), severity.err());

        Cli.Result missing = Cli.run(store(), "audit", "--snapshot", dir.resolve("none.json").toString());
        assertEquals(2, missing.code(), missing.toString());
        assertTrue(missing.err().contains("there is no snapshot"), missing.err());

        Cli.Result format = Cli.run(null, "fix", "--plan", "--snapshot", "x.json", "--format", "csv");
        assertEquals(2, format.code(), format.toString());
        assertTrue(format.err().contains("not an output of fix"), format.err());

        Cli.Result noPlan = Cli.run(null, "fix", "--snapshot", "x.json");
        assertEquals(2, noPlan.code(), noPlan.toString());
        assertFalse(noPlan.err().isEmpty());
    }
}
