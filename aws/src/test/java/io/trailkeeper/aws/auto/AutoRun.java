package io.trailkeeper.aws.auto;

import io.trailkeeper.aws.AutoCollector;
import io.trailkeeper.aws.AutoPlan;
import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.aws.LookupCollector;
import io.trailkeeper.aws.TrailFinder;
import io.trailkeeper.aws.s3.S3TrailCollector;
import io.trailkeeper.store.CollectWriter;
import io.trailkeeper.store.EventStore;
import java.nio.file.Path;
import java.time.Clock;

/** {@code collect auto} ({@link AutoCollector}) into a real store, with the figures the tests look at. */
final class AutoRun {
    /** What the run did; {@code s3} is null when no bucket was read. */
    record Result(String account, TrailFinder.Result found, AutoPlan.Plan plan, S3TrailCollector.Summary s3,
                  LookupCollector.Summary lookup, long newEvents) {
    }

    private AutoRun() {
    }

    static Result run(AwsClients clients, Path store, Clock clock, double lookupRate) {
        return run(clients, store, clock, new AutoCollector.Options(lookupRate, null));
    }

    static Result run(AwsClients clients, Path store, Clock clock, AutoCollector.Options options) {
        try (CollectWriter writer = new CollectWriter(store, EventStore.StoreOptions.defaults().withClock(clock),
                "collect auto", CollectWriter.Options.defaults())) {
            AutoCollector.Result r = new AutoCollector(clients, writer, clock, new AutoCollector.Listener() { })
                    .collect(options);
            writer.flush();
            return new Result(r.account(), r.found(), r.plan(), r.s3(), r.lookup(), writer.totals().newEvents());
        }
    }
}
