package io.trailkeeper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.investigate.InvestigationArgs;
import io.trailkeeper.store.investigate.Investigator;
import io.trailkeeper.store.lake.DelegatingLakeTarget;
import io.trailkeeper.store.lake.LakeExport;
import io.trailkeeper.store.lake.LakeTarget;
import io.trailkeeper.store.lake.LocalLakeTarget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retention policy on real records: nothing leaves the store before its export is verified; after prune, a store
 * opened for reading answers exactly as before, the old partitions coming from the lake; raw chunks shared with
 * staying records stay readable; the lake's partitions past total retention are removed.
 */
class PruneTest {
    /** The Invictus incident (2023-07-10) is about 300 days before this clock. */
    private static final Instant NOW = Instant.parse("2024-05-06T12:00:00Z");
    /** Every record of ../shared/data (2015 on) within the total retention. */
    private static final RetentionPolicy KEEP_ALL = new RetentionPolicy(90, 5000);
    private static final RetentionPolicy DEFAULT = new RetentionPolicy(90, 400);

    @TempDir
    Path dir;

    private Path store() {
        return dir.resolve("store.duckdb");
    }

    private Path lake() {
        return dir.resolve("lake");
    }

    private static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    private void ingest() {
        try (EventStore s = TestStores.open(dir)) {
            TestStores.ingest(s, TestStores.shared("invictus-ir-aws_dataset/CloudTrail"),
                    TestStores.shared("panther-analysis/rule_test_events.records.json"),
                    TestStores.shared("lookup-events"));
        }
    }

    private LakeExport.Summary export(Clock clock) {
        return new LakeExport(() -> EventStore.openForWriting(store(), EventStore.StoreOptions.defaults()),
                new LocalLakeTarget(lake()), clock, Duration.ofSeconds(30)).run(null, null, LakeExport.Listener.NONE);
    }

    private List<Prune.Step> prune(Clock clock, boolean act) {
        return prune(clock, KEEP_ALL, act);
    }

    private List<Prune.Step> prune(Clock clock, RetentionPolicy policy, boolean act) {
        try (EventStore s = TestStores.open(dir)) {
            Prune p = new Prune(s, lake(), policy, clock);
            return act ? p.run() : p.plan();
        }
    }

    /** Every record (oldest first) and answers of two investigations, read from a store opened for reading. */
    private Map<String, Object> answers() {
        Map<String, Object> out = new TreeMap<>();
        try (EventStore s = TestStores.openReadOnly(dir)) {
            List<String> records = new ArrayList<>();
            new EventSearch(s).records(EventQuery.all(), r -> records.add(new String(r, StandardCharsets.UTF_8)));
            out.put("records", records);
            Investigator inv = new Investigator(s, at(NOW));
            out.put("who-deleted", TestStores.answer(inv.run("who-deleted", InvestigationArgs.of("stratus-red-team-ctlr-bucket-zqfsvooxqj"))));
            out.put("logins", TestStores.answer(inv.run("logins", InvestigationArgs.none())));
            out.put("regions", TestStores.answer(inv.run("regions", InvestigationArgs.none())));
            out.put("key", TestStores.answer(inv.run("key", InvestigationArgs.of("AKIATFQR7NSC8Q4X20BJ"))));
            out.put("posted", s.postsKeys());
            for (String bucket : List.of("example-bucket", "victim-data-bucket")) {
                out.put("s3 " + bucket, TestStores.answer(inv.run("s3", InvestigationArgs.of(bucket))));
            }
        }
        return out;
    }

    /** The answers without the note that says they read the lake (MovedPartitions.readInLake). */
    private static Map<String, Object> withoutLakeNote(Map<String, Object> answers) {
        Map<String, Object> out = new TreeMap<>();
        answers.forEach((k, v) -> out.put(k, v instanceof String text ? text.replaceAll("(, )?read from the store and"
                + " the lake: .*? answered with the store's own", "") : v));
        return out;
    }

    private long storeTableRows() {
        try (EventStore s = TestStores.open(dir)) {
            return TestStores.scalar(s, "SELECT count(*) FROM events");
        }
    }

    @Test
    void oldPartitionsMoveToTheLakeOnlyOnceExportedAndAnswersStayTheSame() throws Exception {
        ingest();
        long all = storeTableRows();
        Map<String, Object> before = answers();
        assertTrue(((List<?>) before.get("records")).size() > 3000, "records: " + ((List<?>) before.get("records")).size());
        assertTrue(before.get("who-deleted").toString().contains("bert-jan"), before.get("who-deleted").toString());
        assertTrue(before.get("s3 example-bucket").toString().contains("DeleteObjects"), before.toString());
        assertEquals(true, before.get("posted"));
        assertTrue(before.get("key").toString().contains("bert-jan"), before.get("key").toString());

        // nothing exported yet: every old partition stays, with the reason
        List<Prune.Step> unexported = prune(at(NOW), true);
        assertFalse(unexported.isEmpty());
        assertTrue(unexported.stream().allMatch(st -> st.action() == Prune.Action.KEEP
                && st.reason().contains("export it first")), unexported.toString());
        assertEquals(all, storeTableRows());

        export(at(NOW));
        List<Prune.Step> plan = prune(at(NOW), false);
        long moving = plan.stream().filter(st -> st.action() == Prune.Action.MOVE).mapToLong(Prune.Step::events).sum();
        assertTrue(plan.stream().anyMatch(st -> st.date().equals("2023-07-10") && st.action() == Prune.Action.MOVE),
                plan.toString());
        assertTrue(moving > 2900, "events to move: " + moving);
        assertEquals(all, storeTableRows(), "a plan changes nothing");

        List<Prune.Step> done = prune(at(NOW), true);
        assertEquals(plan, done);
        assertEquals(all - moving, storeTableRows(), "the moved partitions left the store's table");
        try (EventStore s = TestStores.open(dir)) {
            EventListsTest.assertListed(s);
            KeyPostingsTest.assertPosted(s); // written anew when prune closed the store
        }
        try (EventStore s = TestStores.openReadOnly(dir)) {
            assertEquals(moving, TestStores.scalar(s, "SELECT count(*) FROM events WHERE rowid < 0"),
                    "the events view reads the moved partitions from the lake");
            assertEquals(all, TestStores.scalar(s, "SELECT count(*) FROM events"));
            assertTrue(s.lakeUnread().isEmpty(), s.lakeUnread().toString());
        }
        // the same records and answers, the 300-day-old ones now from the lake, which each answer now says
        Map<String, Object> after = answers();
        assertTrue(after.get("key").toString().contains("read from the store and the lake: "), after.toString());
        assertEquals(before, withoutLakeNote(after));

        // a second prune finds nothing more to move
        assertTrue(prune(at(NOW), true).stream().noneMatch(st -> st.action() == Prune.Action.MOVE));
    }

    @Test
    void aChangedPartitionIsNotMovedUntilExportedAgain() throws Exception {
        ingest();
        export(at(NOW));
        // an event of an exported day arrives late: the lake's file no longer holds the day's rows
        Path late = dir.resolve("late.json");
        Files.writeString(late, "{\"Records\":[{\"eventVersion\":\"1.08\",\"eventTime\":\"2023-07-10T23:59:00Z\","
                + "\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"ListBuckets\",\"awsRegion\":\"us-east-1\","
                + "\"eventID\":\"late-0001\",\"recipientAccountId\":\"123837392027\",\"userIdentity\":{\"type\":\"IAMUser\"}}]}");
        try (EventStore s = TestStores.open(dir)) {
            TestStores.ingest(s, late);
        }
        List<Prune.Step> steps = prune(at(NOW), false);
        Prune.Step day = steps.stream().filter(st -> st.date().equals("2023-07-10") && st.region().equals("us-east-1")
                && st.account().equals("123837392027")).findFirst().orElseThrow(() -> new AssertionError(steps));
        assertEquals(Prune.Action.KEEP, day.action(), day.toString());
        assertTrue(day.reason().contains("export it again"), day.reason());
        export(at(NOW));
        assertTrue(prune(at(NOW), false).stream().filter(st -> st.date().equals("2023-07-10"))
                .allMatch(st -> st.action() == Prune.Action.MOVE));
    }

    @Test
    void anEventForADayAlreadyMovedIsReadOnceAndMovedWithTheNextPrune() throws Exception {
        ingest();
        export(at(NOW));
        prune(at(NOW), true);
        long all;
        try (EventStore s = TestStores.openReadOnly(dir)) {
            all = TestStores.scalar(s, "SELECT count(*) FROM events");
        }
        Path late = dir.resolve("late.json");
        Files.writeString(late, "{\"Records\":[{\"eventVersion\":\"1.08\",\"eventTime\":\"2023-07-10T23:58:00Z\","
                + "\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"ListBuckets\",\"awsRegion\":\"us-east-1\","
                + "\"eventID\":\"late-0002\",\"recipientAccountId\":\"123837392027\",\"userIdentity\":{\"type\":\"IAMUser\"}}]}");
        try (EventStore s = TestStores.open(dir)) {
            TestStores.ingest(s, late);
        }
        // in the store only, then (after export) in the store and the day's file: read once either way; the day is
        // written once (with the rows the lake held), not again at every export until the next prune
        for (int round = 0; round < 2; round++) {
            try (EventStore s = TestStores.openReadOnly(dir)) {
                assertEquals(all + 1, TestStores.scalar(s, "SELECT count(*) FROM events"), "round " + round);
                assertEquals(1, TestStores.scalar(s, "SELECT count(*) FROM events WHERE event_id = 'late-0002'"));
            }
            assertEquals(round == 0 ? 1 : 0, export(at(NOW)).written(), "round " + round);
        }
        List<Prune.Step> steps = prune(at(NOW), true);
        Prune.Step day = steps.stream().filter(st -> st.date().equals("2023-07-10")
                && st.account().equals("123837392027") && st.region().equals("us-east-1")).findFirst()
                .orElseThrow(() -> new AssertionError(steps));
        assertEquals(Prune.Action.MOVE, day.action(), day.toString());
        try (EventStore s = TestStores.openReadOnly(dir)) {
            assertEquals(all + 1, TestStores.scalar(s, "SELECT count(*) FROM events"));
            assertEquals(1, TestStores.scalar(s, "SELECT count(*) FROM events WHERE event_id = 'late-0002'"
                    + " AND raw_inline IS NOT NULL"), "the late event now comes from the lake");
        }
    }

    @Test
    void lakePartitionsPastTotalRetentionAreRemoved() throws Exception {
        ingest();
        export(at(NOW));
        prune(at(NOW), true);
        long lakeRowsBefore;
        try (EventStore s = TestStores.openReadOnly(dir)) {
            lakeRowsBefore = TestStores.scalar(s, "SELECT count(*) FROM events WHERE rowid < 0");
        }
        // 500 days later, the Invictus day (and everything before it) is past the 400 days kept at all
        Clock later = at(NOW.plus(Duration.ofDays(500)));
        List<Prune.Step> removed = prune(later, DEFAULT, true).stream().filter(st -> st.action() == Prune.Action.REMOVE)
                .toList();
        assertTrue(removed.stream().anyMatch(st -> st.date().equals("2023-07-10")), removed.toString());
        for (Prune.Step st : removed) {
            assertTrue(st.reason().contains("older than the total retention"), st.reason());
        }
        try (EventStore s = TestStores.openReadOnly(dir)) {
            assertEquals(0, TestStores.scalar(s, "SELECT count(*) FROM lake_pruned WHERE removed_at IS NULL"
                    + " AND date < '2023-07-11'"));
            long lakeRowsAfter = TestStores.scalar(s, "SELECT count(*) FROM events WHERE rowid < 0");
            assertEquals(TestStores.scalar(s, "SELECT count(*) FROM events"),
                    TestStores.scalar(s, "SELECT sum(events) FROM day_counts"),
                    "day_counts no longer counts the events total retention deleted");
            assertTrue(lakeRowsAfter < lakeRowsBefore, lakeRowsAfter + " < " + lakeRowsBefore);
        }
        assertFalse(Files.exists(lake().resolve("events/account=123837392027/region=us-east-1/date=2023-07-10/"
                + "events.parquet")));
    }

    @Test
    void aHoldKeepsItsDaysInTheLakePastTotalRetention() throws Exception {
        ingest();
        export(at(NOW));
        prune(at(NOW), true);
        // the Invictus case's days are held for one account; everything else that old goes
        RetentionPolicy.Hold hold = new RetentionPolicy.Hold("case-invictus", LocalDate.parse("2023-07-01"),
                LocalDate.parse("2023-07-31"), Set.of("123837392027"));
        RetentionPolicy held = new RetentionPolicy(90, 400, List.of(hold));
        Clock later = at(NOW.plus(Duration.ofDays(500)));
        List<Prune.Step> planned = prune(later, held, false);
        List<Prune.Step> steps = prune(later, held, true);
        assertEquals(planned, steps, "the dry run says what the run does");
        List<Prune.Step> kept = steps.stream().filter(st -> st.action() == Prune.Action.HOLD).toList();
        assertFalse(kept.isEmpty(), steps.toString());
        for (Prune.Step st : kept) {
            assertEquals("123837392027", st.account());
            assertTrue(st.date().startsWith("2023-07-"), st.date());
            assertTrue(st.reason().contains("held by case-invictus (2023-07-01..2023-07-31, accounts 123837392027)"),
                    st.reason());
        }
        assertTrue(steps.stream().anyMatch(st -> st.action() == Prune.Action.REMOVE), "older days still go");
        assertTrue(steps.stream().filter(st -> st.action() == Prune.Action.REMOVE)
                .noneMatch(st -> hold.since().toString().compareTo(st.date()) <= 0
                        && st.date().compareTo(hold.until().toString()) <= 0 && st.account().equals("123837392027")));
        assertTrue(Files.exists(lake().resolve("events/account=123837392027/region=us-east-1/date=2023-07-10/"
                + "events.parquet")));
        try (EventStore s = TestStores.openReadOnly(dir)) {
            // the held day is still read, from the lake
            assertTrue(TestStores.scalar(s, "SELECT count(*) FROM events WHERE CAST(event_time AS DATE) = '2023-07-10'"
                    + " AND rowid < 0") > 0);
            assertEquals(TestStores.scalar(s, "SELECT count(*) FROM events"),
                    TestStores.scalar(s, "SELECT sum(events) FROM day_counts"));
        }
    }

    @Test
    void aLakeFileThatCannotBeDeletedIsTriedAgainAndCountedOnce() throws Exception {
        ingest();
        export(at(NOW));
        prune(at(NOW), true);
        Clock later = at(NOW.plus(Duration.ofDays(500)));
        // a lake that refuses deletes (a bucket policy, permissions): the store stops reading, the file stays
        LakeTarget refusing = new DelegatingLakeTarget(lake()) {
            @Override
            public void delete(String relative) throws java.io.IOException {
                throw new java.io.IOException("Access Denied");
            }
        };
        List<Prune.Step> refused;
        try (EventStore s = TestStores.open(dir)) {
            refused = new Prune(s, refusing, DEFAULT, later).run();
        }
        assertTrue(refused.stream().anyMatch(st -> st.action() == Prune.Action.KEEP
                && st.reason().contains("could not be deleted (Access Denied)")), refused.toString());
        assertTrue(refused.stream().noneMatch(st -> st.action() == Prune.Action.REMOVE), "every delete was refused");
        assertTrue(Files.exists(lake().resolve("events/account=123837392027/region=us-east-1/date=2023-07-10/"
                + "events.parquet")));
        List<Prune.Step> again = prune(later, DEFAULT, true);
        assertTrue(again.stream().anyMatch(st -> st.action() == Prune.Action.REMOVE && st.date().equals("2023-07-10")));
        assertFalse(Files.exists(lake().resolve("events/account=123837392027/region=us-east-1/date=2023-07-10/"
                + "events.parquet")));
        try (EventStore s = TestStores.openReadOnly(dir)) {
            assertEquals(TestStores.scalar(s, "SELECT count(*) FROM events"),
                    TestStores.scalar(s, "SELECT sum(events) FROM day_counts"), "the removed events subtracted once");
        }
    }

    @Test
    void aHoldNamesItsDays() {
        RetentionPolicy.Hold open = new RetentionPolicy.Hold("legal", LocalDate.parse("2020-01-01"), null, Set.of());
        assertTrue(open.covers("111111111111", LocalDate.parse("2031-05-05")));
        assertFalse(open.covers("111111111111", LocalDate.parse("2019-12-31")));
        assertThrows(IllegalArgumentException.class, () -> new RetentionPolicy.Hold("x", LocalDate.parse("2020-02-01"),
                LocalDate.parse("2020-01-01"), Set.of()));
        assertThrows(IllegalArgumentException.class, () -> new RetentionPolicy.Hold(" ", LocalDate.parse("2020-02-01"),
                null, Set.of()));
    }

    @Test
    void aPolicyKeepsTheHotWindowWithinTheTotal() {
        assertThrows(IllegalArgumentException.class, () -> new RetentionPolicy(400, 90));
        assertThrows(IllegalArgumentException.class, () -> new RetentionPolicy(0, 400));
        assertThrows(IllegalArgumentException.class, () -> new RetentionPolicy(90, Integer.MAX_VALUE));
    }
}
