package io.trailkeeper.cli;

import io.trailkeeper.detect.Match;
import io.trailkeeper.detect.RuleSet;
import io.trailkeeper.detect.SigmaRule;
import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.store.EventQuery;
import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.EventStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code trailkeeper detect}: Sigma rules over the store. */
@Command(name = "detect", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Run Sigma detection rules over the events in the store.",
        description = {"",
            "Runs TrailKeeper's bundled rules (trail stopped, deleted or narrowed, the trail bucket emptied or",
            "its lifecycle shortened, sign-in without MFA, root use, keys created for others, mass S3 reads...)",
            "and any SigmaHQ-format rules from --rules folders over the stored events, all rules in one pass,",
            "correlation rules included. Each match shows the rule, its level, its author (the Detection Rule",
            "License asks for it), its ATT&CK tags, and the event: time, region, principal, source IP, call.",
            "The table folds the matches of a rule by one principal (a correlation's of one group) into one line",
            "with their count, first and last time and a few of their values; --all-matches lists each.",
            "A rule that cannot be used is reported with its file, line and reason, never skipped silently.", ""},
        footer = {"", "Examples:",
            "  trailkeeper detect",
            "  trailkeeper detect --rules ../sigma/rules/cloud/aws --since 30d --min-level high",
            "  trailkeeper detect --fail-on high --format json > detections.json",
            "  trailkeeper detect --rules ./rules --placeholder admins=alice,bob",
            "",
            "Exit code 3 when a rule at or above --fail-on matched."})
final class DetectCommand implements Callable<Integer> {
    static final List<String> LEVELS = List.of("informational", "low", "medium", "high", "critical");

    @ParentCommand
    TrailKeeperCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--rules", paramLabel = "DIR", description = "More Sigma rules (files or folders, repeatable).")
    List<Path> rules = new ArrayList<>();

    @Option(names = "--no-bundled", description = "Leave out TrailKeeper's bundled rules.")
    boolean noBundled;

    @Mixin
    PlaceholderOptions placeholders;

    @Option(names = "--since", paramLabel = "TIME", description = "Events from this time (ISO, or an age: 30d).")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Events up to this time (a date means to its end).")
    String until;

    @Option(names = "--min-level", paramLabel = "LEVEL", description = "Only rules at this level or above: informational, low, medium, high, critical.")
    String minLevel;

    @Option(names = "--fail-on", paramLabel = "LEVEL", description = "Exit with code 3 when a rule at this level or above matched.")
    String failOn;

    @Option(names = "--all-matches", description = "In the table, a line for every match, not one for each rule and"
            + " principal (json, jsonl and csv always give every match).")
    boolean allMatches;

    @Override
    public Integer call() {
        Output.requireTabular(root.format);
        int min = minLevel == null ? 0 : level(minLevel, "--min-level");
        Integer fail = failOn == null ? null : level(failOn, "--fail-on");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant from = since == null ? null : TimeArguments.parse(since, root.clock, "--since");
        Instant to = until == null ? null : TimeArguments.parseUntil(until, root.clock, "--until");
        long t0 = System.nanoTime();
        RulesCommand.requireExisting(rules);
        Tally tally = new Tally(fail);
        RuleSet set;
        List<SigmaRule> chosen;
        long events;
        try (EventStore store = EventStore.openForReading(root.storePath(), root.storeOptions())) {
            set = RulesCommand.load(rules, !noBundled, placeholders.values(TrailBuckets.placeholders(store)));
            RulesCommand.report(set, err);
            chosen = RulesAtLevel.choose(set.rules(), min);
            EventQuery q = new EventQuery(from, to, null, null, null, null, null, null, null, null, null, null, null);
            events = write(store, chosen, q, tally, out, err);
        }
        if (root.format == TrailKeeperCommand.Format.table) {
            out.println(String.format(Locale.ROOT, "%,d rules (%,d not usable%s) over %,d events in %.1f s: %,d"
                            + " matches of %,d rules", chosen.size(), set.problems().size(), set.otherLogsources()
                            .isEmpty() ? "" : String.format(Locale.ROOT, ", %,d skipped: not CloudTrail",
                            set.otherLogsources().size()), events,
                    (System.nanoTime() - t0) / 1e9, tally.matches, tally.rules.size()) + (tally.lines < 0 ? ""
                    : String.format(Locale.ROOT, " in %,d lines (--all-matches: a line each)", tally.lines)));
        }
        out.flush();
        return tally.failed ? 3 : 0;
    }

    /**
     * Writes the matches as they are found, in time order (a million matches are never held: they took 1 GB), and
     * counts them; returns how many events were read.
     */
    private long write(EventStore store, List<SigmaRule> chosen, EventQuery q, Tally tally, PrintWriter out,
                       PrintWriter err) {
        // a pass over a large store takes a while (2 million events: 40 s): say how far it is on a terminal
        boolean barShown = Terminal.errorsInteractive();
        Progress bar = new Progress(err, barShown);
        if (barShown) {
            bar.start(0, new EventSearch(store).count(q));
        }
        if (root.format == TrailKeeperCommand.Format.table && !allMatches) {
            return writeFolded(store, chosen, q, tally, out, bar);
        }
        // asked once, not per match: it reads /proc/self/fd, and a pass may write a million rows
        boolean rowsOnTerminal = Terminal.interactive();
        long[] read = {0};
        Output.section(root.format, out, Terminal.width(), "detections", COLUMNS,
                row -> read[0] = StoreDetection.run(store, chosen, q, m -> {
                    tally.add(m);
                    if (rowsOnTerminal) {
                        bar.clear(); // the row may be printed on the terminal that shows the bar
                    }
                    row.accept(row(m));
                }, bar::events));
        bar.clear();
        return read[0];
    }

    /** The table with repeated matches folded ({@link FoldedMatches}), written once the pass has ended. */
    private long writeFolded(EventStore store, List<SigmaRule> chosen, EventQuery q, Tally tally, PrintWriter out,
                             Progress bar) {
        FoldedMatches folded = new FoldedMatches();
        long read = StoreDetection.run(store, chosen, q, m -> {
            tally.add(m);
            folded.add(m);
        }, bar::events);
        bar.clear();
        tally.lines = folded.lines();
        Output.section(root.format, out, Terminal.width(), "detections", FoldedMatches.COLUMNS, folded::rows);
        return read;
    }

    /** What the summary line and --fail-on need of the matches written. */
    private static final class Tally {
        final Integer failOn;
        final java.util.Set<String> rules = new java.util.HashSet<>();
        long matches;
        /** The lines the table folded the matches into, or -1 when each match has its own. */
        long lines = -1;
        boolean failed;

        Tally(Integer failOn) {
            this.failOn = failOn;
        }

        void add(Match m) {
            matches++;
            rules.add(m.rule().source());
            failed |= failOn != null && rank(m.rule().level()) >= failOn;
        }
    }

    /** Matches by their event's time, then rule title, then record hash: the same order however they were read. */
    static final Comparator<Match> IN_TIME_ORDER = Comparator.comparing((Match m) -> m.event().eventTime(),
                    Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(m -> m.rule().title())
            .thenComparing(m -> m.event().recordHash(), Match::compareRecordHashes);

    /** The detections table's columns, one row per match ({@link #row}). */
    static final List<String> COLUMNS = List.of("time", "level", "rule", "author", "attack", "region", "principal",
            "source_ip", "event", "resource", "correlation", "rule_id");

    /** A match as the detections table shows it. */
    static List<Object> row(Match m) {
        CloudTrailEvent e = m.event();
        List<Object> row = new ArrayList<>(COLUMNS.size());
        row.add(e.eventTime());
        row.add(m.rule().level());
        row.add(m.rule().title());
        row.add(m.rule().author());
        row.add(String.join(" ", m.rule().attackTags()));
        row.add(e.awsRegion());
        row.add(e.principalArn() != null ? e.principalArn() : e.userName());
        row.add(e.sourceIp());
        row.add(e.eventName());
        row.add(e.resources().isEmpty() ? null : String.join(" ", e.resources()));
        row.add(correlation(m));
        row.add(m.rule().id());
        return row;
    }

    /** A correlation's match as its column says it: how many events, by which group, the values counted. */
    static String correlation(Match m) {
        return m.events().size() > 1 ? m.events().size() + " events" + (m.group().isEmpty() ? ""
                : " by " + String.join(", ", m.group())) + CountedValues.of(m) : null;
    }

    static int level(String text, String option) {
        int i = LEVELS.indexOf(text.trim().toLowerCase(Locale.ROOT));
        if (i < 0) {
            throw new IllegalArgumentException(option + " " + text + " is not a level; use " + String.join(", ", LEVELS));
        }
        return i;
    }

    static int rank(String level) {
        return level == null ? 0 : Math.max(0, LEVELS.indexOf(level.toLowerCase(Locale.ROOT)));
    }
}
