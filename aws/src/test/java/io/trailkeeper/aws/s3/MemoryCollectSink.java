package io.trailkeeper.aws.s3;

import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.events.CollectSink;
import io.trailkeeper.events.CollectedBatch;
import io.trailkeeper.events.Coverage;
import io.trailkeeper.events.IngestProblem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The store as a collector sees it, in memory: records kept once by their hash (as the store keeps them), the
 * S3 objects whose checkpoint arrived (so that a second run can be tested), problems and coverage. Thread-safe,
 * as the interface requires.
 */
public final class MemoryCollectSink implements CollectSink {
    private final Set<UUID> hashes = new HashSet<>();
    private final List<CloudTrailEvent> distinct = new ArrayList<>();
    private final Map<String, Map<String, String>> loaded = new HashMap<>();
    private final List<CollectedBatch> batches = new ArrayList<>();
    private final List<IngestProblem> problems = new ArrayList<>();
    private final List<Coverage> coverage = new ArrayList<>();
    private int flushes;

    @Override
    public synchronized void write(CollectedBatch batch) {
        batches.add(batch);
        for (CloudTrailEvent e : batch.events()) {
            if (hashes.add(e.recordHash())) {
                distinct.add(e);
            }
        }
        problems.addAll(batch.problems());
        if (batch.checkpoint() instanceof CollectedBatch.S3Object o) {
            loaded.computeIfAbsent(o.bucket(), b -> new HashMap<>()).put(o.key(), o.etag());
        }
    }

    @Override
    public synchronized void coverage(Coverage entry) {
        coverage.add(entry);
    }

    @Override
    public synchronized void flush() {
        flushes++;
    }

    @Override
    public List<TimeWindow> lookupDone(String account, String region, String category) {
        return List.of();
    }

    @Override
    public synchronized Map<String, String> s3Loaded(String bucket) {
        return Map.copyOf(loaded.getOrDefault(bucket, Map.of()));
    }

    public synchronized Set<UUID> hashes() {
        return Set.copyOf(hashes);
    }

    public synchronized List<CloudTrailEvent> events() {
        return List.copyOf(distinct);
    }

    public synchronized List<IngestProblem> problems() {
        return List.copyOf(problems);
    }

    public synchronized List<Coverage> coverage() {
        return List.copyOf(coverage);
    }

    /** Every batch handed over since the last {@link #forgetRun()}, in order, duplicates and all. */
    public synchronized List<CollectedBatch> batches() {
        return List.copyOf(batches);
    }

    /** The objects whose checkpoint arrived since the last {@link #forgetRun()}, by key. */
    public synchronized Map<String, CollectedBatch.S3Object> checkpoints() {
        Map<String, CollectedBatch.S3Object> out = new HashMap<>();
        for (CollectedBatch b : batches) {
            if (b.checkpoint() instanceof CollectedBatch.S3Object o) {
                out.put(o.key(), o);
            }
        }
        return out;
    }

    public synchronized int flushes() {
        return flushes;
    }

    /** Forgets what one run handed over (batches, problems, coverage) but keeps records and loaded objects. */
    public synchronized void forgetRun() {
        batches.clear();
        problems.clear();
        coverage.clear();
    }
}
