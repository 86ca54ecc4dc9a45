package io.trailkeeper.cli;

import io.trailkeeper.integrity.FileCheck;
import io.trailkeeper.integrity.Verdict;
import io.trailkeeper.integrity.VerifyReport;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.VerifyFindings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code verify --keep}: what verify found of each log file, kept in the store so that coverage, investigations and
 * the report say which records were deleted or are not CloudTrail's. A file deleted, altered or inserted is kept; one
 * found valid clears what an earlier verification kept of it; the other verdicts prove nothing and change nothing.
 */
final class VerifyKeep {
    private static final Set<Verdict> TAMPERED = EnumSet.of(Verdict.LOG_MISSING, Verdict.LOG_MODIFIED,
            Verdict.LOG_NOT_IN_DIGEST);

    private VerifyKeep() {
    }

    /** Keeps the reports' log files in the store at {@code path}, opened only for that write, and says so on err. */
    static void keep(List<VerifyReport> reports, TrailKeeperCommand root, PrintWriter err) {
        List<VerifyFindings.Checked> logs = new ArrayList<>();
        long unproven = 0;
        long digestsMissing = 0;
        for (VerifyReport report : reports) {
            for (FileCheck f : report.logs()) {
                if (TAMPERED.contains(f.verdict()) || f.verdict() == Verdict.VALID) {
                    logs.add(new VerifyFindings.Checked(f.bucket(), f.key(), f.account(), f.region(), f.time(),
                            TAMPERED.contains(f.verdict()), verdict(f.verdict()), f.reason()));
                } else {
                    unproven++;
                }
            }
            digestsMissing += report.digests().stream().filter(d -> d.verdict() == Verdict.DIGEST_MISSING).count();
        }
        Path path = root.storePath();
        int kept;
        try (EventStore store = EventStore.openForWriting(path, root.storeOptions())) {
            kept = new VerifyFindings(store).keep(logs, root.clock.instant());
        }
        err.println(said(kept, logs.size() - kept, unproven, path) + digestsSaid(digestsMissing));
    }

    /** The verdict in the store's words: a deleted file under the word coverage reads, the others as verify says. */
    static String verdict(Verdict verdict) {
        return verdict == Verdict.LOG_MISSING ? VerifyFindings.DELETED : verdict.label();
    }

    /**
     * Digest files missing from the chain: the log files they listed are neither proven nor found deleted (an
     * intruder who deletes a log file and its digest leaves nothing to keep), which only verify's output names.
     */
    static String digestsSaid(long missing) {
        return missing == 0 ? "" : "; " + ReportText.count(missing, "digest file", "digest files")
                + " found missing from the chain: the log files " + (missing == 1 ? "it" : "they")
                + " listed can be neither proven nor found deleted, and the store's answers do not name " + (missing == 1 ? "it" : "them")
                + " (verify's output above does)";
    }

    /**
     * What --keep did, counts grouped: the files kept (and where they are told), those found valid (cleared), and
     * those neither proven nor disproven (not read, not verified), whose rows stay as they were.
     */
    static String said(long kept, long valid, long unproven, Path path) {
        return ReportText.count(kept, "log file", "log files") + " deleted, altered or inserted kept in the store "
                + path + (kept == 0 ? "" : " (`trailkeeper coverage`, investigations and `report` say "
                + (kept == 1 ? "it" : "them") + ")") + "; " + ReportText.number(valid) + " found valid"
                + (unproven == 0 ? "" : "; " + ReportText.number(unproven) + " neither (not read or not verified):"
                + " what the store kept of " + (unproven == 1 ? "it" : "them") + " is unchanged");
    }
}
