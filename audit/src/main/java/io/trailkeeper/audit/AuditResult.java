package io.trailkeeper.audit;

import io.trailkeeper.audit.CheckMetadata.Failure;
import io.trailkeeper.audit.CheckMetadata.Severity;
import io.trailkeeper.events.Finding;
import io.trailkeeper.events.Finding.Outcome;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an audit found: every finding with its check's metadata, sorted by the failure the check prevents
 * (retention, data events, all regions, monitoring), then severity (critical first), then check, then outcome
 * (FAIL, UNKNOWN, PASS), resource and region.
 *
 * @param account   the audited account
 * @param auditedAt the audit's clock when it ran
 */
public record AuditResult(String account, Instant auditedAt, List<Entry> entries) {
    public AuditResult {
        entries = List.copyOf(entries);
    }

    /** One finding and the metadata of the check that made it. */
    public record Entry(Finding finding, CheckMetadata check) {
        public Outcome outcome() {
            return finding.outcome();
        }

        public Severity severity() {
            return check.severity();
        }

        public Failure prevents() {
            return check.prevents();
        }
    }

    /** How many findings passed, failed, or could not be told. */
    public record Counts(int pass, int fail, int unknown) {
        public int total() {
            return pass + fail + unknown;
        }

        static Counts of(Collection<Entry> entries) {
            int pass = 0;
            int fail = 0;
            int unknown = 0;
            for (Entry e : entries) {
                switch (e.outcome()) {
                    case PASS -> pass++;
                    case FAIL -> fail++;
                    case UNKNOWN -> unknown++;
                }
            }
            return new Counts(pass, fail, unknown);
        }
    }

    public List<Entry> failed() {
        return with(Outcome.FAIL);
    }

    public List<Entry> unknown() {
        return with(Outcome.UNKNOWN);
    }

    /** The findings, whatever their outcome, of checks at {@code severity} or more severe. */
    public List<Entry> atOrAbove(Severity severity) {
        return entries.stream().filter(e -> e.severity().atLeast(severity)).toList();
    }

    /** The failed findings of checks at {@code severity} or more severe: what {@code --fail-on} looks at. */
    public List<Entry> failedAtOrAbove(Severity severity) {
        return failed().stream().filter(e -> e.severity().atLeast(severity)).toList();
    }

    public Counts counts() {
        return Counts.of(entries);
    }

    /** Counts per severity, every severity present (zero counts included), most severe first. */
    public Map<Severity, Counts> countsBySeverity() {
        Map<Severity, Counts> out = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            out.put(s, Counts.of(entries.stream().filter(e -> e.severity() == s).toList()));
        }
        return out;
    }

    /** Counts per failure prevented, every failure present, in {@link Failure} order. */
    public Map<Failure, Counts> countsByFailure() {
        Map<Failure, Counts> out = new EnumMap<>(Failure.class);
        for (Failure f : Failure.values()) {
            out.put(f, Counts.of(byFailure().get(f)));
        }
        return out;
    }

    /** The entries grouped by the failure their check prevents, in {@link Failure} order, empty groups kept. */
    public Map<Failure, List<Entry>> byFailure() {
        Map<Failure, List<Entry>> out = new LinkedHashMap<>();
        for (Failure f : Failure.values()) {
            out.put(f, entries.stream().filter(e -> e.prevents() == f).toList());
        }
        return out;
    }

    private List<Entry> with(Outcome outcome) {
        return entries.stream().filter(e -> e.outcome() == outcome).toList();
    }
}
