package io.trailkeeper.integrity;

import java.time.Instant;
import java.util.List;

/**
 * The result of one verification: every digest and log file checked with its verdict (the manifest of what was
 * checked, with SHA-256s), notes in words (chains found, gaps, the window actually covered), and the folders that
 * could not be listed ({@code s3://bucket/prefix: reason}): what was not looked at, which is never the same as
 * nothing found there. Without --until, the log files of the last hours that no digest covers yet are left out of
 * the period and of {@link #valid()}, and named in {@code notYetCovered} ({@code s3://bucket/key}): never verified.
 */
public record VerifyReport(VerifyScope scope, String source, Instant checkedAt, List<FileCheck> digests,
                           List<FileCheck> logs, List<String> notes, List<String> notListed,
                           List<String> notYetCovered) {
    public VerifyReport {
        digests = List.copyOf(digests);
        logs = List.copyOf(logs);
        notes = List.copyOf(notes);
        notListed = List.copyOf(notListed);
        notYetCovered = List.copyOf(notYetCovered);
    }

    /** A report with no log file left out as not covered by a digest yet. */
    public VerifyReport(VerifyScope scope, String source, Instant checkedAt, List<FileCheck> digests,
                        List<FileCheck> logs, List<String> notes, List<String> notListed) {
        this(scope, source, checkedAt, digests, logs, notes, notListed, List.of());
    }

    /**
     * True when no file has a failing verdict, at least one digest was found, and every folder of the scope could
     * be listed.
     */
    public boolean valid() {
        return digestFound() && notListed.isEmpty() && digests.stream().noneMatch(c -> c.verdict().failure())
                && logs.stream().noneMatch(c -> c.verdict().failure());
    }

    /**
     * Whether a digest of the period was found or named (read, missing, invalid): a chain's end alone, which names
     * none but the hour after a chain's last digest, proves nothing of the period.
     */
    public boolean digestFound() {
        return digests.stream().anyMatch(c -> c.verdict() != Verdict.CHAIN_ENDS);
    }

    public long count(String kind, Verdict verdict) {
        return (kind.equals("digest") ? digests : logs).stream().filter(c -> c.verdict() == verdict).count();
    }
}
