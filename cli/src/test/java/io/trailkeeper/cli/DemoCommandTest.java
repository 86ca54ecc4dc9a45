package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end test: `trailkeeper demo` on the bundled demo-breach scenario, with the emulator enforcing
 * LookupEvents' real limit, and the facts of the scenario checked in what it printed and in the store it left.
 */
class DemoCommandTest {
    private static final String TRAIL_BUCKET = "acme-cloudtrail-logs-123456789012";
    private static final List<String> REGIONS = List.of("us-east-1", "us-east-2", "us-west-1", "us-west-2",
            "ca-central-1", "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "ap-northeast-1",
            "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "ap-south-1", "sa-east-1");

    @TempDir
    static Path dir;
    private static Cli.Result demo;
    private static Path store;
    private static Path report;

    @BeforeAll
    static void runTheDemo() {
        store = dir.resolve("demo.duckdb");
        report = dir.resolve("incident.html");
        String sigma = Cli.shared("../sigma/rules").toString();
        // the demo's stand-in credentials replace these while it runs, and they come back after it
        Map<String, String> before = Map.of("aws.accessKeyId", "sentinel-key", "aws.secretAccessKey", "sentinel-secret",
                "aws.sessionToken", "sentinel-token");
        Map<String, String> saved = new HashMap<>();
        before.forEach((k, v) -> saved.put(k, System.setProperty(k, v)));
        try {
            demo = Cli.run(store, "demo", "--out", report.toString(), "--rules", sigma);
            before.forEach((k, v) -> assertEquals(v, System.getProperty(k), k + " is put back"));
        } finally {
            saved.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }

    @Test
    void ranEveryStep() {
        assertEquals(0, demo.code(), () -> demo.out() + demo.err());
        for (String step : List.of("$ trailkeeper audit", "$ trailkeeper collect auto", "$ trailkeeper detect",
                "$ trailkeeper investigate who-deleted " + TRAIL_BUCKET, "$ trailkeeper investigate key AKIA4DEMOCIDEPLOYER1",
                "$ trailkeeper investigate logins", "$ trailkeeper investigate s3 acme-payroll-exports",
                "$ trailkeeper coverage", "$ trailkeeper report")) {
            assertTrue(demo.out().contains(step), () -> "missing step " + step + " in\n" + demo.out());
        }
        assertTrue(demo.err().contains("cannot be read (the bucket '" + TRAIL_BUCKET + "' does not exist); falling back"
                + " to the event history of every region"), demo::err);
    }

    @Test
    void everyRegionsEventHistoryWasCollected() throws Exception {
        Cli.Result coverage = Cli.runAt(java.time.Clock.fixed(java.time.Instant.parse("2026-11-20T12:00:00Z"),
                java.time.ZoneOffset.UTC), store, "coverage", "--since", "85d", "--format", "json");
        assertEquals(0, coverage.code(), coverage::err);
        JsonNode json = new ObjectMapper().readTree(coverage.out());
        Set<String> complete = new HashSet<>();
        for (JsonNode region : json.path("regions")) {
            if ("not enabled".equals(region.path("status").asText())) {
                // recorded by collect auto as not enabled (no call made), so that coverage could tell one switched
                // off inside the window: none holds an event
                assertEquals(0, region.path("events").asLong(), region::toString);
                continue;
            }
            assertTrue(region.path("events").asLong() > 0, region::toString);
            assertTrue(region.path("event_history").asText().matches("\\d+ days: .*"), region::toString);
            if ("complete".equals(region.path("status").asText())) {
                complete.add(region.path("region").asText());
            }
        }
        assertEquals(Set.copyOf(REGIONS), complete);
        // every management event the scenario served in the 90 days, and not one data event (none are served)
        Cli.Result count = Cli.run(store, "query", "--sql", "SELECT count(*) AS n, count(*) FILTER (WHERE event_category"
                + " = 'Data') AS data FROM events", "--format", "csv");
        assertEquals("n,data\n7903,0", count.out().strip().replace("\r\n", "\n"));
    }

    @Test
    void namesTheDeleterTheAddressAndTheRecordingRegion() {
        String out = demo.out();
        assertTrue(out.contains("DeleteBucket of " + TRAIL_BUCKET + " succeeded at 2026-11-18T03:14:09Z: by"
                + " arn:aws:iam::123456789012:user/ci-deployer (key AKIA4DEMOCIDEPLOYER1, MFA not recorded) from"
                + " 203.0.113.77"), out);
        assertTrue(out.contains("was recorded in us-west-2; the bucket lives in ap-northeast-1"), out);
        // the key's story: the intruder's address beside the CI runners', and what it created
        assertTrue(out.matches("(?s).*203\\.0\\.113\\.77 +38 +18 .*"), out);
        assertTrue(out.contains("CreateUser in us-east-1: AIDA4DEMOBACKUPSVC00"), out);
        assertTrue(out.contains("backup-svc signed in at 2026-11-14T09:41:07Z in ap-southeast-2 from 198.51.100.23 after"
                + " 3 failed sign-ins"), out);
    }

    @Test
    void reportsTheMissingDataEventsAsAGap() {
        String out = demo.out();
        assertTrue(out.contains("the store holds no data events for bucket acme-payroll-exports"), out);
        assertTrue(out.contains("S3 data events of bucket acme-payroll-exports were logged only from 2026-11-15T01:00:12Z"
                + " to 2026-11-16T02:00:47Z"), out);
        assertTrue(out.contains("The store holds no data events in this window"), out);
        assertTrue(out.contains("these days are older than CloudTrail's 90-day event history"), out);
    }

    @Test
    void theExpectedDetectionsFired() {
        String out = demo.out();
        for (String rule : List.of("high     CloudTrail Trail Logging Stopped, by TrailKeeper: 1",
                "high     Possible CloudTrail Log Bucket Deleted, by TrailKeeper: 1",
                "S3 Bucket Lifecycle Changed, by TrailKeeper: 1, first 2026-09-03T02:14:55Z",
                "AWS Console Sign-In Without MFA, by TrailKeeper: 1",
                // kenji's 3 failed sign-ins from 198.51.100.23, then backup-svc's password-only success from there
                "high     AWS Console Sign-In Failures Then Success Without MFA, by TrailKeeper: 1",
                "AWS Access Key Created For Another User, by TrailKeeper: 1",
                // the backdoor user backup-svc given AdministratorAccess (08:52)
                "high     AWS Managed Policy AdministratorAccess Attached, by TrailKeeper: 1",
                "AWS Successful Console Login Without MFA, by Thuya@Hacktilizer, Ivan Saakov: 1",
                "AWS STS GetCallerIdentity Enumeration Via TruffleHog, by Adan Alvarez @adanalvarez: 1",
                "AWS IAM Backdoor Users Keys, by faloker: 1",
                "AWS ConsoleLogin Failed Authentication, by Ivan Saakov, Nasreddine Bencherchali: 3")) {
            assertTrue(out.contains(rule), () -> "no " + rule + " in\n" + out);
        }
        // the routine activity (CI runners, console users, AWS services) fires nothing at medium or above
        assertFalse(out.contains("Many Source IP"), out);
    }

    @Test
    void wroteTheReport() throws Exception {
        assertTrue(Files.size(report) > 100_000, "report size " + Files.size(report));
        String html = Files.readString(report);
        assertTrue(html.contains(TRAIL_BUCKET) && html.contains("203.0.113.77"));
        assertTrue(demo.out().contains("open it in any browser"), demo.out());
    }

    @Test
    void refusesAStoreThatExists(@TempDir Path other) throws Exception {
        Path existing = Files.writeString(other.resolve("mine.duckdb"), "not the demo's");
        Cli.Result r = Cli.run(existing, "demo");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--store " + existing + " exists"), r.err());
        assertEquals("not the demo's", Files.readString(existing));
    }

    @Test
    void runsAnotherScenario(@TempDir Path other) {
        Path html = other.resolve("r.html");
        Cli.Result r = Cli.run(other.resolve("s.duckdb"), "demo", "--scenario", "audit-no-trail", "--out", html.toString());
        assertEquals(0, r.code(), () -> r.out() + r.err());
        assertTrue(r.out().contains("account 123456789012 has no trail: only the event history is left"), r.out());
        assertTrue(r.err().contains("no trail in any region"), r.err());
        // no trail bucket to ask about, no data event selectors ever set: those steps are left out, the rest run
        assertFalse(r.out().contains("$ trailkeeper investigate who-deleted"), r.out());
        assertFalse(r.out().contains("$ trailkeeper investigate s3"), r.out());
        assertTrue(r.out().contains("AWS Console Sign-In Without MFA, by TrailKeeper: 1"), r.out());
        assertTrue(Files.isRegularFile(html));
    }

    @Test
    void namesAMissingScenario(@TempDir Path other) {
        Cli.Result r = Cli.run(other.resolve("s.duckdb"), "demo", "--scenario", other.resolve("nowhere").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("no scenario folder at " + other.resolve("nowhere")), r.err());
    }
}
