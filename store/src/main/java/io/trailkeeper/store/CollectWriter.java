package io.trailkeeper.store;

import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.events.CollectSink;
import io.trailkeeper.events.CollectedBatch;
import io.trailkeeper.events.Coverage;
import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The store's side of the collectors: takes what they collect from many threads, and writes it in
 * transactions that hold each batch's records together with its checkpoint (an event-history window, an S3
 * object) and the coverage entries, so a kill at any instant loses nothing and stores nothing twice.
 *
 * <p>As DESIGN.md asks of long-running commands, the store file is open only while a transaction is written
 * (every {@link Options#interval()} or {@link Options#records()} records, whichever comes first), so that
 * {@code query} and {@code investigate} can read it between writes. Collectors are slowed down (their
 * {@link #write} blocks) only when the writes fall behind by more than {@link Options#maxPending()} records.
 */
public final class CollectWriter implements CollectSink, AutoCloseable {
    private final Path path;
    private final EventStore.StoreOptions storeOptions;
    private final Options options;
    private final long runId;
    private final Map<String, List<TimeWindow>> windows;
    private final Map<String, Map<String, String>> objects;
    private final Object lock = new Object();
    private List<CollectedBatch> pending = new ArrayList<>();
    private List<Coverage> pendingCoverage = new ArrayList<>();
    private long pendingRecords;
    private final Thread flusher;
    private volatile boolean closing;
    private RuntimeException failure;
    private final Object totals = new Object();

    /** When to write: every {@code interval}, or sooner once {@code records} records wait. */
    public record Options(Duration interval, int records, int maxPending) {
        public static Options defaults() {
            return new Options(Duration.ofSeconds(2), 20_000, 100_000);
        }
    }

    /** What was written. */
    public record Totals(long records, long newEvents, long transactions) {
    }

    private long records;
    private long newEvents;
    private long transactions;

    /**
     * Starts a run named {@code command} in the store (creating the store if needed) and reads what earlier
     * runs collected.
     */
    public CollectWriter(Path path, EventStore.StoreOptions storeOptions, String command, Options options) {
        this.path = path;
        this.storeOptions = storeOptions;
        this.options = options;
        try (EventStore store = EventStore.openForWriting(path, storeOptions)) {
            this.runId = new Runs(store).start(command, storeOptions.clock().instant());
            this.windows = LookupWindows.read(store);
            this.objects = readObjects(store);
        } catch (SQLException e) {
            throw failed(e);
        }
        this.flusher = new Thread(this::flushLoop, "store-writer");
        this.flusher.setDaemon(true);
        this.flusher.start();
    }

    public long runId() {
        return runId;
    }

    @Override
    public void write(CollectedBatch batch) {
        synchronized (lock) {
            while (pendingRecords >= options.maxPending() && failure == null && !closing) {
                lock.notifyAll();
                waitOn();
            }
            rethrow();
            pending.add(batch);
            pendingRecords += batch.events().size();
            if (pendingRecords >= options.records()) {
                lock.notifyAll();
            }
        }
    }

    @Override
    public void coverage(Coverage coverage) {
        synchronized (lock) {
            rethrow();
            pendingCoverage.add(coverage);
        }
    }

    @Override
    public void flush() {
        synchronized (lock) {
            rethrow();
        }
        writePending();
    }

    @Override
    public List<TimeWindow> lookupDone(String account, String region, String category) {
        synchronized (windows) {
            return LookupWindows.merge(windows.getOrDefault(LookupWindows.key(account, region, category), List.of()));
        }
    }

    @Override
    public Map<String, String> s3Loaded(String bucket) {
        synchronized (objects) {
            return Map.copyOf(objects.getOrDefault(bucket, Map.of()));
        }
    }

    /** Totals so far (records handed to the store, new events, transactions). */
    public Totals totals() {
        synchronized (totals) {
            return new Totals(records, newEvents, transactions);
        }
    }

    private void flushLoop() {
        while (!closing) {
            synchronized (lock) {
                long deadline = System.nanoTime() + options.interval().toNanos();
                while (!closing && pendingRecords < options.records()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    try {
                        lock.wait(Math.max(1, left / 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closing) {
                    return;
                }
            }
            try {
                writePending();
            } catch (RuntimeException e) {
                synchronized (lock) {
                    failure = e;
                    lock.notifyAll();
                }
                return;
            }
        }
    }

    /** One writer at a time: the flusher and an explicit flush or close never write concurrently. */
    private final Object writing = new Object();

    /** Takes what is pending and writes it (nothing to do when nothing is pending). */
    private void writePending() {
        List<CollectedBatch> batches;
        List<Coverage> cover;
        synchronized (lock) {
            batches = pending;
            cover = pendingCoverage;
            pending = new ArrayList<>();
            pendingCoverage = new ArrayList<>();
            pendingRecords = 0;
            lock.notifyAll();
        }
        writeNow(batches, cover);
    }

    private void writeNow(List<CollectedBatch> batches, List<Coverage> cover) {
        synchronized (writing) {
            if (batches.isEmpty() && cover.isEmpty()) {
                return;
            }
            try (EventStore store = EventStore.openForWriting(path, storeOptions);
                 BufferAllocator allocator = new RootAllocator();
                 BatchWriter writer = new BatchWriter(store, allocator, runId, false);
                 RawChunks.Builder raw = new RawChunks.Builder()) {
                AtomicLong chunkIds = new AtomicLong(new Runs(store).nextChunkId());
                java.util.Queue<EventVectors> pool = new java.util.ArrayDeque<>();
                List<IngestBatch> parts = split(batches, cover, raw, chunkIds, pool);
                java.util.Iterator<IngestBatch> it = parts.iterator();
                BatchWriter.Written written = writer.writeNext(() -> it.hasNext() ? it.next() : null, Long.MAX_VALUE);
                written.batches().forEach(IngestBatch::close);
                long count = 0;
                for (CollectedBatch b : batches) {
                    count += b.events().size();
                }
                synchronized (totals) {
                    records += count;
                    newEvents += written.inserted();
                    transactions++;
                }
                remember(batches);
            } catch (SQLException e) {
                throw failed(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TrailKeeperException(ErrorCode.INTERNAL, "interrupted while writing to the store", null, e);
            }
        }
    }

    /** The batches as the writer's sub-batches: at most {@value Ingest#SUB_BATCH_RECORDS} records each. */
    private static List<IngestBatch> split(List<CollectedBatch> batches, List<Coverage> cover, RawChunks.Builder raw,
                                           AtomicLong chunkIds, java.util.Queue<EventVectors> pool) {
        List<IngestBatch> parts = new ArrayList<>();
        IngestBatch part = new IngestBatch(pool);
        part.coverage.addAll(cover);
        for (CollectedBatch b : batches) {
            long index = b.firstIndex();
            for (CloudTrailEvent e : b.events()) {
                if (part.records >= Ingest.SUB_BATCH_RECORDS) {
                    part.seal(raw);
                    parts.add(part);
                    part = new IngestBatch(pool);
                }
                part.add(e, b.kind(), b.sourceName(), index++, raw, chunkIds::getAndIncrement);
            }
            part.problems.addAll(b.problems());
            part.digests += b.digests();
            if (b.checkpoint() != null) {
                // the checkpoint travels with the batch's last records: it is written only when they are
                part.checkpoints.add(new IngestBatch.CollectedCheckpoint(b.checkpoint(), b.events().size()));
            }
        }
        part.seal(raw);
        parts.add(part);
        return parts;
    }

    private void remember(List<CollectedBatch> batches) {
        for (CollectedBatch b : batches) {
            if (b.checkpoint() instanceof CollectedBatch.LookupWindow w) {
                synchronized (windows) {
                    windows.computeIfAbsent(LookupWindows.key(w.account(), w.region(), w.category()),
                            k -> new ArrayList<>()).add(new TimeWindow(w.from(), w.to()));
                }
            } else if (b.checkpoint() instanceof CollectedBatch.S3Object o) {
                synchronized (objects) {
                    objects.computeIfAbsent(o.bucket(), k -> new HashMap<>()).put(o.key(),
                            o.etag() == null ? "" : o.etag());
                }
            }
        }
    }

    /** Writes what is left, merges the run's event-history windows, and records the run as complete. */
    @Override
    public void close() {
        closing = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        try {
            flusher.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RuntimeException failed;
        synchronized (lock) {
            failed = failure;
        }
        if (failed != null) {
            throw failed;
        }
        flush();
        synchronized (writing) {
            try (EventStore store = EventStore.openForWriting(path, storeOptions)) {
                LookupWindows.compact(store, runId);
                finishRun(store);
            } catch (SQLException e) {
                throw failed(e);
            }
        }
    }

    private void finishRun(EventStore store) throws SQLException {
        Totals t = totals();
        try (PreparedStatement p = store.connection().prepareStatement("UPDATE ingest_runs SET finished_at = ?,"
                + " records = ?, new_events = ?, duplicates = ?, status = 'complete' WHERE run_id = ?")) {
            p.setObject(1, Times.toLocal(storeOptions.clock().instant()));
            p.setLong(2, t.records());
            p.setLong(3, t.newEvents());
            p.setLong(4, t.records() - t.newEvents());
            p.setLong(5, runId);
            p.executeUpdate();
        }
    }

    private static Map<String, Map<String, String>> readObjects(EventStore store) throws SQLException {
        Map<String, Map<String, String>> out = new HashMap<>();
        try (Statement s = store.connection().createStatement();
             ResultSet r = s.executeQuery("SELECT bucket, key, arg_max(coalesce(etag, ''), run_id) FROM s3_objects"
                     + " GROUP BY bucket, key")) {
            while (r.next()) {
                out.computeIfAbsent(r.getString(1), k -> new HashMap<>()).put(r.getString(2), r.getString(3));
            }
        }
        return out;
    }

    private void waitOn() {
        try {
            lock.wait(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrailKeeperException(ErrorCode.INTERNAL, "interrupted", null, e);
        }
    }

    private void rethrow() {
        if (failure != null) {
            throw failure;
        }
    }

    private TrailKeeperException failed(SQLException e) {
        return new TrailKeeperException(ErrorCode.STORE_WRITE_FAILED, "writing to the store " + path + " failed: "
                + EventStore.firstLine(e.getMessage()), "what was written stays; run the same command again", e);
    }
}
