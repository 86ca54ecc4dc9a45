package io.trailkeeper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.lake.LakeExport;
import io.trailkeeper.store.lake.LocalLakeTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake changed behind the store's back (a file deleted by hand, a lake folder restored from an older copy): the
 * next export writes the partition again and the next prune moves it, where both once said "unchanged" and "export it
 * first" to each other for ever, and the day was missing from the lake.
 */
class LakeRepairTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    private static final RetentionPolicy KEEP = new RetentionPolicy(90, 5000);
    private static final String DAY1 = "events/account=111122223333/region=us-east-1/date=2026-05-10/events.parquet";
    private static final String DAY2 = "events/account=111122223333/region=us-east-1/date=2026-05-11/events.parquet";

    @TempDir
    Path dir;

    private void ingest() throws IOException {
        Path file = TestStores.createUsers(dir.resolve("records.json"), "2026-05-10T10:00:00Z",
                "2026-05-10T11:00:00Z", "2026-05-11T10:00:00Z");
        try (EventStore s = TestStores.open(dir)) {
            TestStores.ingest(s, file);
        }
    }

    private int export() {
        return new LakeExport(() -> EventStore.openForWriting(dir.resolve("store.duckdb"),
                EventStore.StoreOptions.defaults()), new LocalLakeTarget(lake()), NOW, Duration.ofSeconds(30))
                .run(null, null, LakeExport.Listener.NONE).written();
    }

    private List<Prune.Step> prune() {
        try (EventStore s = TestStores.open(dir)) {
            return new Prune(s, lake(), KEEP, NOW).run();
        }
    }

    private Path lake() {
        return dir.resolve("lake");
    }

    @Test
    void aLakeFileDeletedByHandIsWrittenAgainByTheNextExport() throws IOException {
        ingest();
        assertEquals(2, export());
        Files.delete(lake().resolve(DAY1));
        assertEquals(1, export(), "the day the lake lost is written again");
        assertTrue(Files.isRegularFile(lake().resolve(DAY1)));
        assertEquals(List.of(Prune.Action.MOVE, Prune.Action.MOVE), prune().stream().map(Prune.Step::action).toList());
    }

    @Test
    void aPartitionWhoseFileIsNotALakeFileIsKeptAndTheNextExportNamesTheFile() throws IOException {
        ingest();
        assertEquals(2, export());
        Files.writeString(lake().resolve(DAY1), "not parquet");
        assertEquals(0, export(), "the files are all there");
        Prune.Step kept = prune().get(0);
        assertEquals(Prune.Action.KEEP, kept.action());
        assertTrue(kept.exportFirst() && kept.reason().contains("cannot be read as a lake file"), kept.reason());
        io.trailkeeper.events.TrailKeeperException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.trailkeeper.events.TrailKeeperException.class, this::export);
        assertTrue(e.getMessage().contains(lake().resolve(DAY1).toString()), e.getMessage());
        assertEquals("not parquet", Files.readString(lake().resolve(DAY1)), "left for its owner to look at");
    }

    @Test
    void aLakeFileReplacedWithOtherRowsIsKeptThenWrittenAgainAndMoved() throws IOException {
        ingest();
        assertEquals(2, export());
        // an older copy of the lake put back: the first day's file holds the second day's rows
        Files.copy(lake().resolve(DAY2), lake().resolve(DAY1), StandardCopyOption.REPLACE_EXISTING);
        assertEquals(0, export(), "the files are all there");
        List<Prune.Step> kept = prune();
        assertEquals(List.of(Prune.Action.KEEP, Prune.Action.MOVE), kept.stream().map(Prune.Step::action).toList());
        assertTrue(kept.get(0).exportFirst(), kept.get(0).reason());
        assertEquals(1, export(), "the export record no longer says the lake holds the day");
        assertEquals(List.of(Prune.Action.MOVE), prune().stream().map(Prune.Step::action).toList());
        try (EventStore s = TestStores.openReadOnly(dir)) {
            assertEquals(3, TestStores.scalar(s, "SELECT count(DISTINCT event_id) FROM events WHERE rowid < 0"));
            assertEquals(0, TestStores.scalar(s, "SELECT count(*) FROM events WHERE rowid >= 0"), "everything moved");
        }
    }
}
