package io.trailkeeper.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailException;

/** Injected faults, as the SDK client sees them: 5xx errors, connection resets, slow answers. */
class FaultsTest {
    private static final Instant NOW = Instant.parse("2026-11-20T00:00:00Z");
    private static final Scenario SCENARIO = Scenario.builder().now(NOW)
            .record(TestRecord.event(NOW.minusSeconds(60), "us-west-2", 1).json()).build();

    @Test
    void serverErrorsAre500InternalFailureOr503ServiceUnavailable() {
        Faults faults = Faults.none().withServerErrorShare(1.0).withSeed(7);
        try (Emulator emulator = start(faults); CloudTrailClient west = SdkClients.cloudTrail(emulator, "us-west-2")) {
            Set<Integer> statuses = new java.util.TreeSet<>();
            for (int i = 0; i < 12; i++) {
                CloudTrailException e = assertThrows(CloudTrailException.class, () -> west.lookupEvents(r -> { }));
                statuses.add(e.statusCode());
                assertEquals(e.statusCode() == 500 ? "InternalFailure" : "ServiceUnavailable",
                        e.awsErrorDetails().errorCode());
            }
            assertEquals(Set.of(500, 503), statuses);
            assertEquals(12, emulator.counters().faults(Faults.Kind.SERVER_ERROR));
            assertEquals(0, west.describeTrails(r -> { }).trailList().size(), "faults apply to LookupEvents only");
        }
    }

    @Test
    void aResetReachesTheClientAsAnIoErrorWithoutAnyResponse() {
        try (Emulator emulator = start(Faults.none().withResetShare(1.0));
             CloudTrailClient west = SdkClients.cloudTrail(emulator, "us-west-2")) {
            SdkClientException e = assertThrows(SdkClientException.class, () -> west.lookupEvents(r -> { }));
            assertInstanceOf(IOException.class, rootCause(e), e.toString());
            assertEquals(1, emulator.counters().faults(Faults.Kind.RESET));
            assertEquals(1, emulator.counters().requests("us-west-2", "LookupEvents"), "no silent retry by the client");
        }
    }

    @Test
    void sharesAreMetAndTheSameSeedGivesTheSameFaults() {
        Faults faults = Faults.none().withServerErrorShare(0.25).withResetShare(0.25).withSeed(42);
        List<String> first = outcomes(faults, 60);
        List<String> second = outcomes(faults, 60);
        assertEquals(first, second);
        long errors = first.stream().filter(o -> o.startsWith("5")).count();
        long resets = first.stream().filter("reset"::equals).count();
        assertTrue(errors >= 6 && errors <= 25, "server errors: " + errors);
        assertTrue(resets >= 6 && resets <= 25, "resets: " + resets);
        assertTrue(first.contains("ok"));
    }

    private static List<String> outcomes(Faults faults, int calls) {
        List<String> outcomes = new ArrayList<>();
        try (Emulator emulator = start(faults); CloudTrailClient west = SdkClients.cloudTrail(emulator, "us-west-2")) {
            for (int i = 0; i < calls; i++) {
                try {
                    west.lookupEvents(r -> { });
                    outcomes.add("ok");
                } catch (CloudTrailException e) {
                    outcomes.add(String.valueOf(e.statusCode()));
                } catch (SdkClientException e) {
                    outcomes.add("reset");
                }
            }
            assertEquals(outcomes.stream().filter(o -> o.startsWith("5")).count(),
                    emulator.counters().faults(Faults.Kind.SERVER_ERROR), "every injected error reached the client");
            assertEquals(outcomes.stream().filter("reset"::equals).count(), emulator.counters().faults(Faults.Kind.RESET),
                    "every reset reached the client, once");
        }
        return outcomes;
    }

    @Test
    void slowAnswersAreDelayedAndFaultsCanCoverEveryCallAndChangeWhileRunning() {
        try (Emulator emulator = start(Faults.none()); CloudTrailClient west = SdkClients.cloudTrail(emulator, "us-west-2")) {
            west.describeTrails(r -> { });
            emulator.faults(Faults.none().withSlowAnswers(1.0, Duration.ofMillis(300)).withScope(Faults.Scope.ALL_CALLS));
            long start = System.nanoTime();
            west.describeTrails(r -> { });
            assertTrue(System.nanoTime() - start >= 300_000_000L, "a slow answer waits");
            assertEquals(1, emulator.counters().faults(Faults.Kind.SLOW));
            emulator.faults(Faults.none());
            assertEquals(1, west.lookupEvents(r -> { }).events().size());
        }
    }

    @Test
    void sharesAddingUpToMoreThanOneAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Faults.none().withServerErrorShare(0.6).withResetShare(0.6));
        assertThrows(IllegalArgumentException.class, () -> Faults.none().withResetShare(-0.1));
    }

    private static Emulator start(Faults faults) {
        return Emulator.start(EmulatorConfig.builder(SCENARIO).lookupRatePerSecond(0).faults(faults).build());
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
