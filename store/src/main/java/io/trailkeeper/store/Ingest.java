package io.trailkeeper.store;

import io.trailkeeper.events.CloudTrailReader;
import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.IngestProblem;
import io.trailkeeper.events.TrailKeeperException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Loads files into the store: reads them on several threads, packs the raw records into compressed chunks, and writes
 * batches from the calling thread, each in one transaction with the checkpoints of the files it completes.
 * Files already read completely (same size and modification time) are skipped unless {@code rescan}. An ingest is
 * the only writer of its store while it runs (another process cannot open it for writing; in this process nothing
 * else may write events to it meanwhile): it looks up stored duplicates only where the store held events when it
 * began, and among the records it wrote itself (see {@link BatchWriter}).
 */
public final class Ingest {
    /** The endings of the files read inside a folder (.json ... .tgz; see {@link InputFiles}). */
    public static final List<String> FOLDER_SUFFIXES = InputFiles.SUFFIXES;

    /**
     * The reader's generation, raised when it learns to read what it passed over before (2: CloudWatch Logs events,
     * tar bundles, Firehose objects without an extension, arrays of CloudTrailEvent strings; 3: CloudWatch Logs
     * payloads gzipped again by Firehose; 4: the rawData of Firehose's failure documents). A file an older
     * generation read without finding a record is read again once, although unchanged: else evidence loaded before
     * an upgrade would stay unread with no word.
     */
    static final int READER_GENERATION = 4;

    /** Records a reader thread gathers before handing them to the writer; small enough to stay off the GC's back. */
    static final int SUB_BATCH_RECORDS = 8_192;

    private final EventStore store;
    private final Options options;
    private final Listener listener;

    /** How to ingest. */
    /**
     * @param batchRecords records per transaction (at least); DuckDB's row group size (122,880) lets it write whole
     *                     compressed row groups instead of going through its write-ahead log
     */
    public record Options(int threads, boolean rescan, int maxRecordBytes, int batchRecords) {
        /**
         * Reading threads unless told: one a core, at most {@value}. Each holds a sub-batch in memory, and the one
         * writer (DuckDB's insert runs on one thread) takes what about three readers produce: more would only
         * wait, and hold memory.
         */
        static final int MAX_DEFAULT_THREADS = 4;

        public static Options defaults() {
            return new Options(Math.max(1, Math.min(MAX_DEFAULT_THREADS, Runtime.getRuntime().availableProcessors())),
                    false, CloudTrailReader.DEFAULT_MAX_RECORD_BYTES, 122_880);
        }

        public Options withRescan(boolean value) {
            return new Options(threads, value, maxRecordBytes, batchRecords);
        }

        public Options withMaxRecordBytes(int value) {
            return new Options(threads, rescan, value, batchRecords);
        }

        public Options withThreads(int value) {
            return new Options(value, rescan, maxRecordBytes, batchRecords);
        }
    }

    /**
     * Told what happens: problems when they are stored, progress as batches are handed to the store. Calls come
     * from one thread at a time, not always the caller's.
     */
    public interface Listener {
        default void started(long files, long bytes, long unchanged, List<PassedOver> ignored) {
        }

        default void problem(IngestProblem problem) {
        }

        default void progress(long filesDone, long bytesDone, long records) {
        }
    }

    /** A file found in a folder that is not read, and why (counted in the summary; listed with --verbose). */
    public record PassedOver(Path path, String reason) {
    }

    /** What an ingest did. */
    public record Summary(long runId, long files, long unchanged, long ignored, long records, long newEvents,
                          long duplicates, long digests, long filesWithErrors, long filesNotCloudTrail,
                          long problemsStored, long problemsRejected, long bytes, Duration elapsed) {
        public double eventsPerSecond() {
            double s = elapsed.toNanos() / 1e9;
            return s <= 0 ? 0 : records / s;
        }
    }

    public Ingest(EventStore store, Options options, Listener listener) {
        if (store.readOnly()) {
            throw new IllegalArgumentException("ingest needs a store opened for writing");
        }
        this.store = store;
        this.options = options;
        this.listener = listener;
    }

    public Summary run(List<Path> inputs) {
        Instant started = store.options().clock().instant();
        long t0 = System.nanoTime();
        InputFiles files = InputFiles.expand(inputs);
        try {
            Runs runs = new Runs(store);
            long runId = runs.start("ingest", started);
            long generationSince = runs.readerGenerationSince(READER_GENERATION, runId);
            List<InputFiles.Candidate> todo = options.rescan() ? files.candidates
                    : unchanged(files.candidates, generationSince);
            long unchanged = files.candidates.size() - todo.size();
            long bytes = todo.stream().mapToLong(c -> Math.max(0, c.size())).sum();
            listener.started(todo.size(), bytes, unchanged, files.ignored);
            AtomicLong chunkIds = new AtomicLong(new Runs(store).nextChunkId());
            Counts counts = new Counts();
            counts.filesWithErrors += files.problems.size();
            try (BufferAllocator allocator = new RootAllocator();
                 BatchWriter writer = new BatchWriter(store, allocator, runId, true)) {
                java.util.Queue<EventVectors> pool = new java.util.concurrent.ConcurrentLinkedQueue<>();
                IngestBatch first = new IngestBatch(pool);
                first.problems.addAll(files.problems);
                readAndWrite(todo, first, chunkIds, writer, pool, counts);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
            Summary summary = new Summary(runId, todo.size(), unchanged, files.ignored.size(), counts.records,
                    counts.inserted, counts.records - counts.inserted, counts.digests, counts.filesWithErrors,
                    counts.filesNotCloudTrail, counts.problemsStored, counts.problemsRejected, bytes, elapsed);
            runs.finish(summary, store.options().clock().instant());
            return summary;
        } catch (SQLException e) {
            throw new TrailKeeperException(ErrorCode.STORE_WRITE_FAILED, "writing to the store " + store.path()
                    + " failed: " + EventStore.firstLine(e.getMessage()),
                    "nothing half-written was kept; run the same command again", e);
        }
    }

    /**
     * The files not read completely since they last changed. A file that gave no record to a reader older than
     * this one (read before run {@code generationSince}) counts as changed.
     */
    private List<InputFiles.Candidate> unchanged(List<InputFiles.Candidate> candidates, long generationSince)
            throws SQLException {
        Map<String, long[]> done = new Runs(store).checkpoints();
        List<InputFiles.Candidate> todo = new ArrayList<>();
        for (InputFiles.Candidate c : candidates) {
            long[] seen = done.get(c.sourceName());
            boolean same = seen != null && seen[0] == c.size() && seen[1] == Times.epochMicros(c.modifiedAt())
                    && (seen[2] > 0 || seen[3] >= generationSince);
            if (!same) {
                todo.add(c);
            }
        }
        return todo;
    }

    private void readAndWrite(List<InputFiles.Candidate> todo, IngestBatch first, AtomicLong chunkIds,
                              BatchWriter writer, java.util.Queue<EventVectors> columns, Counts counts)
            throws SQLException {
        int threads = Math.max(1, Math.min(options.threads(), todo.size()));
        // a few sub-batches waiting while the writer writes a transaction: memory stays bounded (about two
        // transactions' worth), whatever the input
        BlockingQueue<IngestBatch> queue = new ArrayBlockingQueue<>(4);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger running = new AtomicInteger(threads);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ingest-reader");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int i = 0; i < threads; i++) {
                pool.execute(() -> {
                    try (BatchReader worker = new BatchReader(options.maxRecordBytes(), chunkIds, queue, failure,
                            columns)) {
                        int k;
                        while (failure.get() == null && (k = next.getAndIncrement()) < todo.size()) {
                            worker.readFile(todo.get(k));
                        }
                        worker.flush();
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        running.decrementAndGet();
                    }
                });
            }
            BatchWriter.Source source = new BatchWriter.Source() {
                private boolean firstTaken;

                @Override
                public IngestBatch next() throws InterruptedException {
                    if (!firstTaken) {
                        firstTaken = true;
                        return first;
                    }
                    while (true) {
                        Throwable f = failure.get();
                        if (f != null) {
                            throw new TrailKeeperException(ErrorCode.INTERNAL, "reading input failed: " + f, null, f);
                        }
                        IngestBatch batch = queue.poll(100, TimeUnit.MILLISECONDS);
                        if (batch != null) {
                            handed(batch);
                            return batch;
                        }
                        if (running.get() == 0 && queue.isEmpty()) {
                            return null;
                        }
                    }
                }
            };
            boolean more = true;
            while (more) {
                BatchWriter.Written written = writer.writeNext(source, options.batchRecords());
                more = !written.endOfInput();
                report(written, counts);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrailKeeperException(ErrorCode.INTERNAL, "interrupted", null, e);
        } catch (SQLException | RuntimeException e) {
            failure.compareAndSet(null, e);
            throw e;
        } finally {
            pool.shutdownNow();
            awaitQuietly(pool);
            for (IngestBatch left; (left = queue.poll()) != null; ) {
                left.close();
            }
        }
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            pool.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long filesHanded;
    private long bytesHanded;
    private long recordsHanded;

    /** Progress as the store takes batches, between commits (a transaction holds about 120,000 records). */
    private void handed(IngestBatch batch) {
        filesHanded += batch.filesDone.size();
        bytesHanded += batch.bytesDone;
        recordsHanded += batch.records;
        synchronized (listener) {
            listener.progress(filesHanded, bytesHanded, recordsHanded);
        }
    }

    private void report(BatchWriter.Written written, Counts counts) {
        try {
            counts.add(written.batches(), written.inserted());
            synchronized (listener) {
                for (IngestBatch b : written.batches()) {
                    b.problems.forEach(listener::problem);
                }
            }
        } finally {
            written.batches().forEach(IngestBatch::close);
        }
    }

    /** Running totals, kept by the writing thread. */
    private static final class Counts {
        long records;
        long inserted;
        long digests;
        long filesDone;
        long bytesDone;
        long filesWithErrors;
        long filesNotCloudTrail;
        long problemsStored;
        long problemsRejected;

        void add(List<IngestBatch> batches, long newRows) {
            inserted += newRows;
            for (IngestBatch batch : batches) {
                records += batch.records;
                digests += batch.digests;
                filesDone += batch.filesDone.size();
                bytesDone += batch.bytesDone;
                for (IngestBatch.FileDone f : batch.filesDone) {
                    if (f.notCloudTrail()) {
                        filesNotCloudTrail++;
                    } else if (!f.clean()) {
                        filesWithErrors++;
                    }
                }
                for (IngestProblem p : batch.problems) {
                    if (p.outcome() == IngestProblem.Outcome.STORED) {
                        problemsStored++;
                    } else if (p.outcome() == IngestProblem.Outcome.REJECTED) {
                        problemsRejected++;
                    }
                }
            }
        }
    }
}
