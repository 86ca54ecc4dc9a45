package io.trailkeeper.cli;

import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.aws.CallerIdentity;
import io.trailkeeper.aws.LookupCollector;
import io.trailkeeper.aws.RegionInfo;
import io.trailkeeper.aws.Regions;
import io.trailkeeper.events.CollectSink.TimeWindow;
import io.trailkeeper.events.Coverage;
import io.trailkeeper.store.CollectWriter;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
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

/** {@code trailkeeper collect lookup}: every region's event history into the store. */
@Command(name = "lookup", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Collect every region's 90-day event history (CloudTrail LookupEvents) into the store.",
        description = {"",
            "CloudTrail records each event in one region: a console sign-in where the sign-in URL pointed, an S3",
            "call where the CLI sent it, IAM and STS in us-east-1. With no multi-region trail (or after the",
            "trail was deleted) the only record is each region's event history, kept 90 days and readable only",
            "region by region. This reads all enabled regions at once, each at LookupEvents' limit of",
            "2 requests/second, 50 events a page.", "",
            "Throttling, server errors and dropped connections are retried. A region denied, not enabled or",
            "given up on is shown as a coverage gap, and kept in the store's coverage table. A rerun continues",
            "where each region stopped (after a kill too) and then fetches only what is new, and the last",
            "30 minutes (--settle) again: the event history shows an event typically within 15 minutes of the",
            "call, not guaranteed, under its own older time. --again reads a window once more for any later.", "",
            "Event history holds management events (and Insights events with --insights), never data events",
            "such as S3 object reads: those exist only in a trail that selected them.", ""},
        footer = {"", "Examples:",
            "  trailkeeper collect lookup                                 all enabled regions, last 90 days",
            "  trailkeeper collect lookup --regions us-east-1,eu-west-1 --since 7d",
            "  trailkeeper collect lookup --since 2d --again             the last 2 days again, late events",
            "  trailkeeper collect lookup --role-arn arn:aws:iam::123456789012:role/IR --external-id X",
            "  trailkeeper collect lookup --endpoint-url http://127.0.0.1:4566   against an emulator", "",
            "Permissions: cloudtrail:LookupEvents, ec2:DescribeRegions, sts:GetCallerIdentity.",
            "Exit code 4 with --strict when any region or window could not be read."})
final class CollectLookupCommand implements Callable<Integer> {
    @ParentCommand
    CollectCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    AwsOptionsMixin aws;

    @Option(names = "--regions", paramLabel = "LIST", split = ",",
            description = "all (default: every enabled region) or a list; us-east-1 (global services) is always added when enabled.")
    List<String> regions = new ArrayList<>(List.of("all"));

    @Option(names = "--since", paramLabel = "TIME", description = "From this time (default: 90 days ago, all event history keeps).")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Up to this time (same forms; a date means to its end). Default: now.")
    String until;

    @Option(names = "--insights", description = "Collect Insights events (unusual API call rates) instead of management events.")
    boolean insights;

    @Option(names = "--rate", paramLabel = "N", description = "Requests per second per region (default: 2, the API's limit).")
    double rate = 2.0;

    @Option(names = "--settle", paramLabel = "DURATION", description = "How far back from now a run leaves to be"
            + " read again by the next, for events the history shows late (default: 30m; e.g. 2h).")
    String settle = "30m";

    @Option(names = "--again", description = "Read the window again, the parts earlier runs read too: events the"
            + " history showed after they ran. What the store holds is not stored twice.")
    boolean again;

    @Option(names = "--strict", description = "Exit with code 4 when any region or window could not be read.")
    boolean strict;

    @Override
    public Integer call() {
        TrailKeeperCommand root = parent.root;
        Output.requireTabular(root.format);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant from = since == null ? null : TimeArguments.parse(since, root.clock, "--since");
        Instant to = until == null ? null : TimeArguments.parseUntil(until, root.clock, "--until");
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("--since " + since + " is after --until " + until);
        }
        if (!(rate > 0)) {
            throw new IllegalArgumentException("--rate must be more than 0, was " + rate);
        }
        Duration settling = WatchCommand.duration(settle, "--settle"); // refused before any call
        try (AwsClients clients = new AwsClients(aws.toOptions())) {
            Result result = collect(clients, root, from, to, settling, err);
            print(root, out, err, result);
            return strict && !result.summary.complete() ? 4 : 0;
        }
    }

    record Result(String account, List<RegionInfo> regions, LookupCollector.Summary summary, long newEvents,
                  String regionNote) {
    }

    Result collect(AwsClients clients, TrailKeeperCommand root, Instant from, Instant to, Duration settling,
                   PrintWriter err) {
        CallerIdentity who = CallerIdentity.of(clients);
        Regions.Discovery discovery = Regions.discover(clients);
        List<RegionInfo> chosen = Regions.select(discovery, regions);
        if (!discovery.note().isEmpty()) {
            err.println("note: " + discovery.note());
        }
        RegionProgress progress = new RegionProgress(err, Terminal.errorsInteractive());
        LookupCollector.Summary summary;
        long newEvents;
        try (CollectWriter writer = new CollectWriter(root.storePath(), root.storeOptions(), "collect lookup",
                CollectWriter.Options.defaults())) {
            LookupCollector collector = new LookupCollector(clients, writer,
                    LookupCollector.Options.defaults().withRate(rate).withSettling(settling).withAgain(again),
                    new LookupCollector.Listener() {
                        @Override
                        public void regionStarted(String region, List<TimeWindow> todo) {
                            progress.update(region, 0, 0, 0, todo.isEmpty() ? "nothing new" : "reading");
                        }

                        @Override
                        public void page(String region, LookupCollector.RegionCounts c) {
                            progress.update(region, c.events(), c.requests(), c.throttled(),
                                    c.oldestSeen() == null ? "reading" : "back to " + c.oldestSeen());
                        }

                        @Override
                        public void regionFinished(String region, LookupCollector.RegionCounts c, Coverage last) {
                            progress.update(region, c.events(), c.requests(), c.throttled(),
                                    RegionProgress.finished(last));
                        }
                    }, root.clock);
            summary = collector.collect(new LookupCollector.Request(who.account(), chosen, from, to, insights));
            writer.flush();
            progress.finish();
            newEvents = writer.totals().newEvents();
        }
        return new Result(who.account(), chosen, summary, newEvents, discovery.note());
    }

    void print(TrailKeeperCommand root, PrintWriter out, PrintWriter err, Result r) {
        LookupCollector.Summary s = r.summary;
        List<Coverage> coverage = new ArrayList<>();
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (LookupCollector.RegionResult rr : s.regions()) {
            coverage.addAll(rr.coverage());
            counts.put(rr.region(), new long[]{rr.counts().events(), rr.counts().requests(), rr.counts().throttled()});
        }
        if (root.format == TrailKeeperCommand.Format.json || root.format == TrailKeeperCommand.Format.jsonl) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("account", r.account);
            m.put("regions", r.regions.size());
            if (!r.regionNote.isEmpty()) {
                m.put("regions_note", r.regionNote); // not from DescribeRegions: why, and what is assumed
            }
            m.put("events", s.events());
            m.put("new", r.newEvents);
            m.put("requests", s.requests());
            m.put("throttled", s.throttled());
            m.put("retried", s.retried());
            m.put("elapsed_seconds", s.elapsed().toMillis() / 1000.0);
            m.put("complete", s.complete());
            List<Map<String, Object>> cov = new ArrayList<>();
            for (Coverage c : coverage) {
                Map<String, Object> e = new LinkedHashMap<>();
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
            long incomplete = s.regions().stream().filter(x -> !x.coverage().stream().allMatch(
                    c -> c.complete() || c.status() == Coverage.Status.NOT_ENABLED)).count();
            out.println(String.format(Locale.ROOT, "collected event history of account %s: %,d %s, %,d events"
                    + " (%,d new), %,d requests, %,d throttled and retried, %,d failed (server errors, dropped"
                    + " connections) and retried, %.1f s; %s", r.account, r.regions.size(),
                    r.regions.size() == 1 ? "region" : "regions", s.events(), r.newEvents,
                    s.requests(), s.throttled(), s.retried(), s.elapsed().toMillis() / 1000.0,
                    incomplete == 0 ? "every region complete" : incomplete + (incomplete == 1 ? " region" : " regions")
                            + " incomplete (see above)"));
        }
        out.flush();
    }
}
