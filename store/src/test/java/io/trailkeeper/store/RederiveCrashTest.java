package io.trailkeeper.store;

import static io.trailkeeper.store.TestStores.execute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.testkit.TrailFileGenerator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a rederive (SIGKILL) while it rewrites the events of an old store, then checks that the store opens with
 * every step either done or not begun, and that running it again finishes the pass with nothing left to do. And a
 * rederive that opens the store itself lets another process read it between its turns.
 */
class RederiveCrashTest {
    private static final int EVENTS = 60_000;
    /** A step of 8 raw chunks (about 1,600 events): the pass takes about 40 commits. */
    private static final int STEP_CHUNKS = 8;

    @TempDir
    Path dir;

    @Test
    void aKilledRederiveLeavesWholeStepsAndTheNextRunFinishesIt() throws Exception {
        Path input = dir.resolve("input");
        TrailFileGenerator.benchmark(42).write(input, EVENTS, 2);
        Path storeFile = dir.resolve("store.duckdb");
        try (EventStore store = EventStore.openForWriting(storeFile, EventStore.StoreOptions.defaults())) {
            TestStores.ingest(store, input);
            // as an older TrailKeeper left it: no source_identity, and every user name derived otherwise
            execute(store, "ALTER TABLE events DROP COLUMN source_identity");
            execute(store, "UPDATE store_meta SET value = '12' WHERE key = 'schema_version'");
            execute(store, "UPDATE events SET user_name = 'older'");
            execute(store, "UPDATE s3_object_calls SET user_name = 'older'");
        }
        long killedAt = killDuringRederive(storeFile, 3);
        assertTrue(killedAt > 0 && killedAt < EVENTS, "the kill landed mid-pass: " + killedAt);
        try (EventStore store = EventStore.openForWriting(storeFile, EventStore.StoreOptions.defaults())) {
            String done = TestStores.text(store, "SELECT value FROM store_meta WHERE key = '" + Rederive.DONE + "'");
            assertNotNull(done, "the pass is recorded as begun");
            // whole steps: everything through the recorded chunk rewritten, nothing after it
            assertEquals(0, TestStores.scalar(store, "SELECT count(*) FROM events WHERE raw_chunk <= " + done
                    + " AND user_name = 'older'"));
            assertEquals(0, TestStores.scalar(store, "SELECT count(*) FROM events WHERE raw_chunk > " + done
                    + " AND user_name IS DISTINCT FROM 'older'"));
            assertTrue(TestStores.scalar(store, "SELECT count(*) FROM events WHERE user_name = 'older'") > 0);
            assertNotNull(SourceIdentityCoverage.caveat(store, null, null, Set.of()));

            Rederive.Summary rest = new Rederive(store, new Rederive.Listener() { }).run();
            assertTrue(rest.resumed());
            assertEquals(0, rest.unreadable());
            assertEquals(0, TestStores.scalar(store, "SELECT count(*) FROM events WHERE user_name = 'older'"));
            assertEquals(0, TestStores.scalar(store, "SELECT count(*) FROM s3_object_calls WHERE user_name = 'older'"));
            assertEquals(EVENTS, TestStores.scalar(store, "SELECT count(*) FROM events"));
            assertEquals(0, TestStores.scalar(store, "SELECT count(*) FROM (SELECT raw_chunk FROM events"
                    + " GROUP BY raw_chunk HAVING count(raw_data) <> 1)"));
            assertNull(SourceIdentityCoverage.caveat(store, null, null, Set.of()));
            assertEquals(0, new Rederive(store, new Rederive.Listener() { }).run().changed(), "nothing left");
        }
    }

    @Test
    @Timeout(180)
    void aRederiveThatOpensTheStoreItselfLetsOtherCommandsInBetweenItsTurns() throws Exception {
        Path input = dir.resolve("input");
        TrailFileGenerator.benchmark(7).write(input, 20_000, 2);
        Path storeFile = dir.resolve("store.duckdb");
        try (EventStore store = EventStore.openForWriting(storeFile, EventStore.StoreOptions.defaults())) {
            TestStores.ingest(store, input);
            execute(store, "UPDATE events SET user_name = 'older'");
        }
        // one step (16 chunks, about 3,000 events) a turn, then 600 ms let go: three times the 200 ms between a
        // waiting command's tries
        Process p = rederive(storeFile, "16", "0", "600");
        int readsBetween = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("finished")) {
                if (line.startsWith("events ") && readsBetween < 3) {
                    // a reader waits at most 10 s (the default), while the rederive goes on for longer
                    try (EventStore reader = EventStore.openForReading(storeFile, EventStore.StoreOptions.defaults())) {
                        assertEquals(20_000, TestStores.scalar(reader, "SELECT count(*) FROM events"));
                        assertEquals(1, TestStores.scalar(reader, "SELECT count(*) FROM store_meta WHERE key = '"
                                + Rederive.DONE + "'"), "read while the pass was under way");
                        readsBetween++;
                    }
                }
            }
            assertEquals("finished", line, "the rederive ran to its end");
        } finally {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        assertEquals(0, p.exitValue());
        assertEquals(3, readsBetween);
        try (EventStore store = EventStore.openForWriting(storeFile, EventStore.StoreOptions.defaults())) {
            assertEquals(0, TestStores.scalar(store, "SELECT count(*) FROM events WHERE user_name = 'older'"));
            assertEquals(0, TestStores.scalar(store, "SELECT count(*) FROM store_meta WHERE key LIKE 'rederive%'"));
        }
    }

    private Process rederive(Path store, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(store.toString()));
        all.addAll(List.of(args));
        return ChildJvm.start(RederiveProcess.class, all.toArray(String[]::new));
    }

    /** Starts a rederive in another JVM and kills it once it has committed at least the given number of steps. */
    private long killDuringRederive(Path store, int afterSteps) throws Exception {
        Process p = rederive(store, Integer.toString(STEP_CHUNKS));
        long[] seen = {0};
        int[] steps = {0};
        ChildJvm.killWhen(p, line -> {
            if (!line.startsWith("events ")) {
                return false;
            }
            seen[0] = Long.parseLong(line.substring(7));
            return ++steps[0] >= afterSteps;
        });
        return seen[0];
    }
}
