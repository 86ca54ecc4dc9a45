package io.trailkeeper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.coverage.CoverageAnalysis;
import io.trailkeeper.store.lake.LakeExport;
import io.trailkeeper.store.lake.LocalLakeTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Total retention in the store: a partition that never moved to the lake (its lake file holds other rows, or it was
 * never exported) and is past total_days is deleted from the store, listed by the dry run, kept when held; the raw
 * chunks it shares stay readable, and day_counts (coverage) agrees with what the events view reads.
 */
class StoreRetentionTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    private static final Clock LATER = Clock.offset(NOW, Duration.ofDays(500));
    private static final RetentionPolicy KEEP = new RetentionPolicy(90, 5000);
    private static final RetentionPolicy DEFAULT = new RetentionPolicy(90, 400);

    @TempDir
    Path dir;

    /** Records of 2026-05-10 (and one of 05-11), about 200 days before NOW, in one file (one raw chunk). */
    private Path records(String name, String... ids) throws IOException {
        StringBuilder b = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < ids.length; i++) {
            String account = ids[i].startsWith("b") ? "222233334444" : "111122223333";
            String day = ids[i].endsWith("11") ? "2026-05-11" : "2026-05-10";
            b.append(i == 0 ? "" : ",").append("{\"eventVersion\":\"1.08\",\"eventID\":\"").append(ids[i])
                    .append("\",\"eventTime\":\"").append(day).append("T10:00:0").append(i % 10)
                    .append("Z\",\"awsRegion\":\"us-east-1\",\"eventSource\":\"iam.amazonaws.com\",")
                    .append("\"eventName\":\"CreateUser\",\"recipientAccountId\":\"").append(account).append("\",")
                    .append("\"userIdentity\":{\"type\":\"IAMUser\",\"accessKeyId\":\"AKIAEXAMPLE0000000").append(i)
                    .append("\"}}");
        }
        Path file = dir.resolve(name);
        Files.writeString(file, b.append("]}").toString());
        return file;
    }

    private void ingest(Path file) {
        TestStores.ingestAt(dir, NOW, file);
    }

    private void export(Clock clock) {
        new LakeExport(() -> EventStore.openForWriting(dir.resolve("store.duckdb"), EventStore.StoreOptions.defaults()),
                new LocalLakeTarget(dir.resolve("lake")), clock, Duration.ofSeconds(30))
                .run(null, null, LakeExport.Listener.NONE);
    }

    private List<String> prune(Clock clock, RetentionPolicy policy, boolean act) {
        try (EventStore s = TestStores.open(dir)) {
            Prune p = new Prune(s, dir.resolve("lake"), policy, clock);
            return (act ? p.run() : p.plan()).stream().map(st -> st.action() + " " + st.account() + " " + st.date()
                    + " " + st.events()).sorted().toList();
        }
    }

    private long scalar(String sql) {
        try (EventStore s = TestStores.openReadOnly(dir)) {
            return TestStores.scalar(s, sql);
        }
    }

    /** day_counts (coverage) agrees with the events view, and each event's record is readable. */
    private void assertCountsAgree(long events) {
        assertEquals(events, scalar("SELECT count(*) FROM events"));
        assertEquals(events, scalar("SELECT coalesce(sum(events), 0) FROM day_counts"), "day_counts follows");
        assertEquals(0, scalar("SELECT count(*) FROM events e WHERE raw_inline IS NULL AND NOT EXISTS (SELECT 1 FROM"
                + " events d WHERE d.raw_chunk = e.raw_chunk AND d.raw_data IS NOT NULL)"), "every record readable");
        assertEquals(scalar("SELECT count(*) FROM events WHERE access_key_id IS NOT NULL"),
                scalar("SELECT count(*) FROM key_postings"), "key postings follow");
    }

    @Test
    void aPartitionKeptInTheStoreByAMismatchingLakeFileIsDeletedPastTotalRetention() throws IOException {
        ingest(records("first.json", "a1", "a2", "b3", "a11"));
        export(NOW);
        // a record of the day arrives after the export: the lake's file holds other rows, the partition stays
        ingest(records("late.json", "a4"));
        assertTrue(prune(NOW, KEEP, true).contains("KEEP 111122223333 2026-05-10 3"));
        assertEquals(5, scalar("SELECT count(*) FROM events"));
        Path file = dir.resolve("lake/events/account=111122223333/region=us-east-1/date=2026-05-10/events.parquet");
        assertTrue(Files.exists(file));

        List<String> planned = prune(LATER, DEFAULT, false);
        assertTrue(planned.contains("DELETE 111122223333 2026-05-10 3"), planned.toString());
        List<String> done = prune(LATER, DEFAULT, true);
        assertEquals(planned, done, "the dry run said what the run did");
        assertTrue(done.contains("REMOVE 111122223333 2026-05-10 2"), done.toString());
        assertFalse(Files.exists(file), "its lake file deleted too");
        assertEquals(0, scalar("SELECT count(*) FROM events WHERE event_id IN ('a1', 'a2', 'a4')"));
        assertCountsAgree(0);
    }

    @Test
    void aPartitionNeverExportedIsDeletedPastTotalRetentionAndAHeldOneIsKeptReadable() throws IOException {
        ingest(records("first.json", "a1", "b2", "a3", "a11"));
        RetentionPolicy held = new RetentionPolicy(90, 400, List.of(new RetentionPolicy.Hold("case-9",
                LocalDate.parse("2026-05-01"), LocalDate.parse("2026-05-31"), Set.of("222233334444"))));
        assertEquals(1, scalar("SELECT count(*) FROM events WHERE event_id = 'b2' AND raw_data IS NULL"),
                "the chunk's bytes ride on another record");
        // no lake written (an export that never ran, a lake out of reach): the store is all there is
        List<String> planned = prune(LATER, held, false);
        assertTrue(planned.contains("DELETE 111122223333 2026-05-10 2"), planned.toString());
        assertTrue(planned.contains("DELETE 111122223333 2026-05-11 1"), planned.toString());
        assertTrue(planned.contains("KEEP 222233334444 2026-05-10 1"), planned.toString());
        List<String> done = prune(LATER, held, true);
        assertTrue(done.containsAll(planned.stream().filter(st -> st.startsWith("DELETE")).toList()), done.toString());
        try (EventStore s = TestStores.openReadOnly(dir)) {
            assertEquals("b2", TestStores.text(s, "SELECT string_agg(event_id) FROM events").trim());
        }
        // the held record shares the deleted ones' raw chunk, whose bytes rode on the first of them: still readable
        assertCountsAgree(1);
        // coverage counts per region and day what query reads: one event on 05-10, none left on 05-11
        try (EventStore s = TestStores.openReadOnly(dir)) {
            List<String> days = new CoverageAnalysis(s, LATER).report(Instant.parse("2026-05-10T00:00:00Z"),
                    Instant.parse("2026-05-11T23:59:59Z"), Set.of("us-east-1")).days().stream()
                    .map(d -> d.day() + " " + d.events()).toList();
            assertEquals(List.of("2026-05-10 1", "2026-05-11 0"), days);
        }
    }

    @Test
    void withHotDaysEqualToTotalDaysAMismatchingPartitionPastBothIsDeleted() throws IOException {
        ingest(records("first.json", "a1", "a2"));
        export(NOW);
        ingest(records("late.json", "a4"));
        RetentionPolicy equal = new RetentionPolicy(400, 400);
        List<String> done = prune(LATER, equal, true);
        assertTrue(done.contains("DELETE 111122223333 2026-05-10 3"), done.toString());
        assertCountsAgree(0);
    }
}
