package io.trailkeeper.cli;

import io.trailkeeper.events.CollectSink;
import io.trailkeeper.events.CollectedBatch;
import io.trailkeeper.events.Coverage;
import io.trailkeeper.events.IngestProblem;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A collector's sink that tells the problems met in the files it read as they arrive, as {@code ingest} does,
 * and counts the files with errors: a file whose content was refused in part or whole (a truncated or empty
 * {@code .json.gz}, a file that is not CloudTrail) loses events though it was fetched, so its region's coverage
 * stays complete and only this says so. Files that could not be fetched at all are left to the coverage, and the
 * event history's pages to their collector.
 */
final class ProblemReportingSink implements CollectSink {
    private final CollectSink store;
    private final Consumer<IngestProblem> told;
    private final Set<String> filesWithErrors = new HashSet<>();

    /** Writes to {@code store}; {@code told} gets each problem of a file read (called one at a time). */
    ProblemReportingSink(CollectSink store, Consumer<IngestProblem> told) {
        this.store = store;
        this.told = told;
    }

    @Override
    public void write(CollectedBatch batch) {
        store.write(batch);
        if (!(batch.checkpoint() instanceof CollectedBatch.S3Object) || batch.problems().isEmpty()) {
            // an object that could not be read at all has no checkpoint: its region's coverage names it; an event
            // history page is no file
            return;
        }
        synchronized (this) {
            for (IngestProblem p : batch.problems()) {
                if (p.outcome() == IngestProblem.Outcome.REJECTED) {
                    filesWithErrors.add(batch.sourceName());
                }
                told.accept(p);
            }
        }
    }

    /** Files read whose content was refused in part or whole. */
    synchronized long filesWithErrors() {
        return filesWithErrors.size();
    }

    @Override
    public void coverage(Coverage coverage) {
        store.coverage(coverage);
    }

    @Override
    public void flush() {
        store.flush();
    }

    @Override
    public List<TimeWindow> lookupDone(String account, String region, String category) {
        return store.lookupDone(account, region, category);
    }

    @Override
    public Map<String, String> s3Loaded(String bucket) {
        return store.s3Loaded(bucket);
    }
}
