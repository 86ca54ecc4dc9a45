package io.trailkeeper.store;

import io.trailkeeper.events.IngestProblem;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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

    /** Writes one batch and commits it. Returns how many of its records were new to the store. */
    long write(IngestBatch batch) throws SQLException {
        try {
            long inserted = batch.rows() == 0 ? 0 : insertNew(batch);
            writeProblems(batch.problems);
            writeCheckpoints(batch.filesDone);
            connection.commit();
            return inserted;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    /**
     * Inserts the batch's records that the store does not hold yet. The check runs on the hashes alone, so
     * that the insert itself streams; equal hashes mean equal records and so equal times, and the batch's
     * time range lets DuckDB skip the row groups that cannot hold a duplicate.
     */
    private long insertNew(IngestBatch batch) throws SQLException {
        EventVectors vectors = batch.vectors();
        Set<UUID> stored = alreadyStored(vectors.hashes(), batch);
        if (!stored.isEmpty()) {
            List<UUID> hashes = vectors.hashes();
            for (int i = 0; i < hashes.size(); i++) {
                if (stored.contains(hashes.get(i))) {
                    vectors.drop(i);
                }
            }
        }
        if (stored.size() == vectors.rows()) {
            return 0;
        }
        try (ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator);
             Statement s = connection.createStatement()) {
            Data.exportArrayStream(allocator, vectors.reader(), stream);
            connection.registerArrowStream("tk_batch", stream);
            return s.executeUpdate("INSERT INTO events SELECT " + EventVectors.SELECT_LIST + " FROM tk_batch WHERE keep");
        }
    }

    private Set<UUID> alreadyStored(List<UUID> hashes, IngestBatch batch) throws SQLException {
        try (DuckDBAppender keys = connection.createAppender("temp", "main", "batch_keys")) {
            for (UUID h : hashes) {
                keys.beginRow();
                keys.append(h);
                keys.endRow();
            }
        }
        Set<UUID> found = new HashSet<>();
        String range = batch.nullTime ? "" : " WHERE event_time BETWEEN ? AND ?";
        try (PreparedStatement p = connection.prepareStatement("SELECT e.record_hash FROM (SELECT record_hash FROM"
                + " events" + range + ") e SEMI JOIN batch_keys k ON e.record_hash = k.h")) {
            if (!batch.nullTime) {
                p.setObject(1, Times.toLocal(batch.minTime));
                p.setObject(2, Times.toLocal(batch.maxTime));
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
