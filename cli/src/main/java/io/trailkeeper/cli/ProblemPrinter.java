package io.trailkeeper.cli;

import io.trailkeeper.events.IngestProblem;
import io.trailkeeper.events.PrintableText;
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

    /** Prints the problem on one line; its file name and message may hold anything an attacker chose. */
    void print(IngestProblem p) {
        String line = PrintableText.line(p.describe());
        switch (p.outcome()) {
            case REJECTED -> err.println("error: " + line);
            case SKIPPED -> err.println("note: " + line);
            case STORED -> {
                warnings++;
                if (verbose || warnings <= WARNINGS_SHOWN) {
                    err.println("warning: " + line);
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
