package io.trailkeeper.cli;

import io.trailkeeper.aws.AutoCollector;
import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.aws.AwsOptions;
import io.trailkeeper.aws.CallerIdentity;
import io.trailkeeper.aws.LookupCollector;
import io.trailkeeper.aws.Regions;
import io.trailkeeper.aws.s3.S3TrailCollector;
import io.trailkeeper.detect.RuleSet;
import io.trailkeeper.detect.SigmaRule;
import io.trailkeeper.detect.alert.AlertDispatcher;
import io.trailkeeper.detect.alert.AlertSink;
import io.trailkeeper.events.PrintableText;
import io.trailkeeper.store.AlertLedger;
import io.trailkeeper.store.CollectWriter;
import io.trailkeeper.store.EventQuery;
import io.trailkeeper.store.EventStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code trailkeeper watch}: collect, then detect on what is new, and alert; again and again. */
@Command(name = "watch", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Collect and detect in a loop, and send each new detection to the alert sinks.",
        description = {"",
            "Each round collects (event history, a trail's bucket, or whichever works: --from), then runs the",
            "rules over the recent events and raises each rule's match once (remembered in the store across",
            "restarts). Alerts go to every --alert sink without ever holding up collection; a sink that fails",
            "keeps its alerts and gets them again with backoff, and on the next run.",
            "Sinks: stdout, jsonl:FILE, webhook:URL (JSON with a Slack-compatible text field), sns:TOPIC_ARN.", ""},
        footer = {"", "Examples:",
            "  trailkeeper watch --from lookup --interval 5m --alert webhook:https://hooks.example/T0",
            "  trailkeeper watch --from s3 --bucket my-trail-bucket --alert jsonl:alerts.jsonl --once"})
final class WatchCommand implements Callable<Integer> {
    @ParentCommand
    TrailKeeperCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    AwsOptionsMixin aws;

    @Option(names = "--from", paramLabel = "SOURCE", description = "lookup (default), s3 or auto.")
    String from = "lookup";

    @Option(names = "--bucket", paramLabel = "BUCKET", description = "The trail's bucket, for --from s3.")
    String bucket;

    @Option(names = "--prefix", paramLabel = "PREFIX", description = "The trail's key prefix, for --from s3.")
    String prefix;

    @Option(names = "--interval", paramLabel = "DURATION", description = "Time between rounds: 30s, 5m, 1h (default: 5m).")
    String interval = "5m";

    @Option(names = "--once", description = "One round, then exit.")
    boolean once;

    @Option(names = "--alert", paramLabel = "SINK", required = true,
            description = "Where alerts go (repeatable): stdout, jsonl:FILE, webhook:URL, sns:TOPIC_ARN.")
    List<String> alerts = new ArrayList<>();

    @Option(names = "--rules", paramLabel = "DIR", description = "More Sigma rules (files or folders, repeatable).")
    List<Path> rules = new ArrayList<>();

    @Mixin
    PlaceholderOptions placeholders;

    @Option(names = "--min-level", paramLabel = "LEVEL", description = "Only rules at this level or above.")
    String minLevel;

    @Option(names = "--lookback", paramLabel = "DURATION",
            description = "Rounds after the first detect over events this far back, for correlations (default: 1d).")
    String lookback = "1d";

    @Option(names = "--rate", paramLabel = "N", description = "LookupEvents requests per second per region (default: 2).")
    double rate = 2.0;

    /** Runs in every round while its detection has the store open (a test reads it from another process then). */
    Runnable whileDetecting = () -> { };

    /**
     * The earliest time of the events collected by rounds that have not detected since (null: none): a round that
     * fails after storing events, late ones among them, leaves them to the next round's detection.
     */
    private Instant undetected;

    /** The rule problems and warnings (and folders passed over) printed so far, each printed once. */
    private final java.util.Set<String> told = new java.util.HashSet<>();

    @Override
    public Integer call() throws Exception {
        duration(interval, "--interval"); // both refused before any work when they are not durations
        duration(lookback, "--lookback");
        if (from.equals("s3") && bucket == null) {
            throw new IllegalArgumentException("--from s3 needs --bucket");
        }
        if (!List.of("lookup", "s3", "auto").contains(from)) {
            throw new IllegalArgumentException("--from " + from + " is not a source; use lookup, s3 or auto");
        }
        int min = minLevel == null ? 0 : DetectCommand.level(minLevel, "--min-level");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RuleSet set = RulesCommand.load(rules, true, placeholders.values());
        RulesCommand.report(set, err);
        told.addAll(RulesCommand.lines(set));
        AwsOptions awsOptions = aws.toOptions();
        List<AutoCloseable> toClose = new ArrayList<>();
        List<AlertSink> sinks = AlertSinks.parse(alerts, out, awsOptions, toClose);
        // create (or upgrade) the store once, before the alert threads and the collector open it concurrently
        EventStore.openForWriting(root.storePath(), root.storeOptions()).close();
        AlertLedger ledger = new AlertLedger(root.storePath(), root.storeOptions());
        try (AwsClients clients = new AwsClients(awsOptions);
             AlertDispatcher dispatcher = new AlertDispatcher(sinks, AlertSinks.ledger(ledger),
                     AlertDispatcher.Options.defaults());
             WatchStop stop = WatchStop.onSignals()) {
            rounds(clients, new Alerting(ledger, dispatcher), stop, min, err);
            stop.settle();
            dispatcher.closeAndReport().forEach(s -> {
                if (s.lastError() != null || s.queued() > 0) {
                    err.println("watch: sink " + s.sink() + ": " + s.delivered() + " delivered, " + s.queued()
                            + " waiting" + (s.lastError() == null ? "" : ", last error: " + s.lastError()));
                }
            });
        } finally {
            for (AutoCloseable c : toClose) {
                c.close();
            }
        }
        return 0;
    }

    /**
     * Collects, detects and raises alerts, round after round until a stop (or one round with --once). A round that
     * fails after the first is told and the next tries again; the first one's failure ends the watch.
     */
    private void rounds(AwsClients clients, Alerting alerting, WatchStop stop, int min, PrintWriter err) {
        Duration every = duration(interval, "--interval");
        Duration back = duration(lookback, "--lookback");
        Instant detectFrom = null;
        boolean first = true;
        while (!stop.requested()) {
            Instant started = root.clock.instant();
            try {
                Collected collected = collect(clients, err);
                long matches;
                long fresh;
                long unraised;
                try (RoundAlerts found = detect(alerting.ledger(), min, collected.window(detectFrom, back), err)) {
                    matches = found.matches();
                    fresh = found.raise(alerting.dispatcher(), stop::requested);
                    unraised = found.unraised();
                }
                err.println(String.format(Locale.ROOT, "watch: round at %s: %,d events collected, %,d matches,"
                        + " %,d new alerts", started, collected.newEvents(), matches, fresh) + (unraised == 0 ? ""
                        : String.format(Locale.ROOT, "; stopped with %,d alerts not raised (the next run raises them)",
                        unraised)));
                // only a round that detected moves the window on: after a failed one the next looks back further
                detectFrom = started.minus(back);
                undetected = null;
            } catch (RuntimeException e) {
                if (stop.requested()) {
                    return; // Ctrl-C midway: what was collected is stored, its alerts are raised by the next run
                }
                if (first) {
                    throw e; // a wrong endpoint, credentials or store is told at once
                }
                // an outage, throttling or the store held by another command: this round is lost, not the watch
                err.println("watch: round at " + started + " failed, the next one tries again: "
                        + PrintableText.line(String.valueOf(e.getMessage())));
            }
            err.flush();
            first = false;
            if (once) {
                return;
            }
            alerting.dispatcher().retryPending();
            stop.sleep(every);
        }
    }

    /** The alerts' memory in the store, and the dispatcher raising them through it. */
    private record Alerting(AlertLedger ledger, AlertDispatcher dispatcher) {
    }

    /**
     * What a round collected: the new events, and the earliest time of the events read by it or by failed rounds
     * before it (null: none).
     */
    record Collected(long newEvents, Instant earliest) {
        /**
         * Where the round's detection starts: the look-back window, reaching back further for events read now
         * that are older than it (a file delivered late), with the look-back before them for correlations.
         */
        Instant window(Instant lookBackFrom, Duration back) {
            if (lookBackFrom == null || earliest == null) {
                return lookBackFrom;
            }
            Instant late = earliest.minus(back);
            return late.isBefore(lookBackFrom) ? late : lookBackFrom;
        }
    }

    private Collected collect(AwsClients clients, PrintWriter err) {
        try (CollectWriter store = new CollectWriter(root.storePath(), root.storeOptions(), "watch " + from,
                CollectWriter.Options.defaults())) {
            CollectedTimes writer = new CollectedTimes(store);
            // a trail file with damaged content keeps its region's coverage complete: only its problems tell the loss
            ProblemPrinter printer = new ProblemPrinter(err, root.verbose);
            try {
                collectInto(new ProblemReportingSink(writer, printer::print), clients, err);
                writer.flush();
                printer.finish(store.runId());
            } finally {
                // stored (or perhaps stored) even when the collection fails: detected by the next round that detects
                Instant earliest = writer.earliest();
                undetected = undetected == null || earliest != null && earliest.isBefore(undetected) ? earliest
                        : undetected;
            }
            return new Collected(store.totals().newEvents(), undetected);
        }
    }

    private void collectInto(ProblemReportingSink files, AwsClients clients, PrintWriter err) {
        switch (from) {
            case "s3" -> new S3TrailCollector(clients.s3(clients.homeRegion()), files, root.clock)
                    .collect(S3TrailCollector.Request.of(bucket).withPrefix(prefix)).foreignFolders().stream()
                    .map(f -> "warning: " + PrintableText.line(f.warning())).filter(told::add).forEach(err::println);
            case "auto" -> new AutoCollector(clients, files, root.clock, new AutoCollector.Listener() {
                @Override
                public void note(String note) {
                    err.println("auto: " + note);
                }
            }).collect(new AutoCollector.Options(rate, null));
            default -> {
                String account = CallerIdentity.of(clients).account();
                Regions.Discovery discovery = Regions.discover(clients);
                if (!discovery.note().isEmpty()) {
                    err.println("lookup: " + discovery.note()); // the regions assumed, not listed: said as auto says it
                }
                new LookupCollector(clients, files, LookupCollector.Options.defaults().withRate(rate),
                        new LookupCollector.Listener() { }, root.clock).collect(new LookupCollector.Request(account,
                        Regions.select(discovery, List.of("all")), null, null, false));
            }
        }
    }

    /**
     * The round's alerts, made as its matches are found over the store opened for reading: other commands ({@code
     * query}, {@code investigate}) read it meanwhile, where a store open for writing locks every other process out
     * (and the first round after a start reads the whole store). The alert threads' ledger writes wait until it is
     * closed: in one process DuckDB opens a file either for reading or for writing; so the alerts are raised after.
     */
    private RoundAlerts detect(AlertLedger ledger, int minLevel, Instant since, PrintWriter err) {
        return ledger.whileNotWriting(() -> {
            RoundAlerts found = new RoundAlerts();
            try (EventStore store = EventStore.openForReading(root.storePath(), root.storeOptions())) {
                // the rules are loaded each round: the trail buckets the store knows may have grown
                RuleSet set = RulesCommand.load(rules, true, placeholders.values(TrailBuckets.placeholders(store)));
                // a rule file edited while watch runs may no longer load: said once, as at the start, never skipped
                RulesCommand.lines(set).stream().filter(told::add).forEach(err::println);
                List<SigmaRule> chosen = RulesAtLevel.choose(set.rules(), minLevel);
                EventQuery q = new EventQuery(since, null, null, null, null, null, null, null, null, null, null, null,
                        null);
                // in time order: so the alerts go out in it, and a correlation's incident is complete when it ends
                StoreDetection.run(store, chosen, q, found::add, n -> { });
                found.finish();
                whileDetecting.run();
            } catch (RuntimeException e) {
                throw found.closedAfter(e);
            }
            return found;
        });
    }

    static Duration duration(String text, String option) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)([smhd])").matcher(text.trim());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException(option + " " + text + " is not a duration like 30s, 5m, 1h or 1d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
