package io.trailkeeper.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.aws.s3.MemoryCollectSink;
import io.trailkeeper.emulator.Emulator;
import io.trailkeeper.emulator.EmulatorConfig;
import io.trailkeeper.emulator.Scenario;
import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.events.Coverage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A period of a region's event history refused for longer than {@link UnreadWindows#MAX_REFUSED_IN_A_ROW} days in
 * a row: the older days are not asked, and the coverage entry says which days were refused, which were not asked,
 * and the command that reads exactly those (which, once the refusal is lifted, reads them).
 */
class RefusedPeriodTest {
    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    /** A policy denies the responder 30 days of us-east-1's history, the oldest of them 2026-10-01. */
    private static final Instant REFUSED_FROM = Instant.parse("2026-10-01T00:00:00Z");
    private static final Instant REFUSED_TO = Instant.parse("2026-10-30T12:00:00Z");
    /** A call older than the refused period, on a day the run does not ask once it stops. */
    private static final String OLDER = Records.call(Instant.parse("2026-09-10T09:00:00Z"), "us-east-1",
            "iam.amazonaws.com", "CreateUser", "{\"userName\":\"backdoor\"}", "203.0.113.66");

    @Test
    void theDaysNotAskedAfterTenRefusedAreNamedWithTheCommandThatReadsThem() {
        Scenario scenario = Scenario.builder().account(Records.ACCOUNT).now(NOW).enabledRegions("us-east-1")
                .record(OLDER).build();
        MemoryCollectSink refused = new MemoryCollectSink();
        List<Coverage> coverage;
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(scenario).lookupRatePerSecond(0)
                .refuseLookupWindow("us-east-1", REFUSED_FROM, REFUSED_TO).build())) {
            coverage = collect(emulator, refused, null, null);
        }
        Coverage gap = coverage.stream().filter(c -> !c.complete()).findFirst().orElseThrow();
        assertEquals(1, coverage.stream().filter(c -> !c.complete()).count(), coverage::toString);
        Instant historyStart = NOW.minus(LookupCollector.HISTORY);
        assertEquals(historyStart, gap.from(), "from the oldest day not asked");
        assertEquals(Instant.parse("2026-10-30T23:59:59Z"), gap.to(), "to the newest day refused");
        String command = "trailkeeper collect lookup --regions us-east-1 --since " + historyStart
                + " --until 2026-10-20T23:59:59Z";
        assertTrue(gap.reason().endsWith("; asked day by day, 10 days in a row were refused (2026-10-21..2026-10-30),"
                + " so the older days, 2026-08-22..2026-10-20, were not asked: once the refusal is lifted, `"
                + command + "` reads them"), gap.reason());
        assertEquals(0, refused.events().size(), "the older call was not asked for");

        // the refusal lifted, the command named reads the days not asked, the older call among them
        Matcher m = Pattern.compile("--since (\\S+) --until (\\S+)`").matcher(gap.reason());
        assertTrue(m.find(), gap.reason());
        MemoryCollectSink later = new MemoryCollectSink();
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(scenario).lookupRatePerSecond(0).build())) {
            List<Coverage> read = collect(emulator, later, Instant.parse(m.group(1)), Instant.parse(m.group(2)));
            assertTrue(read.stream().allMatch(Coverage::complete), read::toString);
        }
        assertEquals(List.of("CreateUser"), later.events().stream().map(CloudTrailEvent::eventName).toList());
    }

    private static List<Coverage> collect(Emulator emulator, MemoryCollectSink sink, Instant since, Instant until) {
        try (AwsClients clients = new AwsClients(AwsOptions.defaults().withRegion("us-east-1")
                .withEndpoint(emulator.endpoint()))) {
            List<RegionInfo> regions = Regions.select(Regions.discover(clients), List.of("us-east-1"));
            return new LookupCollector(clients, sink, LookupCollector.Options.defaults().withRate(100)
                    .withRetries(60, 20, Duration.ofMillis(400)), new LookupCollector.Listener() { }, CLOCK)
                    .collect(new LookupCollector.Request(Records.ACCOUNT, regions, since, until, false)).regions()
                    .get(0).coverage();
        }
    }
}
