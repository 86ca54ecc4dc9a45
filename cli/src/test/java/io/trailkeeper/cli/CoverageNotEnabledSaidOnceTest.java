package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.emulator.Emulator;
import io.trailkeeper.emulator.EmulatorConfig;
import io.trailkeeper.emulator.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deleted-trail drill with two opt-in regions not enabled: `coverage --since` a day older than the event history
 * told their gap as "... nothing is recorded there while it is off; enable the region for the account if it should
 * be collected; nothing is recorded there while it is off.", the collector's reason and the gap's fix saying the same
 * clause twice. It is said once.
 */
class CoverageNotEnabledSaidOnceTest {
    private static final Instant NOW = Cli.CLOCK.instant();

    @TempDir
    Path dir;

    @Test
    void aRegionNotEnabledIsToldInOneSentenceWithoutRepeatingItself() {
        Scenario scenario = Scenario.builder().account("123456789012").now(NOW).enabledRegions("us-east-1")
                .notEnabledRegions("af-south-1", "me-south-1")
                .record("{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::"
                        + "123456789012:user/bob\",\"accountId\":\"123456789012\",\"userName\":\"bob\"},\"eventTime\":\""
                        + NOW.minus(Duration.ofDays(3)) + "\",\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":"
                        + "\"DescribeInstances\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"10.0.0.9\",\"userAgent\":"
                        + "\"cli\",\"requestParameters\":null,\"responseElements\":null,\"eventID\":\"00000000-0000-0000-"
                        + "0000-000000000001\",\"eventType\":\"AwsApiCall\",\"managementEvent\":true,"
                        + "\"recipientAccountId\":\"123456789012\",\"eventCategory\":\"Management\"}")
                .build();
        Path store = dir.resolve("s.duckdb");
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(scenario).lookupRatePerSecond(50).build())) {
            Cli.Result collect = Cli.run(store, "collect", "lookup", "--endpoint-url", emulator.endpoint().toString(),
                    "--rate", "50");
            assertEquals(0, collect.code(), collect.toString());
        }
        Cli.Result r = Cli.run(store, "coverage", "--since", NOW.minus(Duration.ofDays(150)).toString());
        String text = r.out().replaceAll("\\s+", " ");
        int gap = text.indexOf("af-south-1 and me-south-1 are not enabled for the account");
        assertTrue(gap >= 0, r.out());
        String sentence = text.substring(gap, text.indexOf(". ", gap) + 1);
        assertEquals(1, sentence.split("while it is off", -1).length - 1, sentence);
        assertTrue(sentence.contains("enable the region for the account if it should be collected"), sentence);
    }
}
