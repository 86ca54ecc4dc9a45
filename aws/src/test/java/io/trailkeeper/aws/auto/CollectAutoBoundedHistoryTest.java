package io.trailkeeper.aws.auto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.aws.LookupCollector;
import io.trailkeeper.aws.s3.S3MockServer;
import io.trailkeeper.emulator.ScenarioBuilder;
import io.trailkeeper.events.Coverage;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.coverage.CoverageAnalysis;
import io.trailkeeper.store.coverage.CoverageGap;
import io.trailkeeper.store.coverage.CoverageReport;
import io.trailkeeper.store.coverage.RegionDay;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * collect auto where the trail's files miss only part of the event history's 90 days (a late start, an early
 * end, a region's files beginning late): only the days the files do not hold are asked of LookupEvents (paced at
 * 2 requests/s per region), each whole with an hour either side, and every event of the account is stored from
 * one source or the other. Each region's history holds one operator call a day at noon, for 89 days.
 */
class CollectAutoBoundedHistoryTest extends AutoShapes {
    /** Days of history with a call: 1 (yesterday) to 89. */
    private static final int DAYS = 89;
    /** Every call: the daily ones of both regions and the incident's two. */
    private static final int ALL = 2 * DAYS + 2;
    /** The day (days before now) on which the files begin, or end. */
    private static final int TURN = 10;
    /** Files from this day on began before the event history's 90 days. */
    private static final int BEFORE_HISTORY = 91;
    /** The trail's start, long before the event history's 90 days. */
    private static final Instant LONG_AGO = NOW.minus(Duration.ofDays(400));

    @Test
    void aTrailThatStartedLoggingTenDaysAgoHasOnlyTheTimeBeforeReadFromTheEventHistory() {
        Instant started = daily(TURN).plus(Duration.ofHours(1));
        bucket("bounded-started", IncidentRecords.ACCOUNT, b -> {
            incidentFiles(b);
            for (String region : ENABLED) {
                b.deliver(region, started.plusSeconds(300), List.of());
                files(b, region, 1, TURN - 1);
            }
        });
        String trail = "{\"Name\":\"late\",\"HomeRegion\":\"us-east-1\",\"S3BucketName\":\"bounded-started\","
                + "\"IsMultiRegionTrail\":true,\"status\":{\"IsLogging\":true,\"StartLoggingTime\":\"" + started
                + "\"}}";
        AutoRun.Result r = collect(history().trail(trail).build(), S3MockServer.get().endpoint());

        Instant until = started.plus(Duration.ofHours(1));
        assertEquals(Map.of("eu-west-1", until, "us-east-1", until), r.plan().lookupUntil());
        for (String region : ENABLED) {
            assertEquals(DAYS - TURN + 1, served.eventsServed(region), region + ": the calls of days 10 to 89 only");
            assertOneWindow(r, region, NOW.minus(LookupCollector.HISTORY), until);
        }
        assertEquals(ALL, r.newEvents(), "every call, from the files or the history");
        assertTrue(r.plan().notes().contains("the trail started logging at " + started + " (its latest start): it has"
                + " no files of the time before, so the event history of its regions is collected too (from 90 days"
                + " back to " + until + "); what is older than both was recorded nowhere"),
                () -> r.plan().notes().toString());
    }

    @Test
    void aRegionWhoseFilesBeginLateHasOnlyTheDaysBeforeThemRead() {
        bucket("bounded-late-region", IncidentRecords.ACCOUNT, b -> {
            incidentFiles(b);
            files(b, "us-east-1", 1, BEFORE_HISTORY);
            files(b, "eu-west-1", 1, TURN);
        });
        String trail = everywhere("bounded-late-region", "StartLoggingTime", LONG_AGO);
        AutoRun.Result r = collect(history().trail(trail).build(), S3MockServer.get().endpoint());

        Instant until = day(TURN - 1).plus(Duration.ofHours(1));
        assertEquals(Map.of("eu-west-1", until), r.plan().lookupUntil(), "to an hour into the day after the first");
        assertEquals(DAYS - TURN + 1, served.eventsServed("eu-west-1"), "the calls of days 10 to 89");
        assertEquals(0, served.eventsServed("us-east-1"));
        assertOneWindow(r, "eu-west-1", NOW.minus(LookupCollector.HISTORY), until);
        assertEquals(ALL, r.newEvents());
        assertEveryDayHeld("eu-west-1", TURN - 1, DAYS);
    }

    @Test
    void aRegionWhoseFilesBeginLateAndSkipADayHasBothRead() {
        // Ireland's files begin 10 days ago and the attacker deleted those of 5 days ago: both gaps are read
        bucket("bounded-late-and-skipped", IncidentRecords.ACCOUNT, b -> {
            incidentFiles(b);
            files(b, "us-east-1", 1, BEFORE_HISTORY);
            files(b, "eu-west-1", 1, 4);
            files(b, "eu-west-1", 6, TURN);
        });
        String trail = everywhere("bounded-late-and-skipped", "StartLoggingTime", LONG_AGO);
        AutoRun.Result r = collect(history().trail(trail).build(), S3MockServer.get().endpoint());

        Instant until = day(4).plus(Duration.ofHours(1));
        assertEquals(Map.of("eu-west-1", until), r.plan().lookupUntil(), "to the end of the skipped day");
        assertEquals(DAYS - 5 + 1, served.eventsServed("eu-west-1"), "the calls of days 5 to 89");
        assertEquals(ALL, r.newEvents(), "the skipped day's call among them");
        String note = r.plan().notes().stream().filter(n -> n.startsWith("the trail's files do not hold"))
                .findFirst().orElseThrow(() -> new AssertionError(r.plan().notes()));
        assertTrue(note.contains("its files begin on " + date(TURN)) && note.contains("no file of " + date(5)), note);
        assertTrue(note.endsWith("(from 90 days back to " + until + ")"), note);
    }

    @Test
    void aRegionWhoseFilesEndEarlyHasOnlyTheDaysSinceTheirLastRead() {
        bucket("bounded-early-end", IncidentRecords.ACCOUNT, b -> {
            b.deliver("us-east-1", INCIDENT.plusSeconds(400), List.of(IN_VIRGINIA));
            files(b, "us-east-1", 1, BEFORE_HISTORY);
            files(b, "eu-west-1", TURN, BEFORE_HISTORY);
        });
        String trail = everywhere("bounded-early-end", "StartLoggingTime", LONG_AGO);
        AutoRun.Result r = collect(history().trail(trail).build(), S3MockServer.get().endpoint());

        Instant since = day(TURN).minus(Duration.ofHours(1));
        assertEquals(Map.of("eu-west-1", since), r.plan().lookupSince(), "from an hour before its last day");
        assertEquals(Map.of(), r.plan().lookupUntil());
        assertEquals(TURN + 1, served.eventsServed("eu-west-1"), "the calls of days 1 to 10 and the launch");
        assertOneWindow(r, "eu-west-1", since, NOW);
        assertEquals(ALL, r.newEvents());
        assertEveryDayHeld("eu-west-1", 0, TURN + 1);
    }

    /**
     * coverage of the region's last 89 days and today: no gap, no day missing, and exactly the days {@code newest}
     * to {@code oldest} before now read from the event history (the trail's files hold the others).
     */
    private void assertEveryDayHeld(String region, int newest, int oldest) {
        CoverageReport report;
        try (EventStore store = EventStore.openForReading(dir.resolve("store.duckdb"), EventStore.StoreOptions
                .defaults().withClock(CLOCK))) {
            report = new CoverageAnalysis(store, CLOCK).report(NOW.minus(Duration.ofDays(DAYS)), NOW, Set.of(region));
        }
        // the only gap: no data events (none were recorded), which is about another matter
        assertEquals(List.of(), report.coverageGaps().stream().filter(g -> g.kind() != CoverageGap.Kind.NO_DATA_EVENTS)
                .map(CoverageGap::sentence).toList());
        Map<LocalDate, RegionDay> days = new HashMap<>();
        report.days().forEach(d -> days.put(d.day(), d));
        for (int k = 0; k <= DAYS; k++) {
            RegionDay d = days.get(LocalDate.parse(date(k)));
            assertEquals(k >= newest && k <= oldest, d.historyRead(), d.toString());
            assertEquals("", d.missing(), d.toString());
        }
    }

    /** The account's history: the incident's two calls, and an operator's call at noon on each of 89 days. */
    private static ScenarioBuilder history() {
        ScenarioBuilder b = incident();
        for (String region : ENABLED) {
            for (int k = 1; k <= DAYS; k++) {
                b.record(IncidentRecords.routine(daily(k), region, k));
            }
        }
        return b;
    }

    /** The region's files of days {@code first} to {@code last} before now, each with that day's call if any. */
    private static void files(TrailBucket b, String region, int first, int last) {
        for (int k = first; k <= last; k++) {
            b.deliver(region, daily(k).plusSeconds(600), k > DAYS ? List.of()
                    : List.of(IncidentRecords.routine(daily(k), region, k)));
        }
    }

    /** The daily call's time, {@code k} days before now (noon). */
    private static Instant daily(int k) {
        return NOW.minus(Duration.ofDays(k));
    }

    /** The start of the day {@code k} days before now. */
    private static Instant day(int k) {
        return Instant.parse(date(k) + "T00:00:00Z");
    }

    private static String date(int k) {
        return daily(k).toString().substring(0, 10);
    }

    private static void assertOneWindow(AutoRun.Result r, String region, Instant from, Instant to) {
        List<Coverage> read = r.lookup().regions().stream().filter(x -> x.region().equals(region)).findFirst()
                .orElseThrow().coverage();
        assertEquals(1, read.size(), read::toString);
        assertEquals(Coverage.Status.COMPLETE, read.get(0).status(), read::toString);
        assertEquals(from, read.get(0).from(), region + ": the event history read from");
        assertEquals(to, read.get(0).to(), region + ": to");
    }
}
