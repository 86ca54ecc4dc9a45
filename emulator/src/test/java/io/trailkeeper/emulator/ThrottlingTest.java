package io.trailkeeper.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.ThrottlingException;

/** LookupEvents' 2 calls per second per region, shared by all callers, with other regions unaffected. */
class ThrottlingTest {
    private static final Instant NOW = Instant.parse("2026-11-20T00:00:00Z");

    @Test
    void aThirdQuickCallInOneRegionIsThrottledWhileOtherRegionsAreNot() throws Exception {
        Scenario scenario = Scenario.builder().now(NOW)
                .record(TestRecord.event(NOW.minusSeconds(60), "us-west-2", 1).json()).build();
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(scenario));
             CloudTrailClient west = SdkClients.cloudTrail(emulator, "us-west-2");
             CloudTrailClient otherCallerWest = SdkClients.cloudTrail(emulator, "us-west-2",
                     StaticCredentialsProvider.create(AwsBasicCredentials.create("other", "other")));
             CloudTrailClient east = SdkClients.cloudTrail(emulator, "us-east-1");
             CloudTrailClient ireland = SdkClients.cloudTrail(emulator, "eu-west-1")) {
            assertEquals(2.0, emulator.lookupRatePerSecond());
            // a client's first call loads classes for a while; it must not stand between the quick calls, which
            // have to come within the 500 ms a token takes to grow back (DescribeTrails is not throttled)
            ireland.lookupEvents(r -> { });
            west.describeTrails(r -> { });
            otherCallerWest.describeTrails(r -> { });

            west.lookupEvents(r -> { });
            otherCallerWest.lookupEvents(r -> { });
            // the limit is the region's, whoever calls: the third call is one too many
            ThrottlingException e = assertThrows(ThrottlingException.class, () -> west.lookupEvents(r -> { }));
            assertEquals(400, e.statusCode());
            assertEquals("ThrottlingException", e.awsErrorDetails().errorCode());
            assertEquals("Rate exceeded", e.awsErrorDetails().errorMessage());

            east.lookupEvents(r -> { });
            east.lookupEvents(r -> { });

            assertEquals(1, emulator.counters().throttled("us-west-2"));
            assertEquals(0, emulator.counters().throttled("us-east-1"));
            assertEquals(3, emulator.counters().requests("us-west-2", "LookupEvents"));

            // a caller that waits for the refill (one call every 500 ms) is served again
            Thread.sleep(600);
            assertEquals(1, west.lookupEvents(r -> { }).events().size());
        }
    }

    @Test
    void theOtherCloudTrailCallsAreNotThrottled() {
        Scenario scenario = Scenario.builder().now(NOW).build();
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(scenario));
             CloudTrailClient west = SdkClients.cloudTrail(emulator, "us-west-2")) {
            for (int i = 0; i < 10; i++) {
                west.describeTrails(r -> { });
            }
            assertEquals(0, emulator.counters().throttled());
        }
    }

    @Test
    void theRateCanBeChangedWhileRunning() {
        Scenario scenario = Scenario.builder().now(NOW).lookupRatePerSecond(1).build();
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(scenario));
             CloudTrailClient west = SdkClients.cloudTrail(emulator, "us-west-2")) {
            assertEquals(1.0, emulator.lookupRatePerSecond(), "the scenario's rate");
            west.lookupEvents(r -> { });
            assertThrows(ThrottlingException.class, () -> west.lookupEvents(r -> { }));
            emulator.lookupRatePerSecond(0);
            for (int i = 0; i < 20; i++) {
                west.lookupEvents(r -> { });
            }
            assertEquals(1, emulator.counters().throttled());
        }
    }
}
