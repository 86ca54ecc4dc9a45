package io.trailkeeper.aws.auto;

import io.trailkeeper.aws.AutoPlan;
import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.aws.CallerIdentity;
import io.trailkeeper.aws.LookupCollector;
import io.trailkeeper.aws.RegionInfo;
import io.trailkeeper.aws.Regions;
import io.trailkeeper.aws.TrailFinder;
import io.trailkeeper.aws.s3.S3TrailCollector;
import io.trailkeeper.events.TrailKeeperException;
import io.trailkeeper.store.CollectWriter;
import io.trailkeeper.store.EventStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The flow of {@code collect auto} as {@code CollectAutoCommand.run} has it, without the printing: find the
 * regions and trails, plan, collect the trail's bucket (falling back to every region's event history when it
 * cannot be read), then the event history the plan asks for, all into one store. The clock is injected,
 * which the command's S3 collection does not allow.
 */
final class AutoRun {
    /** What the run did; {@code s3} is null when no bucket was read. */
    record Result(String account, TrailFinder.Result found, AutoPlan.Plan plan, S3TrailCollector.Summary s3,
                  LookupCollector.Summary lookup, long newEvents) {
    }

    private AutoRun() {
    }

    static Result run(AwsClients clients, Path store, Clock clock, double lookupRate) {
        CallerIdentity who = CallerIdentity.of(clients);
        List<RegionInfo> regions = Regions.select(Regions.discover(clients), List.of("all"));
        TrailFinder.Result found = new TrailFinder(clients).find(regions);
        AutoPlan.Plan plan = AutoPlan.plan(found.trails(), regions, found.regionErrors());
        try (CollectWriter writer = new CollectWriter(store, EventStore.StoreOptions.defaults().withClock(clock),
                "collect auto", CollectWriter.Options.defaults())) {
            S3TrailCollector.Summary s3 = null;
            if (plan.trail() != null) {
                try {
                    s3 = new S3TrailCollector(clients.s3(clients.homeRegion()), writer, clock).collect(
                            S3TrailCollector.Request.of(plan.trail().bucket()).withPrefix(plan.trail().keyPrefix()));
                } catch (TrailKeeperException e) {
                    plan = AutoPlan.fallBack(regions, plan.notes(), "the trail's bucket s3://" + plan.trail().bucket()
                            + " cannot be read (" + e.getMessage() + ")");
                }
            }
            LookupCollector.Summary lookup = null;
            if (!plan.lookupRegions().isEmpty()) {
                lookup = new LookupCollector(clients, writer, LookupCollector.Options.defaults().withRate(lookupRate),
                        new LookupCollector.Listener() { }, clock).collect(new LookupCollector.Request(who.account(),
                        plan.lookupRegions(), null, null, false, plan.lookupSince()));
            }
            writer.flush();
            return new Result(who.account(), found, plan, s3, lookup, writer.totals().newEvents());
        }
    }
}
