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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dry run says what prune (which exports first) will do: logs imported for a case years after the fact are not
 * in the lake yet, and are deleted from the store, never written to the lake, unless a hold covers them: then they
 * are exported, moved and kept in the lake.
 */
class PrunePlanTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private void ingest() throws IOException {
        Path file = TestStores.createUsers(dir.resolve("case-logs.json"), "2013-06-01T10:00:00Z",
                "2026-05-10T10:00:00Z");
        try (EventStore s = TestStores.open(dir)) {
            TestStores.ingest(s, file);
        }
    }

    /** Action and date of each step that deletes from the store or the lake, or keeps there past total retention. */
    private List<String> pastRetention(RetentionPolicy policy, boolean act) {
        if (act) {
            new LakeExport(() -> EventStore.openForWriting(dir.resolve("store.duckdb"),
                    EventStore.StoreOptions.defaults()), new LocalLakeTarget(dir.resolve("lake")), NOW,
                    Duration.ofSeconds(30)).run(null, Prune.hotFrom(policy, NOW).minusDays(1),
                    Prune.exported(policy, NOW), LakeExport.Listener.NONE);
        }
        try (EventStore s = TestStores.open(dir)) {
            Prune prune = new Prune(s, dir.resolve("lake"), policy, NOW);
            return (act ? prune.run() : prune.plan()).stream().filter(st -> st.action() == Prune.Action.REMOVE
                    || st.action() == Prune.Action.DELETE || st.action() == Prune.Action.HOLD)
                    .map(st -> st.action() + " " + st.date()).toList();
        }
    }

    @Test
    void imported2013LogsNotYetInTheLakeAreListedAsDeletedByTheDryRun() throws IOException {
        ingest();
        RetentionPolicy policy = new RetentionPolicy(90, 400);
        List<String> planned = pastRetention(policy, false);
        assertEquals(List.of("DELETE 2013-06-01"), planned);
        assertEquals(planned, pastRetention(policy, true), "the dry run said what the run did");
        assertEquals(false, Files.exists(dir.resolve("lake/events/account=111122223333/region=us-east-1")
                .resolve("date=2013-06-01")), "the lake never got a copy of what total retention deletes");
        assertEquals(true, Files.exists(dir.resolve("lake/events/account=111122223333/region=us-east-1")
                .resolve("date=2026-05-10")), "the day within the total retention moved");
    }

    @Test
    void aHoldOverThemIsListedAsKeptInTheLake() throws IOException {
        ingest();
        RetentionPolicy held = new RetentionPolicy(90, 400, List.of(new RetentionPolicy.Hold("case-7",
                LocalDate.parse("2013-01-01"), LocalDate.parse("2013-12-31"), Set.of())));
        List<String> planned = pastRetention(held, false);
        assertEquals(List.of("HOLD 2013-06-01"), planned);
        assertEquals(planned, pastRetention(held, true));
    }
}
