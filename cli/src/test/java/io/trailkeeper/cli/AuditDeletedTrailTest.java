package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.emulator.Emulator;
import io.trailkeeper.emulator.EmulatorConfig;
import io.trailkeeper.emulator.Scenario;
import io.trailkeeper.emulator.ScenarioBuilder;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deleted-trail drill: the intruder's backdoor user stopped and deleted the trail org-main two days before the
 * audit. audit said "no trail: only the last 90 days ... exist" and named the regions with activity, as of an account
 * that never had a trail: that there was one, deleted when and by whom, and that its bucket may still hold its files
 * (months the event history no longer has), was not said; the DeleteTrail was not in the newest page the audit read.
 * The inventory reads each region's DeleteTrail events (LookupEvents by EventName) and the finding names them.
 */
class AuditDeletedTrailTest {
    private static final String ARN = "arn:aws:cloudtrail:us-east-1:123456789012:trail/org-main";

    @TempDir
    Path dir;

    private static String call(String time, String region, String user, String key, String name, String request,
            String resources, String error) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDAQEXAMPLE" + user
                .length() + "\",\"arn\":\"arn:aws:iam::123456789012:user/" + user + "\",\"accountId\":\"123456789012\","
                + "\"accessKeyId\":\"" + key + "\",\"userName\":\"" + user + "\"},\"eventTime\":\"" + time + "\","
                + "\"eventSource\":\"cloudtrail.amazonaws.com\",\"eventName\":\"" + name + "\",\"awsRegion\":\"" + region
                + "\",\"sourceIPAddress\":\"198.51.100.77\",\"userAgent\":\"aws-cli/2\",\"requestParameters\":" + request
                + "," + (error == null ? "" : "\"errorCode\":\"" + error + "\",\"errorMessage\":\"not authorized\",")
                + "\"responseElements\":null,\"eventID\":\"" + region + time + name + "\",\"readOnly\":"
                + name.startsWith("Describe") + ",\"eventType\":\"AwsApiCall\",\"managementEvent\":true,"
                + "\"recipientAccountId\":\"123456789012\",\"eventCategory\":\"Management\"" + resources + "}";
    }

    @Test
    void theTrailTheEventHistoryShowsDeletedIsNamedWithWhoDeletedItAndItsBucket() {
        ScenarioBuilder b = Scenario.builder().account("123456789012").now(Instant.parse("2026-11-20T12:00:00Z"))
                .enabledRegions("us-east-1", "eu-west-1");
        b.record(call("2026-11-18T09:32:00Z", "us-east-1", "svc-backup", "AKIAQSVCBACKUPDOOR01", "DeleteTrail",
                "{\"name\":\"org-main\"}", ",\"resources\":[{\"ARN\":\"" + ARN + "\",\"accountId\":\"123456789012\","
                        + "\"type\":\"AWS::CloudTrail::Trail\"}]", null));
        b.record(call("2026-11-18T09:10:00Z", "eu-west-1", "ci-deploy", "AKIAQCIDEPLOY0STOLEN", "DeleteTrail",
                "{\"name\":\"eu-audit\"}", "", "AccessDeniedException"));
        // the days after: more than the newest page the audit samples, none of them naming the trail
        for (int i = 0; i < 60; i++) {
            b.record(call(Instant.parse("2026-11-19T00:00:00Z").plusSeconds(i * 600L).toString(), "us-east-1", "alice",
                    "ASIAQALICE0000000001", "DescribeTrails", "{}", "", null));
        }
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(b.build()).lookupRatePerSecond(100).build())) {
            Cli.Result r = Cli.runAt(emulator.clock(), dir.resolve("store.duckdb"), "audit", "--endpoint-url",
                    emulator.endpoint().toString(), "--format", "csv");
            assertEquals(0, r.code(), r.toString());
            String finding = r.out().lines().filter(l -> l.startsWith("FAIL,critical,cloudtrail_trail_logging"))
                    .findFirst().orElseThrow(() -> new AssertionError(r.out()));
            assertTrue(finding.contains("the event history shows a trail deleted: " + ARN + " at 2026-11-18T09:32:00Z"
                    + " in us-east-1 by svc-backup (key AKIAQSVCBACKUPDOOR01): a deleted trail's bucket keeps the files"
                    + " it delivered (read them with `trailkeeper collect s3 --bucket BUCKET`"), finding);
            assertTrue(finding.contains("`trailkeeper investigate who-deleted " + ARN + "`"), finding);
            assertTrue(finding.contains("1 DeleteTrail was refused: eu-audit at 2026-11-18T09:10:00Z in eu-west-1 by"
                    + " ci-deploy (key AKIAQCIDEPLOY0STOLEN) (AccessDeniedException)"), finding);
        }
    }
}
