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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deleted-trail drill: `collect lookup --since 120d` showed the 30 days older than the event history as a truncated
 * window with "546 events, 11 requests", the same as the complete window beside it: the region's counts were put on
 * every row of the region, so a window never asked for read as one that fetched everything. They are on one row now.
 */
class CollectLookupCountsOnceTest {
    private static final Instant NOW = Cli.CLOCK.instant();

    @TempDir
    Path dir;

    @Test
    void theRegionsCountsAreOnItsCompleteWindowOnly() {
        ScenarioBuilder b = Scenario.builder().account("123456789012").now(NOW).enabledRegions("us-east-1");
        for (int i = 0; i < 120; i++) {
            b.record("{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::"
                    + "123456789012:user/bob\",\"accountId\":\"123456789012\",\"userName\":\"bob\"},\"eventTime\":\""
                    + NOW.minus(Duration.ofHours(1L + i)) + "\",\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":"
                    + "\"DescribeInstances\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"10.0.0.9\",\"userAgent\":"
                    + "\"cli\",\"requestParameters\":null,\"responseElements\":null,\"eventID\":\"00000000-0000-0000-"
                    + "0000-" + String.format("%012d", i) + "\",\"eventType\":\"AwsApiCall\",\"managementEvent\":true,"
                    + "\"recipientAccountId\":\"123456789012\",\"eventCategory\":\"Management\"}");
        }
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(b.build()).lookupRatePerSecond(50).build())) {
            Cli.Result r = Cli.run(dir.resolve("s.duckdb"), "collect", "lookup", "--endpoint-url",
                    emulator.endpoint().toString(), "--rate", "50", "--since", "120d", "--format", "csv");
            List<String> rows = r.out().lines().filter(l -> l.startsWith("us-east-1,")).toList();
            assertEquals(2, rows.size(), r.toString());
            String truncated = rows.stream().filter(l -> l.startsWith("us-east-1,truncated,")).findFirst()
                    .orElseThrow(() -> new AssertionError(r.out()));
            String complete = rows.stream().filter(l -> l.startsWith("us-east-1,complete,")).findFirst()
                    .orElseThrow(() -> new AssertionError(r.out()));
            assertEquals(List.of("", "", ""), List.of(truncated.split(",", -1)).subList(4, 7), truncated);
            assertEquals(List.of("120", "3", "0"), List.of(complete.split(",", -1)).subList(4, 7), complete);
            assertTrue(r.err().contains("older events exist only in a trail's files"), r.err());
            // one region collected is not "1 regions"
            assertTrue(r.out().contains("collected event history of account 123456789012: 1 region, 120 events"),
                    r.out());
        }
    }
}
