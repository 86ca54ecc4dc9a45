package io.trailkeeper.cli;

import io.trailkeeper.events.CollectSink;
import io.trailkeeper.events.CollectedBatch;
import io.trailkeeper.events.ForwardingCollectSink;
import io.trailkeeper.events.IngestProblem;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A collector's sink that tells the problems met in the files it read as they arrive, as {@code ingest} does,
 * and counts the files with errors: a file whose content was refused in part or whole (a truncated or empty
 * {@code .json.gz}, a file that is not CloudTrail) loses events though it was fetched, so its region's coverage
 * stays complete and only this says so. Files that could not be fetched at all are left to the coverage, and the
 * event history's pages to their collector.
 */
final class ProblemReportingSink extends ForwardingCollectSink {
    private final Consumer<IngestProblem> told;
    private final Set<String> filesWithErrors = new HashSet<>();

    /** Writes to {@code store}; {@code told} gets each problem of a file read (called one at a time). */
    ProblemReportingSink(CollectSink store, Consumer<IngestProblem> told) {
        super(store);
        this.told = told;
    }

    /** Prints each problem with {@code printer} on the line of {@code bar}, cleared first (collect s3 and auto). */
    static ProblemReportingSink printing(CollectSink store, ProblemPrinter printer, Progress bar) {
        return new ProblemReportingSink(store, p -> {
            synchronized (bar) {
                bar.clear();
                printer.print(p);
            }
        });
    }

    /** The summary line's words for {@code n} files with errors (nothing when none), as collect s3 and auto say it. */
    static String summary(long n) {
        return n == 0 ? "" : String.format(Locale.ROOT, " %,d %s with errors (see above);", n, n == 1 ? "file"
                : "files");
    }

    @Override
    public void write(CollectedBatch batch) {
        super.write(batch);
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
}
