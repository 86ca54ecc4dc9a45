package io.trailkeeper.cli;

import io.trailkeeper.audit.AuditResult;
import io.trailkeeper.audit.Auditor;
import io.trailkeeper.audit.CheckMetadata;
import io.trailkeeper.audit.EvidenceDestroyers;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.Finding;
import io.trailkeeper.events.Table;
import io.trailkeeper.report.HtmlDocument;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.KeptSnapshots;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code trailkeeper audit}: would the record exist if the account were breached today? */
@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Check the account's CloudTrail set-up against the failures seen in real investigations.",
        description = {"",
            "Collects the logging set-up once (trails, their buckets, KMS keys, CloudWatch alarms, EventBridge",
            "rules, IAM) from every enabled region, then checks it, grouped by the failure each check prevents:",
            "  retention    logs gone after event history's 90 days (bucket lifecycle, Object Lock, public or",
            "               unprotected buckets, who can destroy the evidence)",
            "  data events  object reads never logged (S3, DynamoDB, Lambda data events)",
            "  all regions  events recorded in a region nobody collected (multi-region trail, global events)",
            "  monitoring   tampering that nobody would notice (alarms, EventBridge rules, Insights)",
            "Each finding is PASS, FAIL or UNKNOWN (could not be read, with the reason: never a PASS), with the",
            "resource, the region and a one-line fix. `trailkeeper fix --plan` writes the fixes as code.",
            "The audited snapshot is kept in the store (--store), so that `trailkeeper report` shows these",
            "findings beside the events; --no-keep-snapshot leaves the store alone.", ""},
        footer = {"", "Examples:",
            "  trailkeeper audit",
            "  trailkeeper audit --critical-buckets customer-data,payroll --fail-on high",
            "  trailkeeper audit --save-snapshot acct.json",
            "  trailkeeper audit --snapshot acct.json --format html > audit.html",
            "",
            "Permissions: the AWS managed policy SecurityAudit covers every call (read-only).",
            "Exit code 3 when a check fails at or above --fail-on."})
final class AuditCommand implements Callable<Integer> {
    @ParentCommand
    TrailKeeperCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    SnapshotOptions source;

    @Option(names = "--fail-on", paramLabel = "SEVERITY",
            description = "Exit with code 3 when a check fails at this severity or above: critical, high, medium, low.")
    String failOn;

    @Option(names = "--failed-only", description = "Show only FAIL and UNKNOWN findings.")
    boolean failedOnly;

    @Option(names = "--no-keep-snapshot", description = "Do not keep the audited snapshot in the store (kept by default, for `report`).")
    boolean noKeepSnapshot;

    @Override
    public Integer call() {
        if (!root.format.tabular() && root.format != TrailKeeperCommand.Format.html) {
            throw new IllegalArgumentException("--format " + root.format + " is not an output of audit; use table,"
                    + " json, jsonl, csv or html (fix writes cloudformation, terraform and cli)");
        }
        CheckMetadata.Severity threshold = failOn == null ? null : severity(failOn);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AccountSnapshot snapshot = source.snapshot(root.clock, err);
        if (!noKeepSnapshot) {
            keep(snapshot, err);
        }
        var context = source.context(root.clock);
        AuditResult result = Auditor.standard().run(snapshot, context);
        EvidenceDestroyers destroyers = EvidenceDestroyers.of(snapshot, context);
        List<AuditResult.Entry> shown = result.entries().stream()
                .filter(e -> !failedOnly || e.outcome() != Finding.Outcome.PASS).toList();
        if (root.format == TrailKeeperCommand.Format.html) {
            html(out, snapshot, result, shown, destroyers);
        } else if (root.format == TrailKeeperCommand.Format.table) {
            List<Table> tables = new ArrayList<>();
            for (CheckMetadata.Failure f : CheckMetadata.Failure.values()) {
                List<AuditResult.Entry> group = shown.stream().filter(e -> e.prevents() == f).toList();
                if (!group.isEmpty()) {
                    tables.add(findings(f.label(), group, false));
                }
            }
            tables.add(destroyersTable(destroyers));
            Output.sections(root.format, out, Terminal.width(), tables);
            out.println(summary(snapshot, result));
        } else {
            Output.sections(root.format, out, Terminal.width(), List.of(findings("findings", shown, true),
                    destroyersTable(destroyers)));
        }
        out.flush();
        return threshold != null && !result.failedAtOrAbove(threshold).isEmpty() ? 3 : 0;
    }

    /** Keeps the snapshot in the store for `report`; opens the store only for that write. */
    private void keep(AccountSnapshot snapshot, PrintWriter err) {
        if (snapshot.account() == null || snapshot.collectedAt() == null) {
            err.println("snapshot not kept in the store: it names no account or collection time");
            return;
        }
        try (EventStore store = EventStore.openForWriting(root.storePath(), root.storeOptions())) {
            new KeptSnapshots(store).keep(snapshot, source.criticalBuckets, source.breakGlassRoles);
        }
        err.println("snapshot of account " + snapshot.account() + " kept in the store " + root.storePath()
                + " (for `trailkeeper report`)");
    }

    static CheckMetadata.Severity severity(String text) {
        try {
            return CheckMetadata.Severity.of(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--fail-on " + text + " is not a severity; use critical, high, medium"
                    + " or low");
        }
    }

    private static Table findings(String name, List<AuditResult.Entry> entries, boolean full) {
        List<List<Object>> rows = new ArrayList<>();
        for (AuditResult.Entry e : entries) {
            Finding f = e.finding();
            List<Object> row = new ArrayList<>();
            row.add(f.outcome().name());
            row.add(e.severity().name().toLowerCase(Locale.ROOT));
            row.add(f.checkId());
            if (full) {
                row.add(e.check().title());
                row.add(e.prevents().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            row.add(f.resource());
            row.add(f.region() == null ? "" : f.region());
            row.add(f.detail());
            row.add(f.outcome() == Finding.Outcome.FAIL ? e.check().remediation().summary() : "");
            rows.add(row);
        }
        List<String> columns = full
                ? List.of("outcome", "severity", "check", "title", "prevents", "resource", "region", "detail", "fix")
                : List.of("outcome", "severity", "check", "resource", "region", "detail", "fix");
        return new Table(name, columns, rows);
    }

    private static Table destroyersTable(EvidenceDestroyers d) {
        List<List<Object>> rows = new ArrayList<>();
        if (d.readable()) {
            for (EvidenceDestroyers.TrailEvidence t : d.trails()) {
                for (EvidenceDestroyers.Destroyer x : t.destroyers()) {
                    // a trail by its name, as ever; an event data store named as one
                    rows.add(List.of("trail".equals(t.kind()) ? t.trailName() : t.subject(),
                            t.bucket() == null ? "" : t.bucket(), x.arn(), x.kind(),
                            String.join(" ", x.actions()), destroyerNote(x)));
                }
            }
        }
        return new Table("who_can_destroy_the_evidence", List.of("trail", "bucket", "principal", "kind", "actions",
                "note"), rows);
    }

    /** Break-glass, and the actions allowed only under conditions (MFA, source IP): a row never shows no action. */
    private static String destroyerNote(EvidenceDestroyers.Destroyer x) {
        List<String> note = new ArrayList<>();
        if (x.breakGlass()) {
            note.add("break-glass");
        }
        if (!x.conditionalActions().isEmpty()) {
            note.add("only under conditions: " + String.join(" ", x.conditionalActions()));
        }
        return String.join("; ", note);
    }

    private static String summary(AccountSnapshot snapshot, AuditResult result) {
        AuditResult.Counts c = result.counts();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "audited account %s: %d checks, %d findings: %d PASS, %d FAIL, %d UNKNOWN", snapshot.account(),
                result.entries().stream().map(e -> e.finding().checkId()).distinct().count(), c.total(), c.pass(),
                c.fail(), c.unknown()));
        Map<CheckMetadata.Severity, AuditResult.Counts> bySeverity = result.countsBySeverity();
        List<String> failed = new ArrayList<>();
        for (CheckMetadata.Severity s : CheckMetadata.Severity.values()) {
            AuditResult.Counts sc = bySeverity.get(s);
            if (sc != null && sc.fail() > 0) {
                failed.add(sc.fail() + " " + s.name().toLowerCase(Locale.ROOT));
            }
        }
        if (!failed.isEmpty()) {
            b.append(" (failed: ").append(String.join(", ", failed)).append(')');
        }
        b.append("; fixes as code: trailkeeper fix --plan");
        return b.toString();
    }

    private static void html(PrintWriter out, AccountSnapshot snapshot, AuditResult result,
                             List<AuditResult.Entry> shown, EvidenceDestroyers destroyers) {
        HtmlDocument doc = new HtmlDocument("TrailKeeper audit of AWS account " + snapshot.account());
        doc.note("Snapshot collected " + snapshot.collectedAt() + " by " + snapshot.callerArn() + ".");
        doc.paragraph(summary(snapshot, result));
        for (CheckMetadata.Failure f : CheckMetadata.Failure.values()) {
            List<AuditResult.Entry> group = shown.stream().filter(e -> e.prevents() == f).toList();
            if (!group.isEmpty()) {
                doc.heading(f.label());
                doc.table(findings(f.label(), group, false));
            }
        }
        doc.heading("Who can destroy the evidence");
        doc.table(destroyersTable(destroyers));
        if (!snapshot.unreadable().isEmpty()) {
            doc.heading("What could not be read");
            List<List<Object>> rows = new ArrayList<>();
            snapshot.unreadable().forEach(u -> rows.add(List.of(u.what(), u.reason())));
            doc.table(new Table("unreadable", List.of("what", "reason"), rows));
        }
        doc.render(out);
    }
}
