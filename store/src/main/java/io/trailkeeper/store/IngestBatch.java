package io.trailkeeper.store;

import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.events.CollectedBatch;
import io.trailkeeper.events.Coverage;
import io.trailkeeper.events.IngestProblem;
import io.trailkeeper.events.SourceKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Records, problems and finished files that are written in one transaction. A file's checkpoint travels
 * in the batch that holds its last record, so a file is marked done exactly when all of it is stored.
 */
final class IngestBatch implements AutoCloseable {
    final List<IngestProblem> problems = new ArrayList<>();
    final List<FileDone> filesDone = new ArrayList<>();
    final List<RawChunks.Chunk> chunks = new ArrayList<>();
    /** Collectors' progress (event-history windows, S3 objects) that these records complete. */
    final List<CollectedCheckpoint> checkpoints = new ArrayList<>();
    /** What collectors could and could not see, recorded with the records. */
    final List<Coverage> coverage = new ArrayList<>();
    private final java.util.Queue<EventVectors> pool;
    private final HashSet128 hashes = new HashSet128(Ingest.SUB_BATCH_RECORDS);
    private EventVectors vectors;
    /** Records read into this batch, counting the ones that repeat an earlier record of the batch. */
    long records;
    long digests;
    /** Bytes of input files finished in this batch, for progress. */
    long bytesDone;
    Instant minTime;
    Instant maxTime;
    boolean nullTime;
    /** The raw chunks the batch's records went into: the first and last id (none while the batch is empty). */
    long firstChunk = Long.MAX_VALUE;
    long lastChunk = Long.MIN_VALUE;

    /** @param pool column builders to reuse; the batch takes one when it needs it and gives it back */
    IngestBatch(java.util.Queue<EventVectors> pool) {
        this.pool = pool;
    }

    /** Adds a record unless the batch holds it already; the raw JSON goes into the builder's open chunk. */
    void add(CloudTrailEvent e, SourceKind kind, String sourceName, long index, RawChunks.Builder raw,
             java.util.function.LongSupplier chunkIds) {
        records++;
        UUID hash = e.recordHash();
        if (!hashes.add(hash.getMostSignificantBits(), hash.getLeastSignificantBits())) {
            return; // the same record twice in one batch: stored once
        }
        if (vectors == null) {
            vectors = pool.poll();
            if (vectors == null) {
                vectors = new EventVectors();
            }
        }
        int offset = raw.offset();
        long chunk = raw.append(e.raw(), chunkIds);
        vectors.add(e, kind, sourceName, index, chunk, offset);
        firstChunk = Math.min(firstChunk, chunk);
        lastChunk = Math.max(lastChunk, chunk);
        if (raw.full()) {
            chunks.add(raw.close(false));
        }
        Instant t = e.eventTime();
        if (t == null) {
            nullTime = true;
        } else {
            if (minTime == null || t.isBefore(minTime)) {
                minTime = t;
            }
            if (maxTime == null || t.isAfter(maxTime)) {
                maxTime = t;
            }
        }
    }

    /** Distinct records held, ready to insert. */
    int rows() {
        return vectors == null ? 0 : vectors.rows();
    }

    EventVectors vectors() {
        return vectors;
    }

    boolean isEmpty() {
        return records == 0 && problems.isEmpty() && filesDone.isEmpty() && digests == 0 && checkpoints.isEmpty()
                && coverage.isEmpty();
    }

    /**
     * Lets go of the records once they are handed to DuckDB; what the transaction still needs after the insert
     * (problems, finished files, counts) stays.
     */
    void release() {
        giveBack();
        chunks.clear();
        hashes.clear();
    }

    /** Closes the builder's open chunk into this batch: a chunk never spans two transactions. */
    void seal(RawChunks.Builder raw) {
        if (!raw.isEmpty()) {
            chunks.add(raw.close(true));
        }
    }

    @Override
    public void close() {
        giveBack();
    }

    private void giveBack() {
        if (vectors != null) {
            vectors.reset();
            pool.offer(vectors);
            vectors = null;
        }
    }

    /** A collector's checkpoint and the number of records read for it. */
    record CollectedCheckpoint(CollectedBatch.Checkpoint checkpoint, long records) {
    }

    /** A file read to its end. */
    record FileDone(String sourceName, long sizeBytes, Instant modifiedAt, long records, boolean clean,
                    boolean notCloudTrail) {
    }
}
