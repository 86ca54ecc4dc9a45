package io.trailkeeper.aws;

import io.trailkeeper.aws.s3.S3TrailCollector;
import io.trailkeeper.events.CollectSink;
import io.trailkeeper.events.Coverage;
import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code collect auto}: finds the regions and the trails, plans ({@link AutoPlan}), collects the chosen trail's
 * bucket, falls back to every region's event history when the bucket cannot be read, then collects the event
 * history the plan asks for, all into one sink.
 */
public final class AutoCollector {
    private final AwsClients clients;
    private final CollectSink sink;
    private final Clock clock;
    private final Listener listener;

    /** Told what happens, in order: notes about the plan, then the collectors' own progress. */
    public interface Listener {
        default void note(String note) {
        }

        default S3TrailCollector.Listener s3() {
            return S3TrailCollector.Listener.NONE;
        }

        default LookupCollector.Listener lookup() {
            return new LookupCollector.Listener() { };
        }
    }

    /**
     * What to do besides the plan: the LookupEvents rate per region, and where to keep evidence copies of the
     * trail's objects (or null).
     */
    public record Options(double lookupRate, Path keepRaw) {
        public static Options defaults() {
            return new Options(2.0, null);
        }
    }

    /** What was done; {@code s3} is null when no bucket was read, {@code lookup} when no event history was. */
    public record Result(String account, TrailFinder.Result found, AutoPlan.Plan plan, S3TrailCollector.Summary s3,
                         LookupCollector.Summary lookup) {
        public boolean complete() {
            return (s3 == null || s3.complete()) && (lookup == null || lookup.complete());
        }

        public List<Coverage> coverage() {
            List<Coverage> all = new ArrayList<>();
            if (s3 != null) {
                all.addAll(s3.coverage());
            }
            if (lookup != null) {
                lookup.regions().forEach(r -> all.addAll(r.coverage()));
            }
            return all;
        }
    }

    public AutoCollector(AwsClients clients, CollectSink sink, Clock clock, Listener listener) {
        this.clients = clients;
        this.sink = sink;
        this.clock = clock;
        this.listener = listener;
    }

    public Result collect(Options options) {
        CallerIdentity who = CallerIdentity.of(clients);
        Regions.Discovery discovery = Regions.discover(clients);
        if (!discovery.note().isEmpty()) {
            listener.note(discovery.note());
        }
        List<RegionInfo> regions = Regions.select(discovery, List.of("all"));
        TrailFinder.Result found = new TrailFinder(clients).find(regions);
        AutoPlan.Plan plan = AutoPlan.plan(found.trails(), regions, found.regionErrors(),
                clock.instant().minus(LookupCollector.HISTORY));
        plan.notes().forEach(listener::note);
        S3TrailCollector.Summary s3 = null;
        List<TrailInfo> others = plan.alsoCollected();
        if (plan.trail() != null) {
            try {
                s3 = bucket(plan.trail(), options);
            } catch (TrailKeeperException e) {
                plan = AutoPlan.fallBack(regions, plan.notes(), "the trail's bucket s3://" + plan.trail().bucket()
                        + " cannot be read (" + e.getMessage() + ")");
                listener.note(plan.notes().get(plan.notes().size() - 1));
            }
        }
        if (s3 != null) {
            plan = withGaps(plan, regions, who.account(), s3);
        }
        for (TrailInfo other : others) {
            S3TrailCollector.Summary more = other(other, who.account(), options);
            s3 = s3 == null ? more : more == null ? s3 : s3.plus(more);
        }
        LookupCollector.Summary lookup = null;
        if (!plan.lookupRegions().isEmpty()) {
            lookup = new LookupCollector(clients, sink, LookupCollector.Options.defaults().withRate(options.lookupRate()),
                    listener.lookup(), clock).collect(new LookupCollector.Request(who.account(), plan.lookupRegions(),
                    null, null, false, plan.lookupSince()));
        }
        sink.flush();
        return new Result(who.account(), found, plan, s3, lookup);
    }

    private S3TrailCollector.Summary bucket(TrailInfo trail, Options options) {
        return new S3TrailCollector(clients.s3(clients.homeRegion()), sink, clock).collect(
                S3TrailCollector.Request.of(trail.bucket()).withPrefix(trail.keyPrefix())
                        .withKeepRaw(options.keepRaw()), listener.s3());
    }

    /**
     * Another trail's files, for what only they hold; a bucket that cannot be read is coverage of its own (the
     * event history has no data events to stand in for them), not the end of the run.
     */
    private S3TrailCollector.Summary other(TrailInfo trail, String account, Options options) {
        try {
            return bucket(trail, options);
        } catch (TrailKeeperException e) {
            String why = "the bucket of trail " + trail.name() + " s3://" + trail.bucket() + " cannot be read ("
                    + e.getMessage() + "): what only its files hold is not collected";
            listener.note(why);
            Coverage gap = new Coverage("s3", account, null, "s3://" + trail.bucket() + "/" + (trail.keyPrefix()
                    .isEmpty() ? "" : trail.keyPrefix() + "/"), null, clock.instant(),
                    e.code() == ErrorCode.AWS_CREDENTIALS ? Coverage.Status.DENIED : Coverage.Status.FAILED, why);
            sink.coverage(gap);
            return new S3TrailCollector.Summary(List.of(), List.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of(gap));
        }
    }

    /** The plan with the event history of the regions the trail's files turned out not to hold; told as notes. */
    private AutoPlan.Plan withGaps(AutoPlan.Plan plan, List<RegionInfo> regions, String account,
                                   S3TrailCollector.Summary s3) {
        List<String> covered = regions.stream().filter(RegionInfo::enabled).map(RegionInfo::name)
                .filter(plan.trail()::covers).toList();
        AutoPlan.Plan after = AutoPlan.withGaps(plan, regions, TrailFileGaps.find(account, covered, s3.coverage()));
        after.notes().subList(plan.notes().size(), after.notes().size()).forEach(listener::note);
        return after;
    }
}
