package io.trailkeeper.cli;

import io.trailkeeper.aws.AutoPlan;
import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.aws.CallerIdentity;
import io.trailkeeper.aws.LookupCollector;
import io.trailkeeper.aws.RegionInfo;
import io.trailkeeper.aws.Regions;
import io.trailkeeper.aws.TrailFinder;
import io.trailkeeper.aws.s3.S3TrailCollector;
import io.trailkeeper.events.Coverage;
import io.trailkeeper.events.TrailKeeperException;
import io.trailkeeper.store.CollectWriter;
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
            "and the event history covers the time after. With no trail, or with its bucket deleted or",
            "denied, it falls back to every region's event history and says why.", ""},
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

    @Override
    public Integer call() {
        TrailKeeperCommand root = parent.root;
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!(rate > 0)) {
            throw new IllegalArgumentException("--rate must be more than 0, was " + rate);
        }
        try (AwsClients clients = new AwsClients(aws.toOptions())) {
            Result r = run(clients, root, err);
            print(root, out, err, r);
            return strict && !r.complete() ? 4 : 0;
        }
    }

    /** What auto did. */
    record Result(String account, AutoPlan.Plan plan, S3TrailCollector.Summary s3, LookupCollector.Summary lookup,
                  long newEvents) {
        boolean complete() {
            return (s3 == null || s3.complete()) && (lookup == null || lookup.complete());
        }

        List<Coverage> coverage() {
            List<Coverage> all = new ArrayList<>();
            if (s3 != null) {
                all.addAll(s3.coverage());
            }
            if (lookup != null) {
                lookup.regions().forEach(x -> all.addAll(x.coverage()));
            }
            return all;
        }
    }

    Result run(AwsClients clients, TrailKeeperCommand root, PrintWriter err) {
        CallerIdentity who = CallerIdentity.of(clients);
        Regions.Discovery discovery = Regions.discover(clients);
        if (!discovery.note().isEmpty()) {
            err.println("note: " + discovery.note());
        }
        List<RegionInfo> regions = Regions.select(discovery, List.of("all"));
        TrailFinder.Result found = new TrailFinder(clients).find(regions);
        found.regionErrors().forEach((region, why) -> err.println("note: trails in " + region
                + " could not be listed: " + why));
        AutoPlan.Plan plan = AutoPlan.plan(found.trails(), regions);
        try (CollectWriter writer = new CollectWriter(root.storePath(), root.storeOptions(), "collect auto",
                CollectWriter.Options.defaults())) {
            S3TrailCollector.Summary s3 = null;
            if (plan.trail() != null) {
                plan.notes().forEach(n -> err.println("auto: " + n));
                try {
                    S3TrailCollector.Request request = S3TrailCollector.Request.of(plan.trail().bucket())
                            .withPrefix(plan.trail().keyPrefix()).withKeepRaw(keepRaw);
                    s3 = CollectS3Command.collect(clients, writer, request, err, root);
                } catch (TrailKeeperException e) {
                    plan = AutoPlan.fallBack(regions, plan.notes(), "the trail's bucket s3://" + plan.trail().bucket()
                            + " cannot be read (" + e.getMessage() + ")");
                    err.println("auto: " + plan.notes().get(plan.notes().size() - 1));
                }
            } else {
                plan.notes().forEach(n -> err.println("auto: " + n));
            }
            LookupCollector.Summary lookup = null;
            if (!plan.lookupRegions().isEmpty()) {
                RegionProgress progress = new RegionProgress(err, Terminal.interactive());
                lookup = new LookupCollector(clients, writer, LookupCollector.Options.defaults().withRate(rate),
                        new LookupCollector.Listener() {
                            @Override
                            public void page(String region, LookupCollector.RegionCounts c) {
                                progress.update(region, c.events(), c.requests(), c.throttled(), "reading");
                            }

                            @Override
                            public void regionFinished(String region, LookupCollector.RegionCounts c, Coverage last) {
                                progress.update(region, c.events(), c.requests(), c.throttled(),
                                        last == null || last.complete() ? "done" : "stopped: " + last.status().label());
                            }
                        }, root.clock).collect(new LookupCollector.Request(who.account(), plan.lookupRegions(), null,
                        null, false, plan.lookupSince()));
                progress.finish();
            }
            writer.flush();
            return new Result(who.account(), plan, s3, lookup, writer.totals().newEvents());
        }
    }

    void print(TrailKeeperCommand root, PrintWriter out, PrintWriter err, Result r) {
        List<Coverage> coverage = r.coverage();
        Map<String, long[]> counts = new LinkedHashMap<>();
        if (r.lookup != null) {
            for (LookupCollector.RegionResult rr : r.lookup.regions()) {
                counts.put(rr.region(), new long[]{rr.counts().events(), rr.counts().requests(),
                    rr.counts().throttled()});
            }
        }
        String source = r.plan.trail() == null ? "event history only"
                : "trail " + r.plan.trail().name() + (r.lookup == null ? "" : " + event history");
        if (root.format == TrailKeeperCommand.Format.json || root.format == TrailKeeperCommand.Format.jsonl) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("account", r.account);
            m.put("source", source);
            m.put("trail", r.plan.trail() == null ? null : r.plan.trail().arn());
            m.put("notes", r.plan.notes());
            m.put("events_from_trail", r.s3 == null ? 0 : r.s3.events());
            m.put("events_from_event_history", r.lookup == null ? 0 : r.lookup.events());
            m.put("new", r.newEvents);
            m.put("complete", r.complete());
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
                            + " the event history (%,d new); %s", r.account, source, r.s3 == null ? 0 : r.s3.events(),
                    r.lookup == null ? 0 : r.lookup.events(), r.newEvents, r.complete() ? "complete"
                            : "INCOMPLETE (see above)"));
        }
        out.flush();
    }
}
