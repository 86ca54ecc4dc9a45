package io.trailkeeper.cli;

import io.trailkeeper.aws.AutoCollector;
import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.aws.LookupCollector;
import io.trailkeeper.aws.TrailInfo;
import io.trailkeeper.aws.s3.S3TrailCollector;
import io.trailkeeper.events.Coverage;
import io.trailkeeper.store.CollectWriter;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.coverage.CoverageAnalysis;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

/** {@code trailkeeper collect auto}: the best source there is, and the event history for the rest. */
@Command(name = "auto", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Collect from the account's trail if it has a working one, and from the event history for the rest.",
        description = {"",
            "Looks for trails in every enabled region (DescribeTrails with shadow trails, GetTrailStatus,",
            "GetEventSelectors). If a trail delivers to a readable bucket, collects its files and says what it",
            "does not cover (regions outside a single-region trail, data events not selected); those regions",
            "come from their event history. A trail that stopped logging is collected up to where it stopped,",
            "and the event history covers the time after. Other trails whose files hold what the picked one's",
            "do not (data events, regions) are collected too. Regions whose files turn out refused (a bucket",
            "policy, kms:Decrypt), missing, begun late or ending early are also read from their event history.",
            "A bucket deleted or denied passes to the next trail; with none left, or no trail, it falls back",
            "to every region's event history and says why.", ""},
        footer = {"", "Examples:",
            "  trailkeeper collect auto",
            "  trailkeeper collect auto --role-arn arn:aws:iam::123456789012:role/IR --keep-raw ./evidence", "",
            "Permissions: those of collect lookup and collect s3, plus cloudtrail:DescribeTrails,",
            "cloudtrail:GetTrailStatus and cloudtrail:GetEventSelectors.",
            "Exit code 4 with --strict when anything could not be read."})
final class CollectAutoCommand implements Callable<Integer> {
    @ParentCommand
    CollectCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    AwsOptionsMixin aws;

    @Option(names = "--keep-raw", paramLabel = "DIR", description = "Keep an evidence copy of every trail object and its metadata here.")
    Path keepRaw;

    @Option(names = "--rate", paramLabel = "N", description = "LookupEvents requests per second per region (default: 2).")
    double rate = 2.0;

    @Option(names = "--strict", description = "Exit with code 4 when anything could not be read.")
    boolean strict;

    @Option(names = "--request-payer", paramLabel = "requester", description = "Agree to pay for the requests to a"
            + " Requester Pays bucket of another account (as the AWS CLI's --request-payer requester).")
    String requestPayer;

    @Override
    public Integer call() {
        TrailKeeperCommand root = parent.root;
        Output.requireTabular(root.format);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!(rate > 0)) {
            throw new IllegalArgumentException("--rate must be more than 0, was " + rate);
        }
        LocalFolder.refuseUrl("--keep-raw", keepRaw, CollectS3Command.KEEP_RAW_LOCAL);
        try (AwsClients clients = new AwsClients(aws.toOptions())) {
            Result r = run(clients, root, err);
            List<String> selectors = selectorNotes(root, r.auto());
            selectors.forEach(n -> err.println("auto: " + n));
            print(root, out, err, r, selectors);
            return strict && (!r.auto().complete() || r.filesWithErrors() > 0) ? 4 : 0;
        }
    }

    /** @param filesWithErrors trail files read whose content was refused in part or whole (each told on stderr) */
    record Result(AutoCollector.Result auto, long newEvents, long filesWithErrors) {
    }

    Result run(AwsClients clients, TrailKeeperCommand root, PrintWriter err) {
        try (CollectWriter writer = new CollectWriter(root.storePath(), root.storeOptions(), "collect auto",
                CollectWriter.Options.defaults())) {
            RegionProgress progress = new RegionProgress(err, Terminal.errorsInteractive());
            Progress bar = new Progress(err, Terminal.errorsInteractive());
            ProblemPrinter printer = new ProblemPrinter(err, root.verbose);
            ProblemReportingSink sink = ProblemReportingSink.printing(writer, printer, bar);
            bar.start(0, 0);
            AutoCollector.Result r = new AutoCollector(clients, sink, root.clock, new AutoCollector.Listener() {
                @Override
                public void note(String note) {
                    err.println("auto: " + note);
                    err.flush();
                }

                @Override
                public S3TrailCollector.Listener s3() {
                    return p -> {
                        synchronized (bar) {
                            bar.total(p.objectsListed(), p.bytesListed());
                            bar.update(p.objectsLoaded() + p.objectsSkipped() + p.objectsFailed(), p.bytesLoaded(),
                                    p.events());
                            if (p.listing().isEmpty() && p.objectsLoaded() + p.objectsSkipped() + p.objectsFailed()
                                    >= p.objectsListed()) {
                                bar.clear();
                            }
                        }
                    };
                }

                @Override
                public LookupCollector.Listener lookup() {
                    return new LookupCollector.Listener() {
                        @Override
                        public void page(String region, LookupCollector.RegionCounts c) {
                            progress.update(region, c.events(), c.requests(), c.throttled(), "reading");
                        }

                        @Override
                        public void regionFinished(String region, LookupCollector.RegionCounts c, Coverage last) {
                            progress.update(region, c.events(), c.requests(), c.throttled(),
                                    RegionProgress.finished(last));
                        }
                    };
                }
            }).collect(new AutoCollector.Options(rate, keepRaw, CollectS3Command.requesterPays(requestPayer)));
            synchronized (bar) {
                bar.clear();
            }
            progress.finish();
            writer.flush();
            printer.finish(writer.runId());
            return new Result(r, writer.totals().newEvents(), sink.filesWithErrors());
        }
    }

    /**
     * Since when each trail collected selects data events, from the PutEventSelectors (and CreateTrail, Start and
     * StopLogging) calls now in the store: GetEventSelectors tells only what a trail selects today.
     */
    private static List<String> selectorNotes(TrailKeeperCommand root, AutoCollector.Result r) {
        Map<String, Boolean> selectsNow = new LinkedHashMap<>();
        if (r.plan().trail() != null) {
            selectsNow.put(trailKey(r.plan().trail()), !r.plan().trail().dataEvents().isEmpty());
        }
        r.plan().alsoCollected().forEach(t -> selectsNow.put(trailKey(t), !t.dataEvents().isEmpty()));
        if (selectsNow.isEmpty()) {
            return List.of();
        }
        try (EventStore store = EventStore.openForReading(root.storePath(), root.storeOptions())) {
            return new CoverageAnalysis(store, root.clock).dataEventSelectorNotes(selectsNow);
        }
    }

    /** A trail by its ARN (a name is unique only in its home region), or its name when it has none. */
    private static String trailKey(TrailInfo t) {
        return t.arn() == null || t.arn().isEmpty() ? t.name() : t.arn();
    }

    void print(TrailKeeperCommand root, PrintWriter out, PrintWriter err, Result r, List<String> selectorNotes) {
        AutoCollector.Result a = r.auto();
        List<Coverage> coverage = a.coverage();
        Map<String, long[]> counts = new LinkedHashMap<>();
        if (a.lookup() != null) {
            for (LookupCollector.RegionResult rr : a.lookup().regions()) {
                counts.put(rr.region(), new long[]{rr.counts().events(), rr.counts().requests(),
                    rr.counts().throttled()});
            }
        }
        List<String> trails = new ArrayList<>();
        if (a.plan().trail() != null) {
            trails.add(a.plan().trail().name());
        }
        a.plan().alsoCollected().forEach(t -> trails.add(t.name()));
        String source = (trails.isEmpty() ? "" : (trails.size() == 1 ? "trail " : "trails ") + String.join(", ", trails))
                + (a.lookup() == null ? "" : (trails.isEmpty() ? "event history only" : " + event history"));
        if (root.format == TrailKeeperCommand.Format.json || root.format == TrailKeeperCommand.Format.jsonl) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("account", a.account());
            m.put("source", source);
            m.put("trail", a.plan().trail() == null ? null : a.plan().trail().arn());
            m.put("also_collected", a.plan().alsoCollected().stream().map(TrailInfo::arn).toList());
            List<String> notes = new ArrayList<>(a.plan().notes());
            notes.addAll(selectorNotes);
            m.put("notes", notes);
            m.put("events_from_trail", a.s3() == null ? 0 : a.s3().events());
            m.put("events_from_event_history", a.lookup() == null ? 0 : a.lookup().events());
            m.put("new", r.newEvents);
            m.put("files_with_errors", r.filesWithErrors());
            m.put("complete", a.complete());
            List<Map<String, Object>> cov = new ArrayList<>();
            for (Coverage c : coverage) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("collector", c.collector());
                e.put("scope", c.scope());
                e.put("region", c.region());
                e.put("status", c.status().label());
                e.put("from", c.from() == null ? null : c.from().toString());
                e.put("to", c.to() == null ? null : c.to().toString());
                e.put("reason", c.reason());
                cov.add(e);
            }
            m.put("coverage", cov);
            Json.printObject(out, m);
        } else {
            Output.sections(root.format, out, Terminal.width(), List.of(CoverageOutput.table(coverage, counts)));
            CoverageOutput.warnings(err, coverage);
            out.println(String.format(Locale.ROOT, "collected account %s from %s: %,d events from the trail, %,d from"
                            + " the event history (%,d new);%s %s", a.account(), source,
                    a.s3() == null ? 0 : a.s3().events(), a.lookup() == null ? 0 : a.lookup().events(), r.newEvents,
                    ProblemReportingSink.summary(r.filesWithErrors()),
                    a.complete() ? "complete" : "INCOMPLETE (see above)"));
        }
        out.flush();
    }
}
