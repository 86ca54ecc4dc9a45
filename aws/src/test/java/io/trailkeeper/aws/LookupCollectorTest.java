package io.trailkeeper.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.aws.s3.MemoryCollectSink;
import io.trailkeeper.emulator.Emulator;
import io.trailkeeper.emulator.EmulatorConfig;
import io.trailkeeper.emulator.Faults;
import io.trailkeeper.emulator.LookupPaging;
import io.trailkeeper.emulator.Scenario;
import io.trailkeeper.emulator.ScenarioBuilder;
import io.trailkeeper.events.CollectedBatch;
import io.trailkeeper.events.Coverage;
import io.trailkeeper.store.CollectWriter;
import io.trailkeeper.store.EventStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** collect lookup against the emulator, into a real store: every region, every page, nothing lost. */
class LookupCollectorTest {
    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final List<String> ENABLED = List.of("ap-northeast-1", "ap-southeast-2", "eu-west-1", "us-east-1",
            "us-west-2");

    @TempDir
    Path dir;

    /** The incident of DESIGN.md's third failure, split across regions, and background in the bucket's region. */
    static ScenarioBuilder incident() {
        ScenarioBuilder b = Scenario.builder().account(Records.ACCOUNT).now(NOW)
                .enabledRegions(ENABLED).notEnabledRegions("af-south-1", "me-south-1");
        Instant t = NOW.minus(Duration.ofDays(3));
        b.record(Records.call(t, "ap-southeast-2", "signin.amazonaws.com", "ConsoleLogin", "null", "203.0.113.66"));
        b.record(Records.call(t.plusSeconds(60), "us-east-1", "iam.amazonaws.com", "CreateAccessKey",
                "{\"userName\":\"mallory\"}", "203.0.113.66"));
        b.record(Records.call(t.plusSeconds(120), "us-west-2", "s3.amazonaws.com", "DeleteBucket",
                "{\"bucketName\":\"tokyo-customer-data\",\"Host\":\"tokyo-customer-data.s3.ap-northeast-1.amazonaws.com\"}",
                "203.0.113.66"));
        for (int i = 0; i < 120; i++) {
            b.record(Records.background(NOW.minus(Duration.ofHours(i)), "ap-northeast-1", i));
        }
        return b;
    }

    private Summary collect(Emulator emulator, List<String> regions, LookupCollector.Options options) {
        return collect(emulator, regions, options, null, null);
    }

    record Summary(LookupCollector.Summary summary, long newEvents) {
    }

    private Summary collect(Emulator emulator, List<String> regions, LookupCollector.Options options, Instant since,
                            Instant until) {
        return collect(emulator, regions, options, since, until, new LookupCollector.Listener() { });
    }

    private Summary collect(Emulator emulator, List<String> regions, LookupCollector.Options options, Instant since,
                            Instant until, LookupCollector.Listener listener) {
        AwsOptions aws = AwsOptions.defaults().withRegion("us-east-1").withEndpoint(emulator.endpoint());
        try (AwsClients clients = new AwsClients(aws);
             CollectWriter writer = new CollectWriter(dir.resolve("store.duckdb"),
                     EventStore.StoreOptions.defaults().withClock(CLOCK), "collect lookup",
                     new CollectWriter.Options(Duration.ofMillis(200), 5_000, 50_000))) {
            CallerIdentity who = CallerIdentity.of(clients);
            List<RegionInfo> chosen = Regions.select(Regions.discover(clients), regions);
            LookupCollector.Summary s = new LookupCollector(clients, writer, options, listener, CLOCK)
                    .collect(new LookupCollector.Request(who.account(), chosen, since, until, false));
            writer.flush();
            return new Summary(s, writer.totals().newEvents());
        }
    }

    private List<String> strings(String sql) {
        return StoreRows.firstColumn(dir.resolve("store.duckdb"), sql);
    }

    private static LookupCollector.Options fast() {
        return LookupCollector.Options.defaults().withRetries(60, 20, Duration.ofMillis(400));
    }

    @Test
    void anIncidentSplitAcrossRegionsIsCollectedWhole() {
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(incident().build())
                .lookupRatePerSecond(50).build())) {
            Summary s = collect(emulator, List.of("all"), fast().withRate(50));
            assertTrue(s.summary().complete(), () -> "coverage: " + s.summary().regions());
            assertEquals(123, s.newEvents());
            assertEquals(List.of("ap-southeast-2 ConsoleLogin", "us-east-1 CreateAccessKey", "us-west-2 DeleteBucket"),
                    strings("SELECT aws_region || ' ' || event_name FROM events WHERE source_ip = '203.0.113.66'"
                            + " ORDER BY event_time"));
            assertEquals(List.of("lookup-events"), strings("SELECT DISTINCT source_kind FROM events"));
            // the opt-in regions the account never enabled are reported, not dropped
            assertEquals(List.of("af-south-1 not-enabled", "me-south-1 not-enabled"),
                    strings("SELECT region || ' ' || status FROM coverage WHERE status <> 'complete' ORDER BY 1"));
        }
    }

    @Test
    void collectingTheBucketsRegionAloneVisiblyMissesTheRest() {
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(incident().build())
                .lookupRatePerSecond(50).build())) {
            Summary s = collect(emulator, List.of("ap-northeast-1"), fast().withRate(50));
            // us-east-1 comes along (global services record there); the sign-in and the deletion do not
            assertEquals(List.of("ap-northeast-1", "us-east-1"),
                    s.summary().regions().stream().map(LookupCollector.RegionResult::region).sorted().toList());
            assertEquals(List.of("CreateAccessKey"),
                    strings("SELECT event_name FROM events WHERE source_ip = '203.0.113.66'"));
        }
    }

    @Test
    void manyPagesNewestFirstAndTheNinetyDayEdge() {
        ScenarioBuilder b = Scenario.builder().account(Records.ACCOUNT).now(NOW).enabledRegions("eu-west-1", "us-east-1");
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 1_234; i++) {
            Instant t = NOW.minus(Duration.ofMinutes(100L * i)); // back about 85 days
            String r = Records.background(t, "eu-west-1", i);
            b.record(r);
            expected.add(id(r));
        }
        b.record(Records.background(NOW.minus(Duration.ofDays(91)), "eu-west-1", -1)); // beyond event history
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(b.build()).lookupRatePerSecond(100).build())) {
            Summary s = collect(emulator, List.of("eu-west-1"), fast().withRate(100), NOW.minus(Duration.ofDays(120)),
                    null);
            assertEquals(expected, new HashSet<>(strings("SELECT event_id FROM events")));
            LookupCollector.RegionResult eu = s.summary().regions().stream()
                    .filter(r -> r.region().equals("eu-west-1")).findFirst().orElseThrow();
            assertEquals(25, eu.counts().pages(), "1,234 events in pages of 50");
            // asking for 120 days says plainly that the first 30 are beyond event history
            assertTrue(eu.coverage().stream().anyMatch(c -> c.status() == Coverage.Status.TRUNCATED
                    && c.to().isBefore(NOW.minus(Duration.ofDays(90)))), () -> eu.coverage().toString());
        }
    }

    @Test
    void throttlingStormsServerErrorsAndResetsLoseNothing() {
        ScenarioBuilder b = Scenario.builder().account(Records.ACCOUNT).now(NOW)
                .enabledRegions("eu-west-1", "us-east-1", "us-west-2");
        Set<String> expected = new HashSet<>();
        for (String region : List.of("eu-west-1", "us-east-1", "us-west-2")) {
            for (int i = 0; i < 400; i++) {
                String r = Records.background(NOW.minus(Duration.ofMinutes(30L * i + 20)), region, i);
                b.record(r);
                expected.add(id(r));
            }
        }
        Faults faults = Faults.none().withServerErrorShare(0.15).withResetShare(0.1).withSeed(11);
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(b.build()).lookupRatePerSecond(2)
                .faults(faults).build())) {
            // asking 25 times faster than the emulator allows: a throttling storm on top of the faults (a loaded
            // machine sends fewer requests, hence the modest bound)
            Summary s = collect(emulator, List.of("all"), fast().withRate(50));
            assertTrue(emulator.counters().throttled() > 5, "throttled " + emulator.counters().throttled());
            assertTrue(emulator.counters().faults() > 5, "faults " + emulator.counters().faults());
            assertTrue(s.summary().complete(), () -> s.summary().regions().toString());
            List<String> stored = strings("SELECT event_id FROM events");
            assertEquals(expected.size(), stored.size(), "no duplicates");
            assertEquals(expected, new HashSet<>(stored));
        }
    }

    @Test
    void aDeniedRegionIsACoverageGapAndTheOthersAreCollected() {
        ScenarioBuilder b = incident().deniedRegions("us-west-2");
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(b.build()).lookupRatePerSecond(50).build())) {
            Summary s = collect(emulator, List.of("all"), fast().withRate(50));
            assertFalse(s.summary().complete());
            List<String> gaps = strings("SELECT region || ' ' || status FROM coverage WHERE status <> 'complete'"
                    + " ORDER BY 1");
            assertEquals(List.of("af-south-1 not-enabled", "me-south-1 not-enabled", "us-west-2 denied"), gaps);
            assertEquals(List.of("AccessDeniedException"), strings("SELECT regexp_extract(reason, '^(\\w+)', 1)"
                    + " FROM coverage WHERE status = 'denied'"));
            assertEquals(122, s.newEvents());
            // asked again day by day, newest first, until 10 days in a row were refused: not 90 requests
            assertEquals(1 + UnreadWindows.MAX_REFUSED_IN_A_ROW, emulator.counters().refused("us-west-2"));
        }
    }

    @Test
    void aRefusedPeriodOfTheHistoryIsAGapOfItsOwnDaysAndTheOlderDaysAreStillRead() {
        // an identity policy denies the responder's role 2026-11-15 06:00 to 2026-11-16 18:00 of us-east-1's history
        ScenarioBuilder b = incident();
        for (int day = 1; day <= 8; day++) {
            b.record(Records.background(NOW.minus(Duration.ofDays(day)).minusSeconds(1), "us-east-1", 1000 + day));
        }
        Instant from = Instant.parse("2026-11-15T06:00:00Z");
        Instant to = Instant.parse("2026-11-16T18:00:00Z");
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(b.build()).lookupRatePerSecond(0)
                .refuseLookupWindow("us-east-1", from, to).build())) {
            Summary s = collect(emulator, List.of("us-east-1"), fast().withRate(100));
            assertFalse(s.summary().complete());
            assertEquals(List.of("2026-11-15T00:00:00Z..2026-11-16T23:59:59Z denied"),
                    strings("SELECT strftime(window_from, '%Y-%m-%dT%H:%M:%SZ') || '..'"
                            + " || strftime(window_to, '%Y-%m-%dT%H:%M:%SZ') || ' ' || status"
                            + " FROM coverage WHERE status <> 'complete'"), "the refused days only");
            assertEquals(List.of("2026-11-12", "2026-11-13", "2026-11-14", "2026-11-17", "2026-11-18",
                    "2026-11-19"), strings("SELECT DISTINCT strftime(event_time, '%Y-%m-%d')"
                    + " FROM events WHERE event_name <> 'CreateAccessKey' ORDER BY 1"),
                    "the days before and after the refused period, the older ones included");
        }
    }

    @Test
    void theRegionsProgressNamesARefusedPeriodNotTheDaysOlderThanTheHistory() {
        // asked from 120 days back: the days before the 90 of the history are truncated, which is not a refusal
        Instant from = Instant.parse("2026-11-15T06:00:00Z");
        Instant to = Instant.parse("2026-11-16T18:00:00Z");
        java.util.Map<String, Coverage> told = new java.util.concurrent.ConcurrentHashMap<>();
        LookupCollector.Listener listener = new LookupCollector.Listener() {
            @Override
            public void regionFinished(String region, LookupCollector.RegionCounts counts, Coverage coverage) {
                told.put(region, coverage);
            }
        };
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(incident().build()).lookupRatePerSecond(0)
                .refuseLookupWindow("us-east-1", from, to).build())) {
            collect(emulator, List.of("us-east-1", "us-west-2"), fast().withRate(100), NOW.minus(Duration.ofDays(120)),
                    null, listener);
        }
        assertEquals(Coverage.Status.DENIED, told.get("us-east-1").status(), told::toString);
        assertEquals(Instant.parse("2026-11-15T00:00:00Z"), told.get("us-east-1").from(), told::toString);
        assertTrue(told.get("us-west-2").complete(), "read whole but for the days beyond the history: " + told);
    }

    @Test
    void anEnabledRegionRefusingTheCredentialsIsAFailureWithTheFixNotARegionThatIsOff() {
        // session credentials from the global STS endpoint: refused in every opted-in region, as if it were off
        ScenarioBuilder b = incident().enabledRegions("us-east-1", "eu-west-1", "af-south-1")
                .notEnabledRegions("me-south-1").tokenRefusedRegions("af-south-1", "eu-west-1");
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(b.build()).lookupRatePerSecond(50).build())) {
            Summary s = collect(emulator, List.of("all"), fast().withRate(50));
            assertFalse(s.summary().complete(), "a region the account has enabled was not read");
            assertEquals(List.of("af-south-1 failed", "eu-west-1 failed", "me-south-1 not-enabled"),
                    strings("SELECT region || ' ' || status FROM coverage WHERE status <> 'complete' ORDER BY 1"));
            String optedIn = strings("SELECT reason FROM coverage WHERE region = 'af-south-1'").get(0);
            assertTrue(optedIn.startsWith("af-south-1 refused the credentials (UnrecognizedClientException")
                    && optedIn.contains("opted in") && optedIn.contains("AWS_STS_REGIONAL_ENDPOINTS=regional")
                    && optedIn.contains("--global-endpoint-token-version v2Token"), optedIn);
            String always = strings("SELECT reason FROM coverage WHERE region = 'eu-west-1'").get(0);
            assertTrue(always.contains("every account has the region enabled") && !always.contains("v2Token"), always);
        }
    }

    @Test
    void aSecondRunFetchesOnlyWhatIsNew() {
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(incident().build())
                .lookupRatePerSecond(50).build())) {
            collect(emulator, List.of("all"), fast().withRate(50));
            long before = emulator.counters().requests("LookupEvents");
            Summary again = collect(emulator, List.of("all"), fast().withRate(50));
            long requests = emulator.counters().requests("LookupEvents") - before;
            assertEquals(0, again.newEvents());
            // only the last 30 minutes of each enabled region are read again (events may still arrive there)
            assertEquals(ENABLED.size(), requests, "one request per enabled region");
            assertEquals(123, Long.parseLong(strings("SELECT count(*) FROM events").get(0)));
        }
    }

    /** Ireland alone, {@code events} of them {@code apart} from each other, paged as {@code paging} says. */
    private static MemoryCollectSink collectPaged(LookupPaging paging, int events, Duration apart) {
        ScenarioBuilder b = Scenario.builder().account(Records.ACCOUNT).now(NOW).enabledRegions("eu-west-1");
        for (int i = 0; i < events; i++) {
            b.record(Records.background(NOW.minus(Duration.ofHours(1)).minus(apart.multipliedBy(i)), "eu-west-1", i));
        }
        MemoryCollectSink sink = new MemoryCollectSink();
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(b.build()).lookupRatePerSecond(0)
                .lookupPaging(paging).build());
             AwsClients clients = new AwsClients(AwsOptions.defaults().withRegion("eu-west-1")
                     .withEndpoint(emulator.endpoint()))) {
            List<RegionInfo> regions = Regions.select(Regions.discover(clients), List.of("all"));
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> new LookupCollector(clients, sink,
                    fast().withRate(100), new LookupCollector.Listener() { }, CLOCK)
                    .collect(new LookupCollector.Request(Records.ACCOUNT, regions, NOW.minus(Duration.ofDays(2)),
                            null, false)), "a window that never ends");
        }
        return sink;
    }

    @Test
    void aNextTokenAnsweredWithItselfEndsTheWindowAsFailedInsteadOfLoopingForever() {
        MemoryCollectSink s = collectPaged(LookupPaging.REPEATED_TOKEN, 120, Duration.ofMinutes(1));
        List<Coverage> gaps = s.coverage().stream().filter(c -> !c.complete()).toList();
        assertEquals(1, gaps.size(), s.coverage()::toString);
        Coverage c = gaps.get(0);
        assertEquals(Coverage.Status.FAILED, c.status());
        assertTrue(c.reason().startsWith("LookupEvents in eu-west-1 answered a NextToken with the same NextToken"),
                c.reason());
        // the window failed, and so did its newest day asked again alone; the older days, without events, read
        assertEquals(Instant.parse("2026-11-20T00:00:00Z"), c.from());
        assertEquals(NOW, c.to(), "nothing proven read: the whole day is the gap");
        assertTrue(s.batches().stream().allMatch(b -> b.checkpoint() == null
                || ((CollectedBatch.LookupWindow) b.checkpoint()).to().isBefore(c.from())), "nothing of it claimed read");
    }

    @Test
    void nextTokensThatGoRoundEndTheWindowAsFailedInsteadOfLoopingForever() {
        MemoryCollectSink s = collectPaged(LookupPaging.CYCLING_TOKENS, 400, Duration.ofMinutes(1));
        Coverage c = s.coverage().stream().filter(e -> !e.complete()).findFirst().orElseThrow();
        assertEquals(Coverage.Status.FAILED, c.status());
        assertTrue(c.reason().startsWith("LookupEvents in eu-west-1 gave a NextToken an earlier page of this window"
                + " had given"), c.reason());
        // the first pages kept the newest-first order: what they prove read is claimed, nothing of the gap
        assertTrue(c.to().isBefore(NOW.minus(Duration.ofHours(1))), c::toString);
        assertTrue(s.batches().stream().map(b -> (CollectedBatch.LookupWindow) b.checkpoint())
                .allMatch(w -> w == null || w.to().isBefore(c.from()) || w.from().isAfter(c.to())),
                "nothing of the gap claimed read");
    }

    @Test
    void nextTokensThatExpireAreRecoveredBelowWhatIsProvenRead() {
        MemoryCollectSink s = collectPaged(LookupPaging.EXPIRING_TOKENS, 120, Duration.ofMinutes(1));
        assertEquals(List.of(Coverage.Status.COMPLETE), s.coverage().stream().map(Coverage::status).toList());
        assertEquals(120, s.batches().stream().flatMap(b -> b.events().stream()).map(e -> e.eventId())
                .distinct().count(), "every event, asked again below the part proven read");
    }

    @Test
    void nextTokensRefusedEveryTimeEndTheWindowAsFailedInsteadOfAskingForever() {
        MemoryCollectSink s = collectPaged(LookupPaging.REJECTED_TOKENS, 120, Duration.ofMinutes(1));
        Coverage c = s.coverage().stream().filter(e -> !e.complete()).findFirst().orElseThrow();
        assertEquals(Coverage.Status.FAILED, c.status());
        assertTrue(c.reason().contains("refused its own NextToken (InvalidNextTokenException) 4 times in a row"),
                c.reason());
    }

    @Test
    void pagesOutOfOrderClaimNothingReadUntilTheWindowsLastPage() {
        MemoryCollectSink s = collectPaged(LookupPaging.OLDEST_FIRST, 120, Duration.ofMinutes(1));
        assertEquals(120, s.batches().stream().mapToLong(b -> b.events().size()).sum());
        assertEquals(3, s.batches().size());
        // had the first page (the oldest events) claimed "read from its oldest second to the window's end", a run
        // killed after it would never read the 70 newer events
        assertEquals(Arrays.asList(null, null), s.batches().subList(0, 2).stream().map(CollectedBatch::checkpoint)
                .toList());
        CollectedBatch.LookupWindow whole = (CollectedBatch.LookupWindow) s.batches().get(2).checkpoint();
        assertEquals(NOW.minus(Duration.ofDays(2)), whole.from());
        assertEquals(List.of(Coverage.Status.COMPLETE), s.coverage().stream().map(Coverage::status).toList());
    }

    @Test
    void pagesNewestFirstClaimWhatTheyReadFromTheSecondPageOn() {
        MemoryCollectSink s = collectPaged(LookupPaging.CORRECT, 120, Duration.ofMinutes(1));
        assertEquals(null, s.batches().get(0).checkpoint(), "a first page alone does not show the order");
        CollectedBatch.LookupWindow second = (CollectedBatch.LookupWindow) s.batches().get(1).checkpoint();
        assertEquals(NOW.minus(Duration.ofHours(1)).minus(Duration.ofMinutes(99)).plusSeconds(1), second.from(),
                "after the second page's oldest second");
    }

    private static String id(String record) {
        int i = record.indexOf("\"eventID\":\"") + 11;
        return record.substring(i, record.indexOf('"', i));
    }
}
