package io.trailkeeper.store;

import io.trailkeeper.events.CollectedBatch;
import io.trailkeeper.events.Coverage;
import io.trailkeeper.events.IngestProblem;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes batches into the store in transactions of at least a DuckDB row group: the records not stored yet
 * (with their raw chunks), the problems, and the checkpoints of the files the batches complete. A crash at
 * any instant leaves either all of a transaction or none of it, and a re-run skips nothing that was not
 * stored and stores nothing twice.
 *
 * <p>The INSERT streams: DuckDB pulls batches while the readers still produce them, so neither side waits
 * for a whole transaction to gather. Duplicates of stored records are looked up per batch ({@link
 * StoredDuplicates}); duplicates within the transaction are caught by hash in memory.
 *
 * <p>DuckDB runs the INSERT on one thread while a writer is open: with more, each thread appends the rows it pulls
 * to a row-group collection of its own, and at the end DuckDB copies these part-filled collections into one (its
 * MergeCollectionsTask), which took a fifth of the ingest's CPU time. On one thread rows go straight into full row
 * groups. The readers use the other cores.
 */
final class BatchWriter implements AutoCloseable {
    private final DuckDBConnection connection;
    private final StoredDuplicates lookup;
    private final BufferAllocator allocator;
    private final long runId;
    /** DuckDB's thread count when the writer was opened, restored at its close. */
    private final String threadsBefore;
    private final WriterMemory memory;

    /** Where the batches come from; {@code next} blocks until one is ready and returns null at the end. */
    interface Source {
        IngestBatch next() throws InterruptedException;
    }

    /** What one transaction wrote. */
    record Written(List<IngestBatch> batches, long inserted, boolean endOfInput) {
    }

    /**
     * @param sole whether nothing else writes events to the store while this writer is open (an ingest): then only
     *             what can be stored is looked up (see {@link StoredDuplicates})
     */
    BatchWriter(EventStore store, BufferAllocator allocator, long runId, boolean sole) throws SQLException {
        DuckDBConnection connection = store.connection();
        this.connection = connection;
        this.allocator = allocator;
        this.runId = runId;
        this.threadsBefore = StoreSql.scalar(connection, "SELECT current_setting('threads')", List.of());
        StoreSql.execute(connection, "SET threads = 1", List.of());
        StoredDuplicates duplicates = null;
        WriterMemory raised = null;
        try {
            raised = WriterMemory.raise(connection, store.memoryLimit());
            duplicates = new StoredDuplicates(connection, sole);
            connection.setAutoCommit(false);
        } catch (SQLException | RuntimeException e) {
            // not opened after all: nothing of it is left behind
            try {
                if (duplicates != null) {
                    duplicates.close();
                }
                restoreSettings(raised);
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        this.lookup = duplicates;
        this.memory = raised;
    }

    private void restoreSettings(WriterMemory raised) throws SQLException {
        SQLException failed = null;
        try {
            StoreSql.execute(connection, "SET threads = " + Integer.parseInt(threadsBefore), List.of());
        } catch (SQLException e) {
            failed = e;
        }
        if (raised != null) {
            try {
                raised.restore();
            } catch (SQLException e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /**
     * Writes one transaction of batches taken from the source until it holds {@code records} records or the
     * source ends, and commits it. The caller closes the returned batches.
     */
    Written writeNext(Source source, long records) throws SQLException, InterruptedException {
        Pull pull = new Pull(allocator, source, records);
        long inserted;
        try {
            try (ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator);
                 Statement s = connection.createStatement()) {
                Data.exportArrayStream(allocator, pull, stream);
                connection.registerArrowStream("tk_batch", stream);
                inserted = s.executeUpdate("INSERT INTO events SELECT " + EventVectors.SELECT_LIST
                        + " FROM tk_batch WHERE keep");
            }
            pull.rethrow();
            if (pull.tally.total() != inserted) {
                throw new IllegalStateException("inserted " + inserted + " events but counted " + pull.tally.total()
                        + " for day_counts");
            }
            pull.tally.write(connection);
            list(pull.taken);
            for (IngestBatch b : pull.taken) {
                writeProblems(b.problems);
                writeCheckpoints(b.filesDone);
                writeCollected(b.checkpoints);
                writeCoverage(b.coverage);
            }
            connection.commit();
        } catch (SQLException | RuntimeException | InterruptedException e) {
            connection.rollback();
            pull.taken.forEach(IngestBatch::close);
            pull.rethrow();
            throw e;
        }
        try {
            memory.afterCommit();
        } catch (SQLException e) {
            pull.taken.forEach(IngestBatch::close); // committed, but the caller gets no batches to close
            throw e;
        }
        return new Written(pull.taken, inserted, pull.ended);
    }

    /** Lists the events just inserted that the store's lists keep (see {@link EventList}). */
    private void list(List<IngestBatch> batches) throws SQLException {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (IngestBatch b : batches) {
            first = Math.min(first, b.firstChunk);
            last = Math.max(last, b.lastChunk);
        }
        if (first > last) {
            return;
        }
        for (EventList list : EventList.ALL) {
            try (PreparedStatement p = connection.prepareStatement(list.listChunks())) {
                p.setLong(1, first);
                p.setLong(2, last);
                p.executeUpdate();
            }
        }
    }

    /** The stream DuckDB pulls: batches from the source, their stored duplicates dropped. */
    private final class Pull extends EventStream {
        private final Source source;
        private final long quota;
        private final HashSet128 seen = new HashSet128(1 << 17);
        final List<IngestBatch> taken = new ArrayList<>();
        final DayTally tally = new DayTally();
        private long records;
        boolean ended;
        private Exception failure;

        Pull(BufferAllocator memory, Source source, long quota) {
            super(memory);
            this.source = source;
            this.quota = quota;
        }

        @Override
        public boolean loadNextBatch() throws IOException {
            try {
                while (records < quota) {
                    IngestBatch b = source.next();
                    if (b == null) {
                        ended = true;
                        return false;
                    }
                    taken.add(b);
                    records += b.records;
                    if (b.rows() > 0 && keepNew(b)) {
                        b.vectors().tallyKept(tally);
                        b.vectors().carryChunks(b.chunks);
                        b.vectors().fill(getVectorSchemaRoot());
                        b.release();
                        return true;
                    }
                    b.release();
                }
                return false;
            } catch (SQLException | InterruptedException | RuntimeException e) {
                failure = e;
                throw new IOException("reading the next batch failed: " + e.getMessage(), e);
            }
        }

        /** Drops the batch's records stored before or earlier in this transaction; true if any is left. */
        private boolean keepNew(IngestBatch b) throws SQLException {
            HashSet128 stored = lookup.find(b);
            EventVectors vectors = b.vectors();
            boolean any = false;
            for (int i = 0; i < vectors.rows(); i++) {
                long hi = vectors.hashHi(i);
                long lo = vectors.hashLo(i);
                if (stored.contains(hi, lo) || !seen.add(hi, lo)) {
                    vectors.drop(i);
                } else {
                    any = true;
                    lookup.inserted(hi, lo);
                }
            }
            return any;
        }

        void rethrow() throws SQLException, InterruptedException {
            if (failure instanceof SQLException e) {
                throw e;
            }
            if (failure instanceof InterruptedException e) {
                throw e;
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
        }

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

    private void writeCollected(List<IngestBatch.CollectedCheckpoint> done) throws SQLException {
        if (done.isEmpty()) {
            return;
        }
        try (PreparedStatement windows = connection.prepareStatement(
                "INSERT INTO lookup_windows VALUES (?, ?, ?, ?, ?, ?)");
             PreparedStatement objects = connection.prepareStatement(
                "INSERT INTO s3_objects VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (IngestBatch.CollectedCheckpoint c : done) {
                if (c.checkpoint() instanceof CollectedBatch.LookupWindow w) {
                    windows.setString(1, w.account());
                    windows.setString(2, w.region());
                    windows.setString(3, w.category());
                    windows.setObject(4, Times.toLocal(w.from()));
                    windows.setObject(5, Times.toLocal(w.to()));
                    windows.setLong(6, runId);
                    windows.executeUpdate();
                } else if (c.checkpoint() instanceof CollectedBatch.S3Object o) {
                    objects.setString(1, o.bucket());
                    objects.setString(2, o.key());
                    objects.setString(3, o.etag());
                    objects.setLong(4, o.sizeBytes());
                    objects.setObject(5, o.lastModified() == null ? null : Times.toLocal(o.lastModified()));
                    objects.setString(6, o.type() == null ? "other" : o.type());
                    objects.setLong(7, c.records());
                    objects.setLong(8, runId);
                    objects.executeUpdate();
                }
            }
        }
    }

    private void writeCoverage(List<Coverage> entries) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        try (PreparedStatement p = connection.prepareStatement(
                "INSERT INTO coverage VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Coverage c : entries) {
                p.setLong(1, runId);
                p.setString(2, c.collector());
                p.setString(3, c.account());
                p.setString(4, c.region());
                p.setString(5, c.scope());
                p.setObject(6, c.from() == null ? null : Times.toLocal(c.from()));
                p.setObject(7, c.to() == null ? null : Times.toLocal(c.to()));
                p.setString(8, c.status().label());
                p.setString(9, c.reason());
                p.executeUpdate();
            }
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            lookup.close();
        } finally {
            try {
                connection.setAutoCommit(true);
            } finally {
                restoreSettings(memory);
            }
        }
    }
}
