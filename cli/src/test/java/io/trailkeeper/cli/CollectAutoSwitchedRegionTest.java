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
 * collect auto planned only the enabled regions, so it recorded nothing of a region that is not enabled now, and
 * coverage, which tells a region switched off inside the window from the collector's "not enabled" entry and the
 * stored EnableRegion/DisableRegion calls, said nothing of it: after an intruder enabled me-south-1, worked there and
 * disabled it again, the responder who ran collect auto was told of no gap, though its note pointed at coverage.
 */
class CollectAutoSwitchedRegionTest {
    private static final Instant NOW = Cli.CLOCK.instant();

    @TempDir
    Path dir;

    private static String switched(String call, Instant time) {
        return "{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":"
                + "\"AROA4OPSADMINROLE001:maint\",\"arn\":\"arn:aws:sts::123456789012:assumed-role/ops-admin/maint\","
                + "\"accountId\":\"123456789012\",\"accessKeyId\":\"ASIA4ATTACKSESSION01\"},\"eventTime\":\"" + time
                + "\",\"eventSource\":\"account.amazonaws.com\",\"eventName\":\"" + call + "\",\"awsRegion\":"
                + "\"us-east-1\",\"sourceIPAddress\":\"45.142.120.9\",\"userAgent\":\"aws-cli/2.15.0\","
                + "\"requestParameters\":{\"RegionName\":\"me-south-1\"},\"responseElements\":null,\"eventID\":\""
                + (call.equals("EnableRegion") ? "e" : "d") + "0000000-0000-4000-8000-000000000001\",\"readOnly\":false,"
                + "\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"123456789012\","
                + "\"eventCategory\":\"Management\"}";
    }

    @Test
    void aRegionSwitchedOffAgainIsAGapAfterCollectAuto() {
        Scenario scenario = Scenario.builder().account("123456789012").now(NOW).enabledRegions("us-east-1")
                .notEnabledRegions("me-south-1")
                .record(switched("EnableRegion", NOW.minus(Duration.ofDays(3))))
                .record(switched("DisableRegion", NOW.minus(Duration.ofDays(1))))
                .build();
        Path store = dir.resolve("s.duckdb");
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(scenario).lookupRatePerSecond(50).build())) {
            Cli.Result r = Cli.run(store, "collect", "auto", "--endpoint-url", emulator.endpoint().toString(),
                    "--region", "us-east-1", "--rate", "50");
            assertEquals(0, r.code(), r.toString());
        }
        Cli.Result coverage = Cli.run(store, "coverage");
        String said = coverage.out() + coverage.err();
        assertTrue(said.contains("me-south-1 is not enabled now") && said.contains("but was on in this window"),
                said);
    }
}
