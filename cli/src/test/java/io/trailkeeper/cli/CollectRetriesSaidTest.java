package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.emulator.Emulator;
import io.trailkeeper.emulator.EmulatorConfig;
import io.trailkeeper.emulator.Faults;
import io.trailkeeper.emulator.Scenario;
import io.trailkeeper.emulator.ScenarioBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * collect lookup's closing line counted the throttled requests it sent again, and no other: in a drill with server
 * errors and dropped connections injected, 84 requests fetched 56 pages and the line said "0 throttled and retried",
 * as if every request had been answered the first time. The failures sent again are counted apart now.
 */
class CollectRetriesSaidTest {
    private static final Instant NOW = Cli.CLOCK.instant();

    @TempDir
    Path dir;

    @Test
    void serverErrorsAndDroppedConnectionsSentAgainAreCounted() {
        ScenarioBuilder b = Scenario.builder().account("123456789012").now(NOW).enabledRegions("us-east-1", "eu-west-1");
        for (int i = 0; i < 300; i++) {
            b.record("{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::"
                    + "123456789012:user/bob\",\"accountId\":\"123456789012\",\"userName\":\"bob\"},\"eventTime\":\""
                    + NOW.minus(Duration.ofMinutes(40L + i)) + "\",\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":"
                    + "\"DescribeInstances\",\"awsRegion\":\"eu-west-1\",\"sourceIPAddress\":\"10.0.0.9\",\"userAgent\":"
                    + "\"cli\",\"requestParameters\":null,\"responseElements\":null,\"eventID\":\"00000000-0000-0000-"
                    + "0000-" + String.format("%012d", i) + "\",\"eventType\":\"AwsApiCall\",\"managementEvent\":true,"
                    + "\"recipientAccountId\":\"123456789012\",\"eventCategory\":\"Management\"}");
        }
        Faults faults = Faults.none().withServerErrorShare(0.3).withResetShare(0.1)
                .withScope(Faults.Scope.LOOKUP_EVENTS).withSeed(42);
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(b.build()).lookupRatePerSecond(50)
                .faults(faults).build())) {
            Cli.Result r = Cli.run(dir.resolve("s.duckdb"), "collect", "lookup", "--endpoint-url",
                    emulator.endpoint().toString(), "--rate", "50");
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().contains("300 events (300 new)") && r.out().contains("every region complete"), r.out());
            Matcher m = Pattern.compile("([\\d,]+) requests, ([\\d,]+) throttled and retried, ([\\d,]+) failed \\(server"
                    + " errors, dropped connections\\) and retried").matcher(r.out());
            assertTrue(m.find(), r.out());
            long requests = Long.parseLong(m.group(1).replace(",", ""));
            long failed = Long.parseLong(m.group(3).replace(",", ""));
            // 300 events in one region are 6 pages, and an empty answer for the other: 7 requests answered
            assertTrue(failed > 0 && requests == 7 + failed + Long.parseLong(m.group(2).replace(",", "")),
                    r.out());
        }
    }
}
