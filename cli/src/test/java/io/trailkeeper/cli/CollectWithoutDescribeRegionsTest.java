package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.emulator.Emulator;
import io.trailkeeper.emulator.EmulatorConfig;
import io.trailkeeper.emulator.Scenario;
import io.trailkeeper.emulator.ScenarioBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code collect lookup} against a CloudTrail endpoint that serves no EC2 (a CloudTrail-only server or proxy:
 * DescribeRegions answers InvalidAction). It ended with 'listing regions (ec2:DescribeRegions) failed' and collected
 * nothing, even with the regions named; it now collects from the SDK's list of regions, and says why and what it
 * assumed, on stderr and in the JSON; {@code collect auto} likewise, among its JSON notes,
 * and {@code watch --from lookup} on stderr.
 */
class CollectWithoutDescribeRegionsTest {
    private static final Instant NOW = Cli.CLOCK.instant();

    @TempDir
    Path dir;

    /** Bob's 30 DescribeInstances calls in Ireland's event history. */
    private static Scenario account() {
        ScenarioBuilder b = Scenario.builder().account("123456789012").now(NOW);
        for (int i = 0; i < 30; i++) {
            b.record("{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::"
                    + "123456789012:user/bob\",\"accountId\":\"123456789012\",\"userName\":\"bob\"},\"eventTime\":\""
                    + NOW.minus(Duration.ofHours(2 + i)) + "\",\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":"
                    + "\"DescribeInstances\",\"awsRegion\":\"eu-west-1\",\"sourceIPAddress\":\"10.0.0.9\",\"userAgent\":"
                    + "\"cli\",\"requestParameters\":null,\"responseElements\":null,\"eventID\":\"00000000-0000-0000-"
                    + "0000-" + String.format("%012d", i) + "\",\"eventType\":\"AwsApiCall\",\"managementEvent\":true,"
                    + "\"recipientAccountId\":\"123456789012\",\"eventCategory\":\"Management\"}");
        }
        return b.build();
    }

    @Test
    void regionsAreTakenFromTheSdkAndTheNoteSaysWhy() {
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(account()).lookupRatePerSecond(50)
                .unserved("ec2").build())) {
            Cli.Result r = Cli.run(dir.resolve("s.duckdb"), "collect", "lookup", "--endpoint-url",
                    emulator.endpoint().toString(), "--region", "eu-west-1", "--regions", "eu-west-1", "--rate", "50",
                    "--format", "json");
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.err().contains("note: ec2:DescribeRegions could not be used (InvalidAction: "), r.err());
            assertTrue(r.out().contains("\"events\" : 30") && r.out().contains("\"complete\" : true"), r.out());
            assertTrue(r.out().contains("\"regions_note\" : \"ec2:DescribeRegions could not be used"), r.out());
        }
    }

    @Test
    void collectAutoKeepsTheNoteAmongItsJsonNotes() {
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(account()).lookupRatePerSecond(50)
                .unserved("ec2").build())) {
            Cli.Result r = Cli.run(dir.resolve("auto.duckdb"), "collect", "auto", "--endpoint-url",
                    emulator.endpoint().toString(), "--region", "eu-west-1", "--rate", "50", "--format", "json");
            assertTrue(r.err().contains("auto: ec2:DescribeRegions could not be used (InvalidAction: "), r.err());
            assertTrue(r.out().contains("\"notes\" : [ \"ec2:DescribeRegions could not be used (InvalidAction: "),
                    r.out());
        }
    }

    @Test
    void watchFromLookupSaysSoOnStderr() {
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(account()).lookupRatePerSecond(50)
                .unserved("ec2").build())) {
            Cli.Result r = Cli.run(dir.resolve("watch.duckdb"), "watch", "--from", "lookup", "--once",
                    "--endpoint-url", emulator.endpoint().toString(), "--region", "eu-west-1", "--rate", "50",
                    "--alert", "stdout");
            assertTrue(r.err().contains("lookup: ec2:DescribeRegions could not be used (InvalidAction: "),
                    r.toString());
        }
    }
}
