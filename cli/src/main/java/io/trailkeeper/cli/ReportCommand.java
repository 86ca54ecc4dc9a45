package io.trailkeeper.cli;

import io.trailkeeper.report.incident.IncidentHtml;
import io.trailkeeper.report.incident.IncidentJson;
import io.trailkeeper.report.incident.IncidentMarkdown;
import io.trailkeeper.report.incident.IncidentReport;
import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code trailkeeper report}: one self-contained incident report from the store. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Write an incident report from the store: one self-contained HTML file, Markdown or JSON.",
        description = {"",
            "Summarises the window's events in sentences (who did what, where; trail, bucket and resource",
            "deletions with who and from where), then shows an interactive timeline, a heat map of activity",
            "per region and hour (per day beyond 14 days), the top principals, source IPs and calls, the",
            "matches of the bundled Sigma rules with their authors, the audit findings of the newest account",
            "snapshot `trailkeeper audit` kept in the store, and what the store may be missing (coverage, gaps).",
            "The HTML file carries its charts (Apache ECharts) inside: it opens offline, in any browser, and",
            "loads nothing. Every value from a log record is escaped: records are attacker-controlled.",
            "The window is the matching events' whole span unless --since and --until say otherwise.",
            "--format: html (the default), md or json.", ""},
        footer = {"", "Examples:",
            "  trailkeeper report --out incident.html",
            "  trailkeeper report --out incident.html --since 2024-03-01 --until 2024-03-08",
            "  trailkeeper report --out alice.html --actor alice --since 30d",
            "  trailkeeper report --format md --out - --key AKIAIOSFODNN7EXAMPLE > key.md",
            "  trailkeeper report --format json --out incident.json --region eu-west-1 --region us-east-1"})
final class ReportCommand implements Callable<Integer> {
    @ParentCommand
    TrailKeeperCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the report; - for the standard output (the default).")
    String out = "-";

    @Option(names = "--since", paramLabel = "TIME", description = "Events from this time (ISO, or an age: 30d).")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Events up to this time (a date means to its end).")
    String until;

    @Option(names = "--actor", paramLabel = "ARN|USER", description = "Only events of this principal, as query --user takes it: part of its ARN, name or role, or the person behind a session; a whole ARN is that principal only.")
    String actor;

    @Option(names = "--key", paramLabel = "ACCESS_KEY_ID", description = "Only events made with this access key.")
    String key;

    @Option(names = "--ip", paramLabel = "IP", description = "Only events from this source IP (or glob: 203.0.113.*, or IPv4 CIDR block: 198.51.100.0/24).")
    String ip;

    @Option(names = "--region", paramLabel = "REGION", split = ",", description = "Only events recorded in these regions (repeatable).")
    List<String> regions = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        Format format = format(root.format);
        Instant from = since == null ? null : TimeArguments.parse(since, root.clock, "--since");
        Instant to = until == null ? null : TimeArguments.parseUntil(until, root.clock, "--until");
        ReportFile file = "-".equals(out) ? null : ReportFile.start(Path.of(out));
        PrintWriter err = spec.commandLine().getErr();
        IncidentReport report;
        try (EventStore store = EventStore.openForReading(root.storePath(), root.storeOptions())) {
            IncidentReportBuilder builder = new IncidentReportBuilder(store, root.clock, err);
            IncidentReportBuilder.Filters filters = new IncidentReportBuilder.Filters(actor, key, ip, regions);
            report = builder.build(builder.window(from, to, filters), filters);
        } catch (RuntimeException e) {
            if (file != null) {
                file.discard();
            }
            throw e;
        }
        StringWriter text = new StringWriter();
        switch (format) {
            case HTML -> IncidentHtml.render(report, text);
            case MARKDOWN -> IncidentMarkdown.render(report, text);
            default -> IncidentJson.render(report, text);
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        if (file == null) {
            PrintWriter o = spec.commandLine().getOut();
            o.print(text);
            o.flush();
        } else {
            file.finish(bytes);
        }
        err.println(summary(file == null ? "the standard output" : file.path().toString(), report, bytes.length));
        err.flush();
        return 0;
    }

    enum Format { HTML, MARKDOWN, JSON }

    static Format format(TrailKeeperCommand.Format f) {
        return switch (f) {
            case table, html -> Format.HTML;
            case md -> Format.MARKDOWN;
            case json -> Format.JSON;
            default -> throw new IllegalArgumentException("--format " + f + " is not an output of report; use html"
                    + " (the default), md or json");
        };
    }

    static String summary(String where, IncidentReport r, long bytes) {
        long events = r.timeline().stream().mapToLong(IncidentReport.TimeBucket::events).sum();
        long detections = r.timeline().stream().mapToLong(IncidentReport.TimeBucket::detections).sum();
        return String.format(Locale.ROOT, "report written to %s: %s, %s, %s (%s)", where,
                ReportText.count(events, "event", "events"), ReportText.count(detections, "detection", "detections"),
                ReportText.count(r.gaps().size(), "gap", "gaps"), ReportText.size(bytes));
    }
}
