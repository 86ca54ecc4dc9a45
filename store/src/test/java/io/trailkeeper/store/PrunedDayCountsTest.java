package io.trailkeeper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.store.lake.LakeExport;
import io.trailkeeper.store.lake.LocalLakeTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * day_counts (what coverage reads) after prune: records ingested again after their day moved to the lake (a second
 * copy of the same logs, from another source) are counted once when the day moves again, so that total retention
 * leaves no count behind for a day whose events it deleted.
 */
class PrunedDayCountsTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    private static final Clock LATER = Clock.offset(NOW, Duration.ofDays(500));

    @TempDir
    Path dir;

    /** Six records over two days in two regions, one with no region, about 200 days before NOW. */
    private Path records(String name) throws IOException {
        return TestStores.sixRecords(dir.resolve(name));
    }

    private void ingest(Path file) {
        TestStores.ingestAt(dir, NOW, file);
    }

    private void exportAndPrune(Clock clock, RetentionPolicy policy) {
        new LakeExport(() -> EventStore.openForWriting(dir.resolve("store.duckdb"), EventStore.StoreOptions.defaults()),
                new LocalLakeTarget(dir.resolve("lake")), clock, Duration.ofSeconds(30))
                .run(null, null, LakeExport.Listener.NONE);
        try (EventStore s = TestStores.open(dir)) {
            new Prune(s, dir.resolve("lake"), policy, clock).run();
        }
    }

    private long counted(String where) {
        try (EventStore s = TestStores.openReadOnly(dir)) {
            return TestStores.scalar(s, "SELECT coalesce(sum(events), 0) FROM day_counts WHERE " + where);
        }
    }

    private long read(String where) {
        try (EventStore s = TestStores.openReadOnly(dir)) {
            return TestStores.scalar(s, "SELECT count(*) FROM events WHERE " + where);
        }
    }

    @Test
    void recordsIngestedAgainAfterTheirDayMovedAreCountedOnceAndNothingIsLeftAfterTotalRetention() throws IOException {
        RetentionPolicy keep = new RetentionPolicy(90, 5000);
        ingest(records("first.json"));
        exportAndPrune(NOW, keep);
        assertEquals(6, read("true"));
        ingest(records("second-copy.json"));
        exportAndPrune(NOW, keep);
        assertEquals(6, read("true"), "each record read once, from the lake");
        assertEquals(6, counted("true"), "each record counted once");
        assertEquals(3, counted("region = 'us-east-1' AND day = '2026-05-10'"));
        assertEquals(1, counted("region = '' AND day = '2026-05-10'"));
        // 500 days on, past the 400 days kept at all: the days are deleted, and coverage must not hold them any more
        exportAndPrune(LATER, new RetentionPolicy(90, 400));
        assertEquals(0, read("true"));
        assertEquals(0, counted("true"), "no count left for days whose events total retention deleted");
    }

    @Test
    void aDamagedLakeFilePastTotalRetentionIsDeletedAndUncounted() throws IOException {
        ingest(records("first.json"));
        exportAndPrune(NOW, new RetentionPolicy(90, 5000));
        Path file = dir.resolve("lake/events/account=111122223333/region=us-east-1/date=2026-05-10/events.parquet");
        Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), 40)); // a restore that did not finish
        exportAndPrune(LATER, new RetentionPolicy(90, 400));
        assertEquals(false, Files.exists(file), "deleted past the total retention, damaged or not");
        assertEquals(0, read("true"));
        assertEquals(0, counted("true"), "its events no longer counted, though the file could not be read");
    }

    @Test
    void anUnreadableLakeFileNoRecordNamesPastTotalRetentionIsDeletedAndPruneGoesOn() throws IOException {
        ingest(records("first.json"));
        exportAndPrune(NOW, new RetentionPolicy(90, 5000));
        // a file the store does not name (a delete that failed before, a copy put there by hand), damaged
        Path stray = dir.resolve("lake/events/account=111122223333/region=us-east-1/date=2013-01-01/events.parquet");
        Files.createDirectories(stray.getParent());
        Files.writeString(stray, "not parquet");
        try (EventStore s = TestStores.open(dir)) {
            Prune.Step planned = new Prune(s, dir.resolve("lake"), new RetentionPolicy(90, 400), LATER).plan().stream()
                    .filter(st -> st.date().equals("2013-01-01")).findFirst().orElseThrow();
            assertEquals(Prune.Action.REMOVE, planned.action());
            assertEquals(true, planned.reason().contains("no record names it, and it cannot be read as a lake file"),
                    planned.reason());
        }
        exportAndPrune(LATER, new RetentionPolicy(90, 400));
        assertEquals(false, Files.exists(stray), "deleted past the total retention, readable or not");
        assertEquals(0, read("true"), "the other partitions past the total retention deleted in the same run");
        assertEquals(0, counted("true"));
    }

    @Test
    void twoDamagedLakeFilesOfOneDayPastTotalRetentionAreDeletedAndPruneGoesOn() throws IOException {
        ingest(records("first.json"));
        exportAndPrune(NOW, new RetentionPolicy(90, 5000));
        // both accounts' files of one region and day, from a restore that did not finish
        Path first = dir.resolve("lake/events/account=111122223333/region=us-east-1/date=2026-05-10/events.parquet");
        Path second = dir.resolve("lake/events/account=222233334444/region=us-east-1/date=2026-05-10/events.parquet");
        for (Path file : java.util.List.of(first, second)) {
            Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), 40));
        }
        exportAndPrune(LATER, new RetentionPolicy(90, 400));
        assertEquals(false, Files.exists(first) || Files.exists(second), "deleted past the total retention, damaged");
        assertEquals(0, read("true"));
        assertEquals(0, counted("true"), "the day counted again when its last damaged file went");
    }
}
