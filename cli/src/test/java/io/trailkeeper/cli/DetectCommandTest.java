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
        // the store is read in its stored order (a raw chunk at a time), the matches come out in time order
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
}
