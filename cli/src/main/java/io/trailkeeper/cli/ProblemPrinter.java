package io.trailkeeper.cli;

import io.trailkeeper.events.IngestProblem;
import java.io.PrintWriter;

/**
 * Prints input problems as they come: every rejection and skipped file, and the first warnings (records
 * stored with a missing or repaired value) unless -v asks for all. The store keeps every one regardless.
 */
final class ProblemPrinter {
    private static final int WARNINGS_SHOWN = 20;

    private final PrintWriter err;
    private final boolean verbose;
    private long warnings;
    private long warningsHidden;

    ProblemPrinter(PrintWriter err, boolean verbose) {
        this.err = err;
        this.verbose = verbose;
    }

    void print(IngestProblem p) {
        switch (p.outcome()) {
            case REJECTED -> err.println("error: " + p.describe());
            case SKIPPED -> err.println("note: " + p.describe());
            case STORED -> {
                warnings++;
                if (verbose || warnings <= WARNINGS_SHOWN) {
                    err.println("warning: " + p.describe());
                } else {
                    warningsHidden++;
                }
            }
        }
    }

    void finish(long runId) {
        if (warningsHidden > 0) {
            err.printf("warning: %,d more records were stored with warnings; list them with%n"
                    + "  trailkeeper query --sql \"SELECT * FROM ingest_problems WHERE run_id = %d\"   (or -v)%n",
                    warningsHidden, runId);
        }
        err.flush();
    }
}
