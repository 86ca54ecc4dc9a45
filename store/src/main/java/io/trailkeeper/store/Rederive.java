package io.trailkeeper.store;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Recomputes the derived columns of the stored events from their raw records, with the ingest's own reader and
 * column builder ({@link StoredRecords}, {@link EventVectors}): what a newer TrailKeeper derives differently or
 * newly (source_identity, schema 13) reaches the events stored before it, which an ingest would drop as duplicates.
 *
 * <p>The events are taken in raw chunk order, a step of chunks at a time; each step is one transaction that also
 * records in store_meta how far the pass has come ({@value #DONE}), so a pass killed midway leaves the store
 * consistent and the next run goes on from there. The pass covers the chunks stored when it began ({@value #UNTIL});
 * events stored later were derived by this version. Provenance (source_*), the record hash and the raw record itself
 * are never changed; an event whose record cannot be parsed again keeps its columns and is named in the summary.
 * Rows the events view reads from the lake are not in the events table and are not touched.
 */
public final class Rederive {
    static final String UNTIL = "rederive_until_chunk";
    static final String DONE = "rederive_done_through_chunk";
    /** About 50,000 events of 256 KB chunks: a step holds a few MB of compressed chunks and its rows' columns. */
    static final int STEP_CHUNKS = 256;
    /** How many events that cannot be parsed again the summary names (all are counted). */
    static final int NAMED = 20;

    /** How long a run holds the store at a time when it opens it itself, and how long it then lets others have it. */
    static final Duration HOLD = Duration.ofSeconds(5);
    /** Longer than the 200 ms between a waiting command's tries (see EventStore), so that it gets in. */
    static final Duration GAP = Duration.ofMillis(500);

    /** The store held throughout (null when the run opens it in turns). */
    private final EventStore store;
    private final Turns turns;
    private final Listener listener;
    private final int stepChunks;

    /**
     * How a run that opens the store itself holds it: for turns of about {@code hold}, each opening it with {@code
     * opener} (for writing) and closing it, with {@code gap} between them, so that a query, a collection or a
     * watch can use the store meanwhile, as they can beside a collection.
     */
    record Turns(Supplier<EventStore> opener, Duration hold, Duration gap) {
    }

    /** Told the size of the pass when it starts, and the events done after each step. */
    public interface Listener {
        default void started(long events, boolean resumed) {
        }

        default void progress(long eventsDone) {
        }
    }

    /**
     * What a run did.
     *
     * @param events           events read again in this run
     * @param changed          events of them whose derived columns changed
     * @param changedByColumn  per derived column, the events whose value changed (only columns that changed)
     * @param unreadable       events whose record could not be parsed again (their columns kept as stored)
     * @param unreadableNamed  the first {@value #NAMED} of them, named with the reason
     * @param resumed          whether the run went on with a pass an earlier run began
     */
    public record Summary(long events, long changed, Map<String, Long> changedByColumn, long unreadable,
                          List<String> unreadableNamed, boolean resumed, Duration elapsed) {
    }

    /** A run on a store opened for writing, held until the run ends. */
    public Rederive(EventStore store, Listener listener) {
        this(store, null, listener, STEP_CHUNKS);
    }

    /**
     * A run that opens the store itself with {@code opener} (for writing), for turns of {@link #HOLD}, and lets
     * other commands have it in between.
     */
    public Rederive(Supplier<EventStore> opener, Listener listener) {
        this(null, new Turns(opener, HOLD, GAP), listener, STEP_CHUNKS);
    }

    Rederive(EventStore store, Turns turns, Listener listener, int stepChunks) {
        if (store != null && store.readOnly()) {
            throw new IllegalArgumentException("rederive needs a store opened for writing");
        }
        this.store = store;
        this.turns = turns;
        this.listener = listener;
        this.stepChunks = stepChunks;
    }

    public Summary run() {
        long t0 = System.nanoTime();
        Run run = new Run();
        while (true) {
            EventStore s = turns == null ? store : turns.opener().get();
            boolean finished;
            try {
                finished = turn(s, run);
            } finally {
                if (turns != null) {
                    s.close();
                }
            }
            if (finished) {
                Totals t = run.totals;
                return new Summary(t.events, t.changed, t.byColumn(), t.unreadable, List.copyOf(t.named),
                        run.pass.resumed(), Duration.ofNanos(System.nanoTime() - t0));
            }
            pause(turns.gap());
        }
    }

    /** Steps on the store until the pass ends or the turn is over; true when the pass ended. */
    private boolean turn(EventStore s, Run run) {
        if (s.readOnly()) {
            throw new IllegalArgumentException("rederive needs a store opened for writing");
        }
        long end = turns == null ? Long.MAX_VALUE : System.nanoTime() + turns.hold().toNanos();
        try (RederiveStep step = new RederiveStep(s.connection())) {
            if (run.pass == null) {
                run.pass = Pass.begin(s.connection());
                run.done = run.pass.done();
                listener.started(run.pass.events(), run.pass.resumed());
            }
            while (run.done < run.pass.until()) {
                long first = run.done + 1;
                long last = lastChunkOfStep(s, run.done, run.pass.until());
                StoreSql.inTransaction(s.connection(), () -> {
                    step.run(first, last, run.totals);
                    StoreSql.execute(s.connection(), "UPDATE store_meta SET value = ? WHERE key = ?",
                            List.of(Long.toString(last), DONE));
                });
                run.done = last;
                listener.progress(run.totals.events);
                if (System.nanoTime() >= end && run.done < run.pass.until()) {
                    return false; // at least one step a turn
                }
            }
            run.pass.finish(s.connection());
            return true;
        } catch (SQLException e) {
            throw new TrailKeeperException(ErrorCode.STORE_WRITE_FAILED, "recomputing the derived columns of "
                    + s.path() + " failed: " + EventStore.firstLine(e.getMessage()),
                    "every step done before is kept; run the same command again to go on from there", e);
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrailKeeperException(ErrorCode.INTERNAL, "interrupted between two steps of rederive; every"
                    + " step done is kept", "run the same command again to go on from there", e);
        }
    }

    /** Where a run is: its pass, the last chunk done, what it did. */
    private static final class Run {
        Pass pass;
        long done;
        final Totals totals = new Totals();
    }

    /** The last chunk of the next step: at most {@code stepChunks} chunks after {@code done}, not past the pass. */
    private long lastChunkOfStep(EventStore s, long done, long until) throws SQLException {
        String last = StoreSql.scalar(s.connection(), "SELECT max(raw_chunk) FROM (SELECT DISTINCT raw_chunk"
                + " FROM events WHERE raw_chunk > ? AND raw_chunk <= ? ORDER BY raw_chunk LIMIT ?)",
                List.of(done, until, stepChunks));
        return last == null ? until : Long.parseLong(last);
    }

    /** The running counts of a run. */
    static final class Totals {
        long events;
        long changed;
        long unreadable;
        final List<String> named = new ArrayList<>();
        final long[] byColumn = new long[RederiveStep.DERIVED.size()];

        void unreadable(StoredRecords.Stored s) {
            unreadable++;
            if (named.size() < NAMED) {
                named.add(s.name() + ": " + s.failure());
            }
        }

        Map<String, Long> byColumn() {
            Map<String, Long> m = new LinkedHashMap<>();
            for (int i = 0; i < byColumn.length; i++) {
                if (byColumn[i] > 0) {
                    m.put(RederiveStep.DERIVED.get(i), byColumn[i]);
                }
            }
            return m;
        }
    }

    /** A pass over the chunks stored when it began, as store_meta keeps it between runs. */
    record Pass(long done, long until, long events, boolean resumed) {
        static Pass begin(java.sql.Connection c) throws SQLException {
            String until = StoreSql.scalar(c, "SELECT max(value) FROM store_meta WHERE key = ?", List.of(UNTIL));
            String done = StoreSql.scalar(c, "SELECT max(value) FROM store_meta WHERE key = ?", List.of(DONE));
            if (until != null && done != null) {
                long u = Long.parseLong(until);
                long d = Long.parseLong(done);
                return new Pass(d, u, count(c, d, u), true);
            }
            String max = StoreSql.scalar(c, "SELECT max(raw_chunk) FROM events", List.of());
            long u = max == null ? Long.MIN_VALUE + 1 : Long.parseLong(max);
            long d = Long.MIN_VALUE + 1;
            StoreSql.inTransaction(c, () -> StoreSql.execute(c, "INSERT OR REPLACE INTO store_meta VALUES (?, ?), (?, ?)",
                    List.of(UNTIL, Long.toString(u), DONE, Long.toString(d))));
            return new Pass(d, u, count(c, d, u), false);
        }

        private static long count(java.sql.Connection c, long done, long until) throws SQLException {
            return Long.parseLong(StoreSql.scalar(c, "SELECT count(*) FROM events WHERE raw_chunk > ? AND raw_chunk <= ?",
                    List.of(done, until)));
        }

        /**
         * Ends the pass: every event stored before it began now has this version's columns, source_identity
         * included, so the events stored before schema 13 are no longer counted as searched without it.
         */
        void finish(java.sql.Connection c) throws SQLException {
            StoreSql.inTransaction(c, () -> StoreSql.execute(c, "DELETE FROM store_meta WHERE key IN (?, ?, ?, ?)",
                    List.of(UNTIL, DONE, SourceIdentityCoverage.UNREAD_THROUGH_CHUNK, ColumnRules.STALE_THROUGH_CHUNK)));
        }
    }
}
