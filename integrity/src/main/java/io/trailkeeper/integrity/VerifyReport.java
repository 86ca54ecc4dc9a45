package io.trailkeeper.integrity;

import java.time.Instant;
import java.util.List;

/**
 * The result of one verification: every digest and log file checked with its verdict (the manifest of what was
 * checked, with SHA-256s), and notes in words (chains found, gaps, the window actually covered).
 */
public record VerifyReport(VerifyScope scope, String source, Instant checkedAt, List<FileCheck> digests,
                           List<FileCheck> logs, List<String> notes) {
    public VerifyReport {
        digests = List.copyOf(digests);
        logs = List.copyOf(logs);
        notes = List.copyOf(notes);
    }

    /** True when no file has a failing verdict (and at least one digest was found). */
    public boolean valid() {
        return !digests.isEmpty() && digests.stream().noneMatch(c -> c.verdict().failure())
                && logs.stream().noneMatch(c -> c.verdict().failure());
    }

    public long count(String kind, Verdict verdict) {
        return (kind.equals("digest") ? digests : logs).stream().filter(c -> c.verdict() == verdict).count();
    }
}
