package io.trailkeeper.store;

import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.events.CloudTrailReader;
import io.trailkeeper.events.IngestProblem;
import io.trailkeeper.events.ProblemCode;
import io.trailkeeper.events.RecordSink;
import io.trailkeeper.events.SourceKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads files on one thread into batches of at most {@value Ingest#SUB_BATCH_RECORDS} records and queues them
 * for the writer. A file's checkpoint travels in the batch that holds its last record.
 */
final class BatchReader implements AutoCloseable {
    private final CloudTrailReader reader;
    private final RawChunks.Builder raw = new RawChunks.Builder();
    private final AtomicLong chunkIds;
    private final BlockingQueue<IngestBatch> queue;
    private final AtomicReference<Throwable> failure;
    private final java.util.Queue<EventVectors> pool;
    private IngestBatch batch;

    BatchReader(int maxRecordBytes, AtomicLong chunkIds, BlockingQueue<IngestBatch> queue,
                AtomicReference<Throwable> failure, java.util.Queue<EventVectors> pool) {
        this.reader = new CloudTrailReader(maxRecordBytes);
        this.chunkIds = chunkIds;
        this.queue = queue;
        this.failure = failure;
        this.pool = pool;
        this.batch = new IngestBatch(pool);
    }

    void readFile(InputFiles.Candidate file) throws InterruptedException {
        FileSink sink = new FileSink();
        try (InputStream in = Files.newInputStream(file.path())) {
            reader.read(file.sourceName(), in, sink);
        } catch (IOException e) {
            sink.problem(new IngestProblem(file.sourceName(), "", -1, ProblemCode.UNREADABLE,
                    IngestProblem.Outcome.REJECTED, "could not be read: " + e.getMessage(), null));
        }
        batch.filesDone.add(new IngestBatch.FileDone(file.sourceName(), file.size(), file.modifiedAt(),
                sink.records, !sink.rejected, sink.skipped && sink.records == 0));
        batch.bytesDone += Math.max(0, file.size());
    }

    void flush() throws InterruptedException {
        batch.seal(raw);
        if (batch.isEmpty()) {
            return;
        }
        while (!queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
            if (failure.get() != null) {
                throw new InterruptedException("the writer stopped");
            }
        }
        batch = new IngestBatch(pool);
    }

    @Override
    public void close() {
        raw.close();
        batch.close();
    }

    private final class FileSink implements RecordSink {
        long records;
        boolean rejected;
        boolean skipped;

        @Override
        public void event(CloudTrailEvent event, String source, SourceKind kind, long index) {
            batch.add(event, kind, source, index, raw, chunkIds::getAndIncrement);
            records++;
            if (batch.records >= Ingest.SUB_BATCH_RECORDS) {
                try {
                    flush();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        }

        @Override
        public void digest(String source) {
            batch.digests++;
        }

        @Override
        public void problem(IngestProblem problem) {
            batch.problems.add(problem);
            rejected |= problem.outcome() == IngestProblem.Outcome.REJECTED;
            skipped |= problem.outcome() == IngestProblem.Outcome.SKIPPED;
        }
    }
}
