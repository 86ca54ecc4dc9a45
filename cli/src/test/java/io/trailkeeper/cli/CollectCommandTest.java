package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.emulator.AssumeRoleCall;
import io.trailkeeper.emulator.Emulator;
import io.trailkeeper.emulator.EmulatorConfig;
import io.trailkeeper.emulator.Scenario;
import io.trailkeeper.emulator.ScenarioBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** collect lookup as a user types it, against the emulator: options, output, errors and exit codes. */
class CollectCommandTest {
    private static final Instant NOW = Cli.CLOCK.instant();
    private static final String ROLE = "arn:aws:iam::123456789012:role/IncidentResponse";

    @TempDir
    Path dir;

    private static Emulator emulator(String... denied) {
        ScenarioBuilder b = Scenario.builder().account("123456789012").now(NOW)
                .enabledRegions("us-east-1", "eu-west-1", "ap-southeast-2").notEnabledRegions("af-south-1")
                .deniedRegions(denied).assumableRole(ROLE, "case-4711");
        for (int i = 0; i < 130; i++) {
            b.record(record(NOW.minus(Duration.ofHours(2 + i)), i % 2 == 0 ? "eu-west-1" : "ap-southeast-2", i));
        }
        return Emulator.start(EmulatorConfig.builder(b.build()).lookupRatePerSecond(50).build());
    }

    private static String record(Instant time, String region, int n) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::123456789012:"
                + "user/bob\",\"accountId\":\"123456789012\",\"userName\":\"bob\"},\"eventTime\":\"" + time
                + "\",\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"DescribeInstances\",\"awsRegion\":\""
                + region + "\",\"sourceIPAddress\":\"10.0.0.9\",\"userAgent\":\"cli\",\"requestParameters\":{\"n\":"
                + n + "},\"responseElements\":null,\"eventID\":\"00000000-0000-0000-0000-" + String.format("%012d", n)
                + "\",\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"123456789012\","
                + "\"eventCategory\":\"Management\"}";
    }

    @Test
    void collectsEveryRegionThroughAnAssumedRoleAndSaysWhatItSaw() {
        try (Emulator emulator = emulator()) {
            Cli.Result r = Cli.run(dir.resolve("s.duckdb"), "collect", "lookup", "--endpoint-url",
                    emulator.endpoint().toString(), "--region", "eu-west-1", "--role-arn", ROLE, "--external-id",
                    "case-4711", "--rate", "50");
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().contains("collected event history of account 123456789012: 4 regions, 130 events"
                    + " (130 new)"), r.out());
            assertTrue(r.out().contains("every region complete"), r.out());
            // the regions not enabled in one line; not "nothing was recorded there": it may have been on earlier in
            // the window, which coverage tells
            assertTrue(r.err().contains("note: 1 region is not enabled for the account now (opt-in), so its event"
                    + " history cannot be read: af-south-1; nothing is recorded in a region while it is off, and"
                    + " `trailkeeper coverage` tells one that was on in the window"), r.err());
            assertFalse(r.err().contains("coverage gap: event history af-south-1"), r.err());
            List<AssumeRoleCall> calls = emulator.assumeRoleCalls();
            assertTrue(calls.stream().anyMatch(c -> c.roleArn().equals(ROLE) && "case-4711".equals(c.externalId())),
                    calls::toString);
            Cli.Result q = Cli.run(dir.resolve("s.duckdb"), "query", "--region", "ap-southeast-2", "--format", "jsonl");
            assertEquals(65, q.out().lines().count(), q.toString());
        }
    }

    @Test
    void againReadsWhatAnEarlierRunReadOnceMoreAndStoresNothingTwice() {
        try (Emulator emulator = emulator()) {
            String[] run = {"collect", "lookup", "--endpoint-url", emulator.endpoint().toString(), "--regions",
                    "ap-southeast-2", "--rate", "50"};
            assertEquals(0, Cli.run(dir.resolve("s.duckdb"), run).code());
            Cli.Result rerun = Cli.run(dir.resolve("s.duckdb"), run);
            Cli.Result again = Cli.run(dir.resolve("s.duckdb"), concat(run, "--again", "--settle", "2h"));
            assertEquals(0, again.code(), again.toString());
            assertTrue(rerun.out().contains("2 regions, 0 events (0 new)"), rerun.out()); // only the last minutes
            assertTrue(again.out().contains("2 regions, 65 events (0 new)"), again.out());
            Cli.Result q = Cli.run(dir.resolve("s.duckdb"), "query", "--region", "ap-southeast-2", "--format", "jsonl");
            assertEquals(65, q.out().lines().count(), q.toString());
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void aDeniedRegionMakesStrictExitWithFourAndJsonSaysWhy() {
        try (Emulator emulator = emulator("eu-west-1")) {
            Cli.Result r = Cli.run(dir.resolve("s.duckdb"), "collect", "lookup", "--endpoint-url",
                    emulator.endpoint().toString(), "--rate", "50", "--strict", "--format", "json");
            assertEquals(4, r.code(), r.toString());
            assertTrue(r.out().contains("\"status\" : \"denied\""), r.out());
            assertTrue(r.out().contains("\"complete\" : false"), r.out());
        }
    }

    @Test
    void badOptionsAndAnUnreachableEndpointGetClearErrors() {
        Cli.Result noProfile = Cli.run(dir.resolve("s.duckdb"), "collect", "lookup", "--profile", "nosuch");
        assertEquals(2, noProfile.code(), noProfile.toString());
        assertTrue(noProfile.err().contains("the profile 'nosuch' is not in the AWS config"), noProfile.err());

        Cli.Result externalAlone = Cli.run(dir.resolve("s.duckdb"), "collect", "lookup", "--external-id", "x");
        assertEquals(2, externalAlone.code(), externalAlone.toString());
        assertTrue(externalAlone.err().contains("--external-id needs --role-arn"), externalAlone.err());

        Cli.Result badRegion = Cli.run(dir.resolve("s.duckdb"), "collect", "lookup", "--regions", "mars-1",
                "--endpoint-url", "http://127.0.0.1:9");
        assertTrue(badRegion.code() != 0, badRegion.toString());

        Cli.Result badSettle = Cli.run(dir.resolve("s.duckdb"), "collect", "lookup", "--settle", "half an hour",
                "--endpoint-url", "http://127.0.0.1:9");
        assertEquals(2, badSettle.code(), badSettle.toString());
        assertTrue(badSettle.err().contains("--settle half an hour is not a duration like 30s, 5m, 1h or 1d"),
                badSettle.err());

        Cli.Result down = Cli.run(dir.resolve("s.duckdb"), "collect", "lookup", "--endpoint-url", "http://127.0.0.1:9");
        assertEquals(1, down.code(), down.toString());
        assertTrue(down.err().contains("TK-302") && down.err().contains("--endpoint-url"), down.err());
    }
}
