package io.trailkeeper.cli;

import io.trailkeeper.audit.AuditContext;
import io.trailkeeper.audit.AuditResult;
import io.trailkeeper.audit.Auditor;
import io.trailkeeper.audit.CheckMetadata;
import io.trailkeeper.events.Finding;
import io.trailkeeper.events.Table;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.KeptSnapshots;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

/**
 * The audit findings of the newest account snapshot {@code audit} kept in the store, one audit per account, as
 * the audit saw them: with what the user told it (critical buckets, break-glass roles) and its clock at the
 * snapshot's collection, so that "delivered recently" means recently before the snapshot was taken.
 */
final class ReportFindings {
    private static final Comparator<List<Object>> WORST_FIRST = Comparator
            .comparingInt((List<Object> r) -> outcomeRank((String) r.get(1)))
            .thenComparingInt(r -> CheckMetadata.Severity.of((String) r.get(2)).ordinal());

    private final Table table;
    private final List<String> sentences;

    private ReportFindings(Table table, List<String> sentences) {
        this.table = table;
        this.sentences = sentences;
    }

    static ReportFindings of(EventStore store) {
        List<KeptSnapshots.Kept> kept = new KeptSnapshots(store).latest();
        if (kept.isEmpty()) {
            return new ReportFindings(null, List.of("No account snapshot is in the store, so the report shows no"
                    + " audit findings: `trailkeeper audit` keeps the account's logging set-up in the store."));
        }
        List<List<Object>> rows = new ArrayList<>();
        List<String> sentences = new ArrayList<>();
        for (KeptSnapshots.Kept k : kept) {
            AuditContext context = new AuditContext(new HashSet<>(k.criticalBuckets()),
                    new HashSet<>(k.breakGlassRoles()), Clock.fixed(k.snapshot().collectedAt(), ZoneOffset.UTC));
            AuditResult result = Auditor.standard().run(k.snapshot(), context);
            for (AuditResult.Entry e : result.entries()) {
                rows.add(row(k.snapshot().account(), e));
            }
            sentences.add(sentence(k, result));
        }
        rows.sort(WORST_FIRST);
        return new ReportFindings(new Table("findings", List.of("account", "outcome", "severity", "check", "title",
                "resource", "region", "detail", "fix"), rows), sentences);
    }

    /** The findings, worst first; null when no snapshot is in the store. */
    Table table() {
        return table;
    }

    /** One sentence per audited account (or why there is none), for the summary. */
    List<String> sentences() {
        return sentences;
    }

    private static List<Object> row(String account, AuditResult.Entry e) {
        Finding f = e.finding();
        List<Object> row = new ArrayList<>();
        row.add(account);
        row.add(f.outcome().name());
        row.add(e.severity().name().toLowerCase(Locale.ROOT));
        row.add(f.checkId());
        row.add(e.check().title());
        row.add(f.resource());
        row.add(f.region() == null ? "" : f.region());
        row.add(f.detail());
        row.add(f.outcome() == Finding.Outcome.FAIL ? e.check().remediation().summary() : "");
        return row;
    }

    private static String sentence(KeptSnapshots.Kept k, AuditResult result) {
        AuditResult.Counts c = result.counts();
        List<String> failed = new ArrayList<>();
        result.countsBySeverity().forEach((severity, counts) -> {
            if (counts.fail() > 0) {
                failed.add(counts.fail() + " " + severity.name().toLowerCase(Locale.ROOT));
            }
        });
        return String.format(Locale.ROOT, "The logging set-up of account %s (snapshot collected %s): %,d of %,d"
                        + " findings FAIL%s, %,d UNKNOWN (could not be read), %,d PASS.", k.snapshot().account(),
                ReportText.time(k.snapshot().collectedAt()), c.fail(), c.total(),
                failed.isEmpty() ? "" : " (" + String.join(", ", failed) + ")", c.unknown(), c.pass());
    }

    private static int outcomeRank(String outcome) {
        return switch (outcome) {
            case "FAIL" -> 0;
            case "UNKNOWN" -> 1;
            default -> 2;
        };
    }
}
