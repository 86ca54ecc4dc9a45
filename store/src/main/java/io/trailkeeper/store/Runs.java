package io.trailkeeper.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The bookkeeping: runs, file checkpoints, what the store holds before a run, raw chunk ids. */
final class Runs {
    private final EventStore store;

    Runs(EventStore store) {
        this.store = store;
    }

    /** Records the start of a run; runs left 'running' by a killed process are marked 'interrupted'. */
    long start(String command, Instant at) throws SQLException {
        try (Statement s = store.connection().createStatement()) {
            s.execute("UPDATE ingest_runs SET status = 'interrupted' WHERE status = 'running'");
            long id;
            try (ResultSet r = s.executeQuery("SELECT coalesce(max(run_id), 0) + 1 FROM ingest_runs")) {
                r.next();
                id = r.getLong(1);
            }
            try (PreparedStatement p = store.connection().prepareStatement(
                    "INSERT INTO ingest_runs (run_id, command, started_at, status) VALUES (?, ?, ?, 'running')")) {
                p.setLong(1, id);
                p.setString(2, command);
                p.setObject(3, Times.toLocal(at));
                p.executeUpdate();
            }
            return id;
        }
    }

    void finish(Ingest.Summary s, Instant at) throws SQLException {
        try (PreparedStatement p = store.connection().prepareStatement("UPDATE ingest_runs SET finished_at = ?,"
                + " files = ?, records = ?, new_events = ?, duplicates = ?, digests = ?, problems = ?,"
                + " status = 'complete' WHERE run_id = ?")) {
            p.setObject(1, Times.toLocal(at));
            p.setLong(2, s.files());
            p.setLong(3, s.records());
            p.setLong(4, s.newEvents());
            p.setLong(5, s.duplicates());
            p.setLong(6, s.digests());
            p.setLong(7, s.problemsStored() + s.problemsRejected());
            p.setLong(8, s.runId());
            p.executeUpdate();
        }
    }

    /** source name -> {size, modified epoch micros, records, run id} of the latest complete read of every file. */
    Map<String, long[]> checkpoints() throws SQLException {
        Map<String, long[]> done = new HashMap<>();
        try (Statement s = store.connection().createStatement();
             ResultSet r = s.executeQuery("SELECT source_name, arg_max(size_bytes, run_id),"
                     + " arg_max(epoch_us(modified_at), run_id), arg_max(records, run_id), max(run_id)"
                     + " FROM source_files GROUP BY source_name")) {
            while (r.next()) {
                done.put(r.getString(1), new long[]{r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5)});
            }
        }
        return done;
    }

    /**
     * The first run of this store that read with the reader generation given: a store written by an older reader
     * is marked, at this run, as read by this one from now on. Files an older reader read without finding a record
     * are read again once (see {@link Ingest#READER_GENERATION}).
     */
    long readerGenerationSince(int generation, long thisRun) throws SQLException {
        String stored = StoreSql.scalar(store.connection(), "SELECT max(value) FROM store_meta WHERE key = ?",
                java.util.List.of(GENERATION));
        String since = StoreSql.scalar(store.connection(), "SELECT max(value) FROM store_meta WHERE key = ?",
                java.util.List.of(GENERATION_SINCE));
        if (stored != null && Integer.parseInt(stored) >= generation && since != null) {
            return Long.parseLong(since);
        }
        StoreSql.execute(store.connection(), "INSERT OR REPLACE INTO store_meta VALUES (?, ?), (?, ?)",
                java.util.List.of(GENERATION, String.valueOf(generation), GENERATION_SINCE, String.valueOf(thisRun)));
        return thisRun;
    }

    private static final String GENERATION = "reader_generation";
    private static final String GENERATION_SINCE = "reader_generation_since_run";

    /**
     * The first unused raw chunk id: above every stored event's and above the last one stored before schema 13 or read
     * by older column rules (prune may have moved those away), so that no new event is taken for one of them.
     */
    long nextChunkId() throws SQLException {
        try (Statement s = store.connection().createStatement();
             ResultSet r = s.executeQuery("SELECT greatest(coalesce(max(raw_chunk), 0), (SELECT coalesce(max(CAST(value"
                     + " AS BIGINT)), 0) FROM store_meta WHERE key IN ('" + SourceIdentityCoverage.UNREAD_THROUGH_CHUNK
                     + "', '" + ColumnRules.STALE_THROUGH_CHUNK + "'))) + 1 FROM events")) {
            r.next();
            return r.getLong(1);
        }
    }
}
