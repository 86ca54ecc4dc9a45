package io.trailkeeper.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.emulator.Emulator;
import io.trailkeeper.emulator.EmulatorConfig;
import io.trailkeeper.emulator.MovingClock;
import io.trailkeeper.emulator.Scenario;
import io.trailkeeper.emulator.ScenarioBuilder;
import io.trailkeeper.store.CollectWriter;
import io.trailkeeper.store.EventStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Repeated collect lookup runs while CloudTrail's event history shows events late: an event that appears after a run
 * read past its eventTime is collected by a later run, once, as long as it appears within the overlap each run reads
 * again ({@link LookupCollector#SETTLING}, or the settling time asked for); one shown later still is collected by a run
 * that reads the window again ({@code --again}).
 */
class LateLookupEventsTest {
    private static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");

    @TempDir
    Path dir;

    private static String id(String record) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"eventID\":\"([^\"]+)\"").matcher(record);
        assertTrue(m.find(), record);
        return m.group(1);
    }

    @Test
    void anEventAppearingTwentyFiveMinutesLateIsCollectedByTheNextRunOnce() {
        String onTime = Records.background(T0.minus(Duration.ofHours(1)), "eu-west-1", 1);
        // happened 20 minutes before the first run, shown by the history only 5 minutes after it
        String late = stopLogging(Duration.ofMinutes(20));
        MovingClock clock = new MovingClock(T0);
        try (Emulator emulator = emulator(clock, late, Duration.ofMinutes(25), onTime)) {
            assertEquals(1, collect(emulator, clock), "the late event is not in the history yet");
            clock.set(T0.plus(Duration.ofMinutes(10)));
            assertEquals(1, collect(emulator, clock), "the late event, read again in the overlap");
            clock.set(T0.plus(Duration.ofMinutes(20)));
            assertEquals(0, collect(emulator, clock), "read again, stored once");
        }
        assertEquals(List.of("StopLogging"), strings("SELECT event_name FROM events WHERE event_id = '" + id(late)
                + "'"));
        assertEquals(List.of("2"), strings("SELECT count(*) FROM events"));
    }

    @Test
    void anEventShownLaterThanTheSettlingTimeIsCollectedByALongerSettlingOrByReadingAgain() {
        String late = stopLogging(Duration.ofMinutes(40));
        MovingClock clock = new MovingClock(T0);
        // happened 40 minutes before the first run (which claims up to 30 minutes before it), shown 70 minutes after
        try (Emulator emulator = emulator(clock, late, Duration.ofMinutes(70))) {
            LookupCollector.Options defaults = LookupCollector.Options.defaults().withRate(100);
            assertEquals(0, collect(emulator, clock, defaults), "not in the history yet");
            clock.set(T0.plus(Duration.ofMinutes(55)));
            assertEquals(0, collect(emulator, clock, defaults), "shown after the 30 minutes read again: missed");
            assertEquals(1, collect(emulator, clock, defaults.withAgain(true)), "read again: collected");
            assertEquals(0, collect(emulator, clock, defaults.withAgain(true)), "read again, stored once");
        }
        assertEquals(List.of("1"), strings("SELECT count(*) FROM events"));
    }

    @Test
    void aLongerSettlingTimeReadsALateEventInTheNextRun() {
        MovingClock clock = new MovingClock(T0);
        try (Emulator emulator = emulator(clock, stopLogging(Duration.ofMinutes(40)), Duration.ofMinutes(70))) {
            LookupCollector.Options twoHours = LookupCollector.Options.defaults().withRate(100)
                    .withSettling(Duration.ofHours(2));
            assertEquals(0, collect(emulator, clock, twoHours), "not in the history yet");
            clock.set(T0.plus(Duration.ofMinutes(55)));
            assertEquals(1, collect(emulator, clock, twoHours), "within the two hours read again");
        }
    }

    /** A StopLogging in eu-west-1 that happened {@code before} T0. */
    private static String stopLogging(Duration before) {
        return Records.call(T0.minus(before), "eu-west-1", "cloudtrail.amazonaws.com", "StopLogging",
                "{\"name\":\"main\"}", "203.0.113.66");
    }

    /** The account's event history at the clock's time: {@code others}, and {@code late} shown {@code delay} late. */
    private static Emulator emulator(MovingClock clock, String late, Duration delay, String... others) {
        ScenarioBuilder b = Scenario.builder().account(Records.ACCOUNT).now(T0).enabledRegions("eu-west-1");
        for (String record : others) {
            b.record(record);
        }
        b.record(late);
        return Emulator.start(EmulatorConfig.builder(b.build()).clock(clock).lookupRatePerSecond(0)
                .lookupDelay(id(late), delay).build());
    }

    private long collect(Emulator emulator, Clock clock) {
        return collect(emulator, clock, LookupCollector.Options.defaults().withRate(100));
    }

    /** One run of collect lookup at the clock's time; the events it stored that the store did not hold. */
    private long collect(Emulator emulator, Clock clock, LookupCollector.Options options) {
        AwsOptions aws = AwsOptions.defaults().withRegion("eu-west-1").withEndpoint(emulator.endpoint());
        try (AwsClients clients = new AwsClients(aws);
             CollectWriter writer = new CollectWriter(dir.resolve("store.duckdb"),
                     EventStore.StoreOptions.defaults().withClock(clock), "collect lookup",
                     new CollectWriter.Options(Duration.ofMillis(200), 5_000, 50_000))) {
            List<RegionInfo> regions = Regions.select(Regions.discover(clients), List.of("all"));
            new LookupCollector(clients, writer, options, new LookupCollector.Listener() { }, clock)
                    .collect(new LookupCollector.Request(Records.ACCOUNT, regions, null, null, false));
            writer.flush();
            return writer.totals().newEvents();
        }
    }

    private List<String> strings(String sql) {
        return StoreRows.firstColumn(dir.resolve("store.duckdb"), sql);
    }
}
