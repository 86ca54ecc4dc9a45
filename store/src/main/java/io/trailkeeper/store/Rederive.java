package io.trailkeeper.store;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    private final EventStore store;
    private final Listener listener;
    private final int stepChunks;

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

    public Rederive(EventStore store, Listener listener) {
        this(store, listener, STEP_CHUNKS);
    }

    Rederive(EventStore store, Listener listener, int stepChunks) {
        if (store.readOnly()) {
            throw new IllegalArgumentException("rederive needs a store opened for writing");
        }
        this.store = store;
        this.listener = listener;
        this.stepChunks = stepChunks;
    }

    public Summary run() {
        long t0 = System.nanoTime();
        try (RederiveStep step = new RederiveStep(store.connection())) {
            Pass pass = Pass.begin(store.connection());
            listener.started(pass.events(), pass.resumed());
            Totals totals = new Totals();
            long done = pass.done();
            while (done < pass.until()) {
                long first = done + 1;
                long last = lastChunkOfStep(done, pass.until());
                StoreSql.inTransaction(store.connection(), () -> {
                    step.run(first, last, totals);
                    StoreSql.execute(store.connection(), "UPDATE store_meta SET value = ? WHERE key = ?",
                            List.of(Long.toString(last), DONE));
                });
                done = last;
                listener.progress(totals.events);
            }
            pass.finish(store.connection());
            return new Summary(totals.events, totals.changed, totals.byColumn(), totals.unreadable,
                    List.copyOf(totals.named), pass.resumed(), Duration.ofNanos(System.nanoTime() - t0));
        } catch (SQLException e) {
            throw new TrailKeeperException(ErrorCode.STORE_WRITE_FAILED, "recomputing the derived columns of "
                    + store.path() + " failed: " + EventStore.firstLine(e.getMessage()),
                    "every step done before is kept; run the same command again to go on from there", e);
        }
    }

    /** The last chunk of the next step: at most {@code stepChunks} chunks after {@code done}, not past the pass. */
    private long lastChunkOfStep(long done, long until) throws SQLException {
        String last = StoreSql.scalar(store.connection(), "SELECT max(raw_chunk) FROM (SELECT DISTINCT raw_chunk"
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
            StoreSql.inTransaction(c, () -> StoreSql.execute(c, "DELETE FROM store_meta WHERE key IN (?, ?, ?)",
                    List.of(UNTIL, DONE, SourceIdentityCoverage.UNREAD_THROUGH_CHUNK)));
        }
    }
}
