package io.trailkeeper.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a collector hands to the store in one piece: records from one source, the problems met reading them,
 * and the checkpoint they complete. The store writes all of it in one transaction, so after a crash either
 * the records and their checkpoint are both there or neither is.
 *
 * @param sourceName  where the records came from: {@code lookup:<account>/<region>} or {@code s3://bucket/key}
 * @param kind        the shape the records arrived in
 * @param firstIndex  the position of the first record in its source (records follow in order)
 * @param digests     CloudTrail-Digest documents met (counted, not events)
 * @param checkpoint  the progress these records complete, or null
 */
public record CollectedBatch(String sourceName, SourceKind kind, long firstIndex, List<CloudTrailEvent> events,
                             List<IngestProblem> problems, long digests, Checkpoint checkpoint) {
    public CollectedBatch {
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(kind, "kind");
        events = List.copyOf(events);
        problems = List.copyOf(problems);
    }

    /** Progress that becomes durable with the records of its batch. */
    public sealed interface Checkpoint permits LookupWindow, S3Object {
    }

    /**
     * The event history of {@code region} between {@code from} and {@code to} (both inclusive, whole seconds)
     * has been read completely.
     *
     * @param category {@code management} (LookupEvents' default) or {@code insight}
     */
    public record LookupWindow(String account, String region, String category, Instant from, Instant to)
            implements Checkpoint {
        public LookupWindow {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(category, "category");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }

    /**
     * An S3 object read to its end.
     *
     * @param type {@code log}, {@code digest}, {@code insight} or {@code other}
     */
    public record S3Object(String bucket, String key, String etag, long sizeBytes, Instant lastModified, String type)
            implements Checkpoint {
        public S3Object {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(key, "key");
        }
    }
}
