package io.trailkeeper.store;

import io.trailkeeper.events.IngestProblem;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes batches into the store, each in one transaction: the records not already stored, the problems,
 * and the checkpoints of the files the batch completes. A crash at any instant leaves either all of a
 * batch or none of it, and a re-run skips nothing that was not stored and stores nothing twice.
 */
final class BatchWriter implements AutoCloseable {
    private final DuckDBConnection connection;
    private final BufferAllocator allocator;
    private final long runId;
    static final long[] T = new long[4];

    BatchWriter(DuckDBConnection connection, BufferAllocator allocator, long runId) throws SQLException {
        this.connection = connection;
        this.allocator = allocator;
        this.runId = runId;
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TEMP TABLE IF NOT EXISTS batch_keys (h UUID NOT NULL)");
        }
        connection.setAutoCommit(false);
    }

    /**
     * Writes batches in one transaction and commits: the records not stored yet with their raw chunks, the
     * problems, and the checkpoints of the files the batches complete. Returns how many records were new.
     */
    long write(List<IngestBatch> batches) throws SQLException {
        try {
            List<IngestBatch> withRows = batches.stream().filter(b -> b.rows() > 0).toList();
            long inserted = withRows.isEmpty() ? 0 : insertNew(withRows);
            for (IngestBatch b : batches) {
                writeProblems(b.problems);
                writeCheckpoints(b.filesDone);
            }
            connection.commit();
            return inserted;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    /**
     * Inserts the records that the store does not hold yet. The check runs on the hashes alone, so that the
     * insert itself streams; equal hashes mean equal records and so equal times, and the batches' time range
     * lets DuckDB skip the row groups that cannot hold a duplicate.
     */
    private long insertNew(List<IngestBatch> batches) throws SQLException {
        // the store's copies, and the same record in two of this transaction's batches (two readers
        // reading two copies of one file at once): each counts as stored once
        Set<UUID> stored = alreadyStored(batches);
        long kept = 0;
        for (IngestBatch b : batches) {
            EventVectors vectors = b.vectors();
            List<UUID> hashes = vectors.hashes();
            for (int i = 0; i < hashes.size(); i++) {
                if (!stored.add(hashes.get(i))) {
                    vectors.drop(i);
                } else {
                    kept++;
                }
            }
            vectors.carryChunks(b.chunks);
        }
        if (kept == 0) {
            return 0;
        }
        try (ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator);
             Statement s = connection.createStatement()) {
            Data.exportArrayStream(allocator, EventVectors.reader(allocator,
                    batches.stream().map(IngestBatch::vectors).toList()), stream);
            connection.registerArrowStream("tk_batch", stream);
            return s.executeUpdate("INSERT INTO events SELECT " + EventVectors.SELECT_LIST + " FROM tk_batch WHERE keep");
        }
    }

    private Set<UUID> alreadyStored(List<IngestBatch> batches) throws SQLException {
        Instant min = null;
        Instant max = null;
        boolean nullTime = false;
        try (DuckDBAppender keys = connection.createAppender("temp", "main", "batch_keys")) {
            for (IngestBatch b : batches) {
                for (UUID h : b.vectors().hashes()) {
                    keys.beginRow();
                    keys.append(h);
                    keys.endRow();
                }
                nullTime |= b.nullTime;
                if (b.minTime != null) {
                    min = min == null || b.minTime.isBefore(min) ? b.minTime : min;
                    max = max == null || b.maxTime.isAfter(max) ? b.maxTime : max;
                }
            }
        }
        Set<UUID> found = new HashSet<>();
        boolean range = !nullTime && min != null;
        try (PreparedStatement p = connection.prepareStatement("SELECT e.record_hash FROM (SELECT record_hash FROM"
                + " events" + (range ? " WHERE event_time BETWEEN ? AND ?" : "") + ") e SEMI JOIN batch_keys k"
                + " ON e.record_hash = k.h")) {
            if (range) {
                p.setObject(1, Times.toLocal(min));
                p.setObject(2, Times.toLocal(max));
            }
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    found.add((UUID) r.getObject(1));
                }
            }
        }
        try (Statement s = connection.createStatement()) {
            s.execute("DELETE FROM batch_keys");
        }
        return found;
    }

    private void writeProblems(List<IngestProblem> problems) throws SQLException {
        if (problems.isEmpty()) {
            return;
        }
        try (DuckDBAppender a = connection.createAppender("main", "ingest_problems")) {
            for (IngestProblem p : problems) {
                a.beginRow();
                a.append(runId);
                a.append(p.source());
                a.append(p.location());
                if (p.byteOffset() < 0) {
                    a.appendNull();
                } else {
                    a.append(p.byteOffset());
                }
                a.append(p.code().code());
                a.append(p.code().name());
                a.append(p.outcome().name());
                a.append(p.message());
                a.append(p.excerpt());
                a.endRow();
            }
        }
    }

    private void writeCheckpoints(List<IngestBatch.FileDone> files) throws SQLException {
        try (DuckDBAppender a = connection.createAppender("main", "source_files")) {
            for (IngestBatch.FileDone f : files) {
                if (!f.clean()) {
                    // a file with rejected content is read again next time, in case it was repaired
                    continue;
                }
                a.beginRow();
                a.append(f.sourceName());
                a.append(f.sizeBytes());
                a.appendEpochMicros(Times.epochMicros(f.modifiedAt()));
                a.append(f.records());
                a.append(runId);
                a.endRow();
            }
        }
    }

    @Override
    public void close() throws SQLException {
        connection.setAutoCommit(true);
    }
}
