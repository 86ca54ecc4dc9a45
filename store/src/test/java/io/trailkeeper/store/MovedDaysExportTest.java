package io.trailkeeper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.TrailKeeperException;
import io.trailkeeper.store.lake.DelegatingLakeTarget;
import io.trailkeeper.store.lake.LakeExport;
import io.trailkeeper.store.lake.LakeTarget;
import io.trailkeeper.store.lake.LocalLakeTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export parquet} to a lake other than the one prune moved days to: the store's events are what its readers
 * read, the moved days included, so the other lake gets them too (once, with the store's late events of those days);
 * a moved day whose file cannot be read here is named, never exported as fewer events.
 */
class MovedDaysExportTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    /** Six records of 2026-05-10 and 05-11 moved to dir/lake; one recent record left in the store. */
    @BeforeEach
    void moveOldDaysToTheLake() throws IOException {
        TestStores.ingestAt(dir, NOW, TestStores.sixRecords(dir.resolve("trail.json")),
                TestStores.createUsers(dir.resolve("recent.json"), "2026-11-20T10:00:00Z"));
        export("lake");
        try (EventStore s = TestStores.open(dir)) {
            new Prune(s, dir.resolve("lake"), new RetentionPolicy(90, 5000), NOW).run();
            assertEquals(1, TestStores.scalar(s, "SELECT count(*) FROM events"), "six moved, one hot");
        }
    }

    private LakeExport.Summary export(String lake) {
        return new LakeExport(() -> TestStores.open(dir), new LocalLakeTarget(dir.resolve(lake)), NOW,
                Duration.ofSeconds(30)).run(null, null, LakeExport.Listener.NONE);
    }

    /** Each event id in the lake's files with how many times it is there, in order. */
    private String lakeIds(String lake) {
        try (EventStore s = TestStores.openReadOnly(dir)) {
            return TestStores.text(s, "SELECT string_agg(event_id || '=' || n, ' ' ORDER BY event_id) FROM (SELECT"
                    + " event_id, count(*) n FROM read_parquet('" + dir.resolve(lake) + "/events/*/*/*/events.parquet')"
                    + " GROUP BY ALL)");
        }
    }

    private long lakeRows(String lake) {
        try (EventStore s = TestStores.openReadOnly(dir)) {
            return TestStores.scalar(s, "SELECT count(*) FROM read_parquet('" + dir.resolve(lake)
                    + "/events/*/*/*/events.parquet')");
        }
    }

    /** A record of 2026-05-10 in 111122223333's us-east-1, a day prune moved: it arrived late. */
    private Path late() throws IOException {
        return Files.writeString(dir.resolve("late.json"), "{\"Records\":[{\"eventVersion\":\"1.08\","
                + "\"eventID\":\"late-1\",\"eventTime\":\"2026-05-10T13:00:00Z\",\"awsRegion\":\"us-east-1\","
                + "\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"RunInstances\",\"recipientAccountId\":\"111122223333\","
                + "\"userIdentity\":{\"type\":\"IAMUser\"}}]}");
    }

    @Test
    void anotherLakeGetsTheMovedDaysOnceAndIsUnchangedByTheNextExport() throws IOException {
        assertEquals(6, export("copy").written(), "the hot day's partition and the five moved ones");
        assertEquals("e0=1 e1=1 e2=1 e3=1 e4=1 e5=1 e6=1", lakeIds("copy"));
        assertEquals(0, export("copy").written(), "nothing changed since");
        // a late event of a moved day: the copy's file of that day is written again, with it, once
        TestStores.ingestAt(dir, NOW, late());
        assertEquals(1, export("copy").written());
        assertEquals("e0=1 e1=1 e2=1 e3=1 e4=1 e5=1 e6=1 late-1=1", lakeIds("copy"));
        assertEquals(0, export("copy").written());
        assertEquals(1, export("lake").written(), "prune's lake takes the late event as before");
        assertEquals("e1=1 e2=1 e3=1 e4=1 e5=1 e6=1 late-1=1", lakeIds("lake").replace("e0=1 ", ""));
    }

    @Test
    void aLateEventOfAMovedDayWhoseFileIsGoneIsNotWrittenAsTheWholeDay() throws IOException {
        String day = "lake/events/account=111122223333/region=us-east-1/date=2026-05-10/events.parquet";
        Files.delete(dir.resolve(day));
        TestStores.ingestAt(dir, NOW, late());
        TrailKeeperException e = assertThrows(TrailKeeperException.class, () -> export("lake"));
        assertTrue(e.getMessage().contains("region=us-east-1/date=2026-05-10: moved to this lake with 2 events, its"
                + " file is gone"), e.getMessage());
        assertTrue(!Files.exists(dir.resolve(day)), "no file standing for the day with its moved events missing");
        try (EventStore s = TestStores.openReadOnly(dir)) {
            assertTrue(s.lakeUnread().stream().anyMatch(u -> u.contains("us-east-1/2026-05-10")), s.lakeUnread()
                    .toString());
            assertEquals(1, TestStores.scalar(s, "SELECT count(*) FROM events WHERE event_id = 'late-1'"));
        }
        // prune's export leaves it out and says so; prune keeps the late event in the store and says why
        LakeExport.Summary pruneExport = new LakeExport(() -> TestStores.open(dir), new LocalLakeTarget(
                dir.resolve("lake")), NOW, Duration.ofSeconds(30)).run(null, null, p -> true, LakeExport.Listener.NONE);
        assertEquals(1, pruneExport.notWritten().size(), pruneExport.toString());
        try (EventStore s = TestStores.open(dir)) {
            Prune.Step kept = new Prune(s, dir.resolve("lake"), new RetentionPolicy(90, 5000), NOW).run().stream()
                    .filter(st -> st.date().equals("2026-05-10") && st.region().equals("us-east-1")
                            && st.account().equals("111122223333")).findFirst().orElseThrow();
            assertEquals(Prune.Action.KEEP, kept.action());
            assertTrue(kept.reason().contains("held the 2 events moved there before, is gone") && !kept.exportFirst(),
                    kept.reason());
        }
        assertTrue(!Files.exists(dir.resolve(day)));
    }

    @Test
    void aListingThatMissesAMovedDaysFileNeitherLosesNorDuplicatesItsEvents() throws IOException {
        String day = "events/account=111122223333/region=us-east-1/date=2026-05-10/events.parquet";
        TestStores.ingestAt(dir, NOW, late());
        LakeTarget missing = new DelegatingLakeTarget(dir.resolve("lake")) {
            @Override
            public java.util.List<String> list(String prefix) throws IOException {
                return super.list(prefix).stream().filter(f -> !f.equals(day)).toList();
            }
        };
        assertEquals(1, new LakeExport(() -> TestStores.open(dir), missing, NOW, Duration.ofSeconds(30))
                .run(null, null, LakeExport.Listener.NONE).written());
        assertEquals("e0=1 e1=1 e2=1 e3=1 e4=1 e5=1 e6=1 late-1=1", lakeIds("lake"));
        try (EventStore s = TestStores.open(dir)) {
            new Prune(s, missing, new RetentionPolicy(90, 5000), NOW).run();
        }
        try (EventStore s = TestStores.openReadOnly(dir)) {
            assertEquals(8, TestStores.scalar(s, "SELECT count(*) FROM events"));
            assertEquals(1, TestStores.scalar(s, "SELECT count(*) FROM events WHERE event_id = 'late-1'"
                    + " AND raw_inline IS NOT NULL"), "moved with its day, read once");
        }
    }

    @Test
    void pruneMovesToTheOtherLakeADayItsExportTookFromTheFirstAndReadsEachEventOnce() throws IOException {
        TestStores.ingestAt(dir, NOW, late());
        assertEquals(6, export("copy").written());
        List<Prune.Step> steps;
        try (EventStore s = TestStores.open(dir)) {
            steps = new Prune(s, dir.resolve("copy"), new RetentionPolicy(90, 5000), NOW).run();
        }
        Prune.Step day = steps.stream().filter(st -> st.date().equals("2026-05-10") && st.region().equals("us-east-1")
                && st.account().equals("111122223333")).findFirst().orElseThrow(() -> new AssertionError(steps));
        assertEquals(Prune.Action.MOVE, day.action(), day.reason());
        try (EventStore s = TestStores.openReadOnly(dir)) {
            assertEquals(8, TestStores.scalar(s, "SELECT count(*) FROM events"));
            assertEquals(8, TestStores.scalar(s, "SELECT count(DISTINCT event_id) FROM events"));
            assertEquals(8, TestStores.scalar(s, "SELECT sum(events) FROM day_counts"));
            assertEquals(0, TestStores.scalar(s, "SELECT count(*) FROM events WHERE raw_inline IS NULL"
                    + " AND event_time < '2026-06-01'"), "nothing old left in the store");
        }
    }

    @Test
    void pruneKeepsADayWhoseRowsMovedToTheFirstLakeCannotBeComparedSayingWhy() throws IOException {
        TestStores.ingestAt(dir, NOW, late());
        assertEquals(6, export("copy").written());
        Files.delete(dir.resolve("lake/events/account=111122223333/region=us-east-1/date=2026-05-10/events.parquet"));
        List<Prune.Step> steps;
        try (EventStore s = TestStores.open(dir)) {
            steps = new Prune(s, dir.resolve("copy"), new RetentionPolicy(90, 5000), NOW).run();
        }
        Prune.Step day = steps.stream().filter(st -> st.date().equals("2026-05-10") && st.region().equals("us-east-1")
                && st.account().equals("111122223333")).findFirst().orElseThrow(() -> new AssertionError(steps));
        assertEquals(Prune.Action.KEEP, day.action(), day.reason());
        assertTrue(day.reason().contains("cannot be told") && day.reason().contains("file missing"), day.reason());
    }

    @Test
    void aMovedDayWhoseFileCannotBeReadIsNamedNotExportedAsFewerEvents() throws IOException {
        Files.delete(dir.resolve("lake/events/account=111122223333/region=eu-west-1/date=2026-05-10/events.parquet"));
        TrailKeeperException e = assertThrows(TrailKeeperException.class, () -> export("copy"));
        assertTrue(e.getMessage().contains("account=111122223333/region=eu-west-1/date=2026-05-10"), e.getMessage());
        assertEquals(6, lakeRows("copy"), "every other partition was written");
    }
}
