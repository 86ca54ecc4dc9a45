package io.trailkeeper.cli;

import io.trailkeeper.events.PrintableText;
import io.trailkeeper.events.Table;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.coverage.CoverageAnalysis;
import io.trailkeeper.store.coverage.CoverageReport;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code trailkeeper coverage}: what the store can answer for, per region and day, and its gaps. */
@Command(name = "coverage", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Show what the store can answer for, per region and day, and the gaps in it.",
        description = {"",
            "An investigation over days or regions the store does not hold finds nothing, and nothing found is",
            "not the same as nothing happened. This shows, per region, the days held from each source (trail",
            "files from `ingest` or `collect s3`, event history from `collect lookup`, other files), how many",
            "events and data events, the collectors' latest word, and then each gap in one sentence:", "",
            "  lake unread        days whose events prune moved to the lake, whose lake file this store cannot",
            "                     read (gone, or an S3 lake's local copy gone). Closed by: putting the file back.",
            "  partial day        days of which the store holds only the minutes before midnight that the",
            "                     next day's first trail files carry. Closed by: reading the day's own files.",
            "  account files      an account's trail files of a region and day that the store lacks while it",
            "                     holds other accounts' (an organization trail's folder per account). Closed",
            "                     by: trailkeeper collect s3 --accounts A --regions R --since DAY --until DAY",
            "  never collected    a region known to be enabled (from the collectors, else the 17 regions AWS",
            "                     enables by default) with no event, window or collector entry at all.",
            "                     Closed by: trailkeeper collect lookup --regions R",
            "  collector          a collector's latest entry for a region or S3 prefix was denied, throttled,",
            "                     not enabled, failed or truncated; refused on some days only, it names them",
            "                     (the days table: unread). Closed by: running it again (after granting the",
            "                     permission it names, for denied).",
            "  history not        days of the last 90 whose event history was never collected and that no",
            "  collected          trail file holds. Closed by: trailkeeper collect lookup --since DAY,",
            "                     before the date the gap names, when the 90-day history starts to drop them.",
            "  beyond history     days older than CloudTrail's 90-day event history with no trail file, in",
            "                     a region with events. The event history can no longer give them; only a",
            "                     trail's files in S3 can: trailkeeper collect s3 --bucket B --since DAY.",
            "  no data events     none at all (whether S3 objects were read or Lambda functions invoked",
            "                     cannot be told), or none from some regions. Only a trail with data event",
            "                     selectors records them, from the day they are set: see audit and fix. A",
            "                     trail whose selectors were set or removed in the window (PutEventSelectors",
            "                     in the store, and the lake): the days it did not record them; before its",
            "                     first stored selector call, not known. A trail single-region on some days",
            "                     (CreateTrail, UpdateTrail): those days, for the other regions.", "",
            "A day counts as held when trail-file (from files CloudTrail delivered that day, or not named by",
            "CloudTrail) or event-history events of it are stored, or a collect",
            "lookup window or a complete collect s3 listing reaches into it (read completely and empty is",
            "an answer). The 90 days are counted from now. The table sums each region's days up (how many, in",
            "how many ranges, first..last); --days adds a row per region and day, as json and csv always do.", ""},
        footer = {"", "Examples:",
            "  trailkeeper coverage                                  the whole store, every region",
            "  trailkeeper coverage --since 2024-03-01 --until 2024-03-31 --region us-east-1,eu-west-1",
            "  trailkeeper coverage --since 30d --days",
            "  trailkeeper coverage --format json > coverage.json",
            "  trailkeeper coverage --strict && echo complete", "",
            "Exit code 4 with --strict when there is any gap."})
final class CoverageCommand implements Callable<Integer> {
    @ParentCommand
    TrailKeeperCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--since", paramLabel = "TIME", description = "From this time: 2024-03-01, 2024-03-01T12:00:00Z, or an age (90d). Default: the store's first day.")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Up to this time (same forms; a date means to its end). Default: now.")
    String until;

    @Option(names = "--region", paramLabel = "REGION", split = ",", description = "Only these regions (repeat or comma-separate). Default: all.")
    List<String> regions = new ArrayList<>();

    @Option(names = "--days", description = "Also a row per region and day (json and csv always have them).")
    boolean days;

    @Option(names = "--strict", description = "Exit with code 4 when there is any gap.")
    boolean strict;

    @Override
    public Integer call() {
        Output.requireTabular(root.format);
        Instant from = since == null ? null : TimeArguments.parse(since, root.clock, "--since");
        Instant to = until == null ? null : TimeArguments.parseUntil(until, root.clock, "--until");
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("--since " + since + " is after --until " + until);
        }
        CoverageReport report;
        try (EventStore store = EventStore.openForReading(root.storePath(), root.storeOptions())) {
            report = new CoverageAnalysis(store, root.clock).report(from, to, new LinkedHashSet<>(regions));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (root.format == TrailKeeperCommand.Format.table) {
            printTable(out, report);
            out.println(report.summary());
        } else {
            Output.sections(root.format, out, 0, report.sections());
            spec.commandLine().getErr().println(report.summary());
        }
        out.flush();
        return strict && !report.complete() ? 4 : 0;
    }

    private void printTable(PrintWriter out, CoverageReport report) {
        int width = Terminal.width();
        List<Table> tables = new ArrayList<>();
        if (!report.empty()) {
            tables.add(report.regionTable());
            if (days) {
                tables.add(report.dayTable());
            }
            Output.sections(root.format, out, width, tables);
            out.println();
        }
        List<String> gaps = report.gaps();
        out.println(gaps.isEmpty() ? "no gaps" : gaps.size() == 1 ? "1 gap" : gaps.size() + " gaps");
        for (int i = 0; i < gaps.size(); i++) {
            printWrapped(out, String.format("%3d. ", i + 1), gaps.get(i), width > 0 ? width : 100);
        }
        out.println();
    }

    /**
     * A sentence wrapped at the width, continuation lines indented; its region names come from records, so
     * control, direction and invisible characters are replaced ({@link PrintableText}).
     */
    static void printWrapped(PrintWriter out, String first, String text, int width) {
        String indent = " ".repeat(first.length());
        StringBuilder line = new StringBuilder(first);
        for (String word : PrintableText.line(text).split(" ")) {
            if (line.length() > indent.length() && line.length() + 1 + word.length() > width) {
                out.println(line.toString().stripTrailing());
                line = new StringBuilder(indent);
            } else if (line.length() > indent.length()) {
                line.append(' ');
            }
            line.append(word);
        }
        out.println(line.toString().stripTrailing());
    }
}
