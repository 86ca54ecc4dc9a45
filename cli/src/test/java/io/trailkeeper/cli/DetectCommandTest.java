package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** detect and rules as a user runs them, on real CloudTrail data. */
class DetectCommandTest {
    @TempDir
    Path dir;

    @Test
    void sigmaHqAndBundledRulesFindTheTrailTamperingInTheInvictusData() {
        Path store = dir.resolve("s.duckdb");
        Cli.Result ingest = Cli.run(store, "ingest", Cli.shared("invictus-ir-aws_dataset").toString(),
                Cli.shared("stratus-red-team/docs/detonation-logs/aws.defense-evasion.cloudtrail-stop.json").toString());
        assertEquals(0, ingest.code(), ingest.toString());
        Path sigma = Cli.shared("../sigma/rules");
        Cli.Result r = Cli.run(store, "detect", "--rules", sigma.toString(), "--format", "csv", "--fail-on", "high");
        assertEquals(3, r.code(), "a high-level rule matched: " + r.err());
        long stopLogging = r.out().lines().filter(l -> l.contains(",AWS CloudTrail Important Change,vitaliy0x1,")
                && l.contains(",StopLogging,")).count();
        assertEquals(4, stopLogging, "Invictus's three and Stratus's one: " + r.out());
        // the bundled rule leaves out failed calls: Invictus's three StopLogging calls failed (TrailNotFoundException),
        // Stratus's succeeded
        assertEquals(1, r.out().lines().filter(l -> l.contains("CloudTrail Trail Logging Stopped,TrailKeeper,"))
                .count(), r.out());
        Cli.Result low = Cli.run(store, "detect", "--min-level", "critical", "--format", "csv");
        assertEquals(0, low.code(), low.toString());
        // the store is read in time order (a page of raw chunks at a time), the matches come out in time order
        List<String> times = r.out().lines().map(l -> l.substring(0, Math.max(0, l.indexOf(','))))
                .filter(t -> t.matches("\\d{4}-.*")).toList();
        assertTrue(times.size() > 20, r.out());
        assertEquals(times.stream().sorted().toList(), times);
    }

    @Test
    void theTrailBucketIsKnownFromCreateTrailAndItsPolicyChangeIsHigh() throws Exception {
        String who = "\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::111122223333:user/mallory\","
                + "\"accountId\":\"111122223333\",\"userName\":\"mallory\"}";
        Path file = dir.resolve("events.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"eventVersion\":\"1.09\"," + who + ",\"eventTime\":\"2026-03-01T10:00:00Z\",\"eventSource\":"
                        + "\"cloudtrail.amazonaws.com\",\"eventName\":\"CreateTrail\",\"awsRegion\":\"us-east-1\","
                        + "\"requestParameters\":{\"name\":\"main\",\"s3BucketName\":\"acme-trail-logs\"},"
                        + "\"eventID\":\"a1\",\"eventCategory\":\"Management\"}",
                "{\"eventVersion\":\"1.09\"," + who + ",\"eventTime\":\"2026-03-02T10:00:00Z\",\"eventSource\":"
                        + "\"s3.amazonaws.com\",\"eventName\":\"PutBucketPolicy\",\"awsRegion\":\"us-east-1\","
                        + "\"requestParameters\":{\"bucketName\":\"acme-trail-logs\"},\"eventID\":\"a2\","
                        + "\"eventCategory\":\"Management\"}",
                "{\"eventVersion\":\"1.09\"," + who + ",\"eventTime\":\"2026-03-02T11:00:00Z\",\"eventSource\":"
                        + "\"s3.amazonaws.com\",\"eventName\":\"PutBucketPolicy\",\"awsRegion\":\"us-east-1\","
                        + "\"requestParameters\":{\"bucketName\":\"acme-website\"},\"eventID\":\"a3\","
                        + "\"eventCategory\":\"Management\"}") + "\n");
        Path store = dir.resolve("t.duckdb");
        assertEquals(0, Cli.run(store, "ingest", file.toString()).code());
        Cli.Result r = Cli.run(store, "detect", "--format", "csv");
        List<String> protection = r.out().lines().filter(l -> l.contains("CloudTrail Log Bucket Protection Changed"))
                .toList();
        assertEquals(1, protection.size(), r.out());
        assertTrue(protection.get(0).contains("acme-trail-logs") && protection.get(0).contains(",high,"),
                protection.get(0));
    }

    @Test
    void aBrokenRuleIsReportedWithItsFileAndLine() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("bad.yml"), "title: Bad\nlogsource:\n  product: aws\n  service: cloudtrail\n"
                + "detection:\n  selection:\n    eventName|bogus: x\n  condition: selection\nlevel: high\n");
        Files.writeString(rules.resolve("good.yml"), "title: Good\nlogsource:\n  product: aws\n  service: cloudtrail\n"
                + "detection:\n  selection:\n    eventName: StopLogging\n  condition: selection\nlevel: high\n");
        Cli.Result r = Cli.run(null, "rules", "validate", rules.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.out().contains("bad.yml:7: "), r.out());
        assertTrue(r.out().contains("bogus"), r.out());
        assertTrue(r.out().contains("1 rules valid, 1 problems"), r.out());
        Cli.Result missing = Cli.run(dir.resolve("s.duckdb"), "detect", "--rules", dir.resolve("none").toString());
        assertEquals(2, missing.code(), missing.toString());
        assertTrue(missing.err().contains("there is no rule file or folder"), missing.err());
    }

    @Test
    void rulesForAnotherLogSourceAreSkippedWithACountNotReportedAsProblems() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("mixed"));
        Files.writeString(rules.resolve("trail.yml"), "title: Trail\nauthor: A. Author\nlogsource:\n  product: aws\n"
                + "  service: cloudtrail\ndetection:\n  selection:\n    eventName: StopLogging\n  condition: selection\n"
                + "level: high\n");
        for (String os : List.of("windows", "linux")) {
            Files.writeString(rules.resolve(os + ".yml"), "title: " + os + "\nlogsource:\n  product: " + os + "\n"
                    + "  category: process_creation\ndetection:\n  selection:\n    CommandLine|base64offset|utf16le"
                    + "|contains: whoami\n  condition: selection\nlevel: high\n");
        }
        Path events = dir.resolve("stop.jsonl");
        Files.writeString(events, "{\"eventVersion\":\"1.09\",\"eventTime\":\"2026-03-01T10:00:00Z\",\"eventSource\":"
                + "\"cloudtrail.amazonaws.com\",\"eventName\":\"StopLogging\",\"awsRegion\":\"us-east-1\","
                + "\"eventID\":\"s1\"}\n");
        Path store = dir.resolve("m.duckdb");
        assertEquals(0, Cli.run(store, "ingest", events.toString()).code());
        Cli.Result r = Cli.run(store, "detect", "--no-bundled", "--rules", rules.toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals(List.of("skipped 2 rules for another log source than CloudTrail (logsource product aws, service"
                + " cloudtrail) ('rules validate' lists them)"), r.err().lines().toList());
        assertTrue(r.out().contains("A. Author"), r.out());
        assertTrue(r.out().contains("1 rules (0 not usable, 2 skipped: not CloudTrail) over 1 events"), r.out());
        Cli.Result v = Cli.run(null, "rules", "validate", rules.toString());
        assertEquals(0, v.code(), v.toString());
        assertTrue(v.out().contains("skipped: " + rules.resolve("linux.yml") + ":2: logsource product 'linux' category"
                + " 'process_creation' is not CloudTrail"), v.out());
        assertTrue(v.out().contains("1 rules valid, 0 problems, 2 skipped (not CloudTrail)"), v.out());
    }

    @Test
    void aRuleNamingAFieldCloudTrailDoesNotHaveIsAWarningNotAProblem() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("fields"));
        Files.writeString(rules.resolve("ip.yml"), "title: From IP\nlogsource:\n  product: aws\n  service: cloudtrail\n"
                + "detection:\n  selection:\n    sourceIpAddress: 10.0.0.1\n  condition: selection\nlevel: high\n");
        Cli.Result r = Cli.run(null, "rules", "validate", rules.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("warning: " + rules.resolve("ip.yml") + ":7: rule 'From IP' names field"
                + " 'sourceIpAddress'"), r.out());
        assertTrue(r.out().contains("did you mean sourceIPAddress?"), r.out());
        assertTrue(r.out().contains("1 rules valid, 0 problems, 1 warnings"), r.out());
        Cli.Result d = Cli.run(null, "rules", "list", "--no-bundled", "--rules", rules.toString());
        assertEquals(0, d.code(), d.toString());
        assertTrue(d.out().contains("From IP"), d.toString());
        assertTrue(d.err().contains("warning: " + rules.resolve("ip.yml") + ":7:"), d.toString());
    }

    @Test
    void aRuleWithAPlaceholderRunsOnlyWithItsValues() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("placeholders"));
        Files.writeString(rules.resolve("admins.yml"), "title: Admin sign-in\nlogsource:\n  product: aws\n"
                + "  service: cloudtrail\ndetection:\n  selection:\n    eventName: ConsoleLogin\n"
                + "  filter:\n    userIdentity.arn|expand: 'arn:aws:iam::%account%:user/%admins%'\n"
                + "  condition: selection and not filter\nlevel: high\n");
        Path file = dir.resolve("logins.jsonl");
        StringBuilder records = new StringBuilder();
        for (String user : List.of("alice", "bob", "mallory")) {
            records.append("{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":"
                    + "\"arn:aws:iam::111122223333:user/").append(user).append("\",\"userName\":\"").append(user)
                    .append("\"},\"eventTime\":\"2026-03-01T10:00:00Z\",\"eventSource\":\"signin.amazonaws.com\","
                    + "\"eventName\":\"ConsoleLogin\",\"awsRegion\":\"us-east-1\",\"eventID\":\"").append(user)
                    .append("\"}\n");
        }
        Files.writeString(file, records);
        Path store = dir.resolve("p.duckdb");
        assertEquals(0, Cli.run(store, "ingest", file.toString()).code());
        // without values the rule is not used, and says which placeholders and how to give them
        Cli.Result none = Cli.run(store, "detect", "--no-bundled", "--rules", rules.toString(), "--format", "csv");
        assertEquals(0, none.code(), none.toString());
        assertTrue(none.err().contains("rule not used: " + rules.resolve("admins.yml") + ":9: the placeholders"
                + " %account%, %admins% have no values, so the rule 'Admin sign-in' cannot run: give them with"
                + " --placeholder account=VALUE[,VALUE...] --placeholder admins=VALUE[,VALUE...]"), none.err());
        assertEquals(List.of(), none.out().lines().filter(l -> l.contains("Admin sign-in")).toList());
        Cli.Result given = Cli.run(store, "detect", "--no-bundled", "--rules", rules.toString(), "--format", "csv",
                "--placeholder", "admins=alice,bob", "--placeholder", "account=111122223333");
        assertEquals(0, given.code(), given.toString());
        List<String> matched = given.out().lines().filter(l -> l.contains("Admin sign-in")).toList();
        assertEquals(1, matched.size(), given.out());
        assertTrue(matched.get(0).contains("mallory"), matched.get(0));
        Cli.Result valid = Cli.run(null, "rules", "validate", rules.toString(), "--placeholder", "admins=alice",
                "--placeholder", "account=111122223333");
        assertEquals(0, valid.code(), valid.toString());
        Cli.Result invalid = Cli.run(null, "rules", "validate", rules.toString(), "--placeholder", "admins=alice");
        assertEquals(2, invalid.code(), invalid.toString());
        assertTrue(invalid.out().contains("the placeholder %account% has no values"), invalid.out());
        Cli.Result empty = Cli.run(null, "rules", "validate", rules.toString(), "--placeholder", "admins=");
        assertEquals(2, empty.code(), empty.toString());
        assertTrue(empty.err().contains("--placeholder admins= gives admins no value"), empty.err());
    }
}
