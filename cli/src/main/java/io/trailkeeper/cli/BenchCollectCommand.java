package io.trailkeeper.cli;

import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.aws.AwsOptions;
import io.trailkeeper.aws.CallerIdentity;
import io.trailkeeper.aws.LookupCollector;
import io.trailkeeper.aws.RegionInfo;
import io.trailkeeper.aws.Regions;
import io.trailkeeper.emulator.Emulator;
import io.trailkeeper.emulator.EmulatorConfig;
import io.trailkeeper.emulator.Scenario;
import io.trailkeeper.emulator.ScenarioBuilder;
import io.trailkeeper.store.CollectWriter;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.testkit.EventGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code trailkeeper bench collect}: collect lookup against the ceiling the API's limits allow. */
@Command(name = "collect", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Measure collect lookup against the API's ceiling and against one region after another.",
        description = {"",
            "Starts the emulator with REGIONS regions x EVENTS events of generated history, enforcing",
            "LookupEvents' RATE requests/second per region, then measures in this run:",
            "  - collect lookup as TrailKeeper runs it (all regions at once) into a new store;",
            "  - the same regions one after another (what a loop over `aws cloudtrail lookup-events` does),",
            "    into another new store.",
            "Prints events/s of both against the ceiling (regions x rate x 50 events/s), and checks that every",
            "event served was stored once.", ""},
        footer = {"", "Example:", "  trailkeeper bench collect --regions 17 --events 2000"})
final class BenchCollectCommand implements Callable<Integer> {
    @ParentCommand
    BenchCommand bench;

    @Spec
    CommandSpec spec;

    @Option(names = "--regions", paramLabel = "N", description = "Regions (default: 17, at most 17).")
    int regions = 17;

    @Option(names = "--events", paramLabel = "N", description = "Events of history per region (default: 2000).")
    int events = 2000;

    @Option(names = "--rate", paramLabel = "N", description = "LookupEvents requests/second per region (default: 2, as AWS).")
    double rate = 2.0;

    @Option(names = "--seed", paramLabel = "N", description = "Generator seed (default: 7).")
    long seed = 7;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (regions < 1 || regions > EventGenerator.REGIONS.size()) {
            throw new IllegalArgumentException("--regions must be 1 to " + EventGenerator.REGIONS.size());
        }
        if (events < 1 || !(rate > 0)) {
            throw new IllegalArgumentException("--events and --rate must be more than 0");
        }
        List<String> names = EventGenerator.REGIONS.subList(0, regions);
        Scenario scenario = scenario(names);
        long expected = scenario.eventsByRegion().entrySet().stream().filter(e -> names.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
        double ceiling = regions * rate * 50;
        out.printf(Locale.ROOT, "emulator: %d regions, %,d events of history served (%,d generated), LookupEvents"
                + " limited to %.1f requests/s per region: ceiling %,.0f events/s%n", regions, expected,
                (long) regions * events, rate, ceiling);
        out.flush();
        Path tmp = Files.createTempDirectory("trailkeeper-bench-collect");
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(scenario).lookupRatePerSecond(rate).build())) {
            Run parallel = run(emulator, names, tmp.resolve("parallel.duckdb"), 64);
            print(out, "TrailKeeper (all regions at once)", parallel, ceiling, expected);
            Run sequential = run(emulator, names, tmp.resolve("sequential.duckdb"), 1);
            print(out, "baseline (one region after another)", sequential, ceiling, expected);
            out.printf(Locale.ROOT, "TrailKeeper: %.1f%% of the ceiling (target 90%%); baseline %.1fx slower"
                            + " (about the number of regions, %d, expected); events lost: %d%n",
                    100.0 * parallel.perSecond() / ceiling, sequential.seconds() / parallel.seconds(), regions,
                    Math.max(0, expected - parallel.stored) + Math.max(0, expected - sequential.stored));
            return parallel.stored == expected && sequential.stored == expected ? 0 : 1;
        } finally {
            BenchFiles.deleteTree(tmp);
        }
    }

    private Scenario scenario(List<String> names) {
        EventGenerator generator = new EventGenerator(seed, "123456789012");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ScenarioBuilder b = Scenario.builder().account(generator.account()).enabledRegions(names);
        long span = Duration.ofDays(80).toSeconds();
        for (String region : names) {
            List<String> records = new ArrayList<>(events);
            String recordedHere = "\"awsRegion\":\"" + region + "\"";
            for (int i = 0; i < events; ) {
                // spread over 80 days, none in the last hour (all settled); only management events recorded in
                // the region itself, so that every region holds the same number of pages
                String r = generator.record(now.minusSeconds(3600 + span * i / events), region);
                if (r.contains(recordedHere) && !r.contains("\"eventCategory\":\"Data\"")) {
                    records.add(r);
                    i++;
                }
            }
            b.records(records);
        }
        return b.build();
    }

    record Run(double seconds, long events, long stored, long requests, long throttled) {
        double perSecond() {
            return events / seconds;
        }
    }

    private Run run(Emulator emulator, List<String> names, Path store, int parallelRegions) {
        AwsOptions aws = AwsOptions.defaults().withRegion("us-east-1").withEndpoint(emulator.endpoint());
        System.setProperty("aws.accessKeyId", "bench");
        System.setProperty("aws.secretAccessKey", "bench");
        EventStore.StoreOptions storeOptions = bench.root.storeOptions();
        long t0;
        LookupCollector.Summary s;
        try (AwsClients clients = new AwsClients(aws);
             CollectWriter writer = new CollectWriter(store, storeOptions, "bench collect",
                     CollectWriter.Options.defaults())) {
            // timed: finding the account and regions, every page, and the writes to the store up to the last
            // commit; not the creation of the empty store
            t0 = System.nanoTime();
            String account = CallerIdentity.of(clients).account();
            List<RegionInfo> regionInfos = Regions.select(Regions.discover(clients), names);
            s = new LookupCollector(clients, writer, LookupCollector.Options.defaults().withRate(rate)
                    .withParallelRegions(parallelRegions), new LookupCollector.Listener() { }, Clock.systemUTC())
                    .collect(new LookupCollector.Request(account, regionInfos, null, null, false));
            writer.flush();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long stored;
        try (EventStore st = EventStore.openForReading(store, storeOptions)) {
            stored = new io.trailkeeper.store.EventSearch(st).count(io.trailkeeper.store.EventQuery.all());
        }
        return new Run(seconds, s.events(), stored, s.requests(), s.throttled());
    }

    private static void print(PrintWriter out, String name, Run r, double ceiling, long expected) {
        out.printf(Locale.ROOT, "%-38s %7.1f s  %,9.0f events/s  %5.1f%% of ceiling  %,d requests, %,d throttled;"
                        + " stored %,d of %,d%n", name, r.seconds(), r.perSecond(), 100 * r.perSecond() / ceiling,
                r.requests(), r.throttled(), r.stored(), expected);
        out.flush();
    }

}
