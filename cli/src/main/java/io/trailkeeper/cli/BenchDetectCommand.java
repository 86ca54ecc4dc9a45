package io.trailkeeper.cli;

import io.trailkeeper.events.RecordParser;
import io.trailkeeper.detect.InMemoryEngine;
import io.trailkeeper.detect.Match;
import io.trailkeeper.detect.ParallelEngine;
import io.trailkeeper.detect.RuleSet;
import io.trailkeeper.detect.SigmaRule;
import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.testkit.EventGenerator;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code trailkeeper bench detect}: all rules in one pass against one scan per rule. */
@Command(name = "detect", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Measure the in-memory rule engine: all rules in one pass against one pass per rule.",
        description = {"",
            "Generates realistic events (parsed once, outside the timing), then measures in this run:",
            "  - the in-memory engine with every rule at once, over --events events (one pass), on one thread",
            "    and on --threads threads (detection rules in parallel over batches, correlations in event",
            "    order);",
            "  - the same rules each in its own pass (what running rules one by one does), over a sample,",
            "and prints events/s of both. Rules: the bundled pack plus every --rules folder (SigmaHQ's).", ""},
        footer = {"", "Example:", "  trailkeeper bench detect --rules ../shared/sigma/rules --events 2000000"})
final class BenchDetectCommand implements Callable<Integer> {
    @ParentCommand
    BenchCommand bench;

    @Spec
    CommandSpec spec;

    @Option(names = "--events", paramLabel = "N", description = "Events the one-pass engine evaluates (default: 2000000).")
    long events = 2_000_000;

    @Option(names = "--distinct", paramLabel = "N", description = "Distinct generated events, cycled (default: 200000; ./trailkeeper runs this benchmark with a 3 GB heap).")
    int distinct = 200_000;

    @Option(names = "--sample", paramLabel = "N", description = "Events for the pass-per-rule baseline (default: 20000).")
    int sample = 20_000;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads of the parallel one pass (default: the available processors).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--sql-sample", paramLabel = "N", description = "Events for the SQL backend's scan (default: 10000).")
    int sqlSample = 10_000;

    @Option(names = "--rules", paramLabel = "DIR", description = "More Sigma rules (repeatable), e.g. SigmaHQ's.")
    List<Path> rules = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RuleSet set = RulesCommand.load(rules, true, java.util.Map.of());
        List<SigmaRule> all = set.rules();
        out.printf(Locale.ROOT, "rules: %d (%d correlations), %d not usable%n", all.size(),
                all.stream().filter(r -> r.correlation() != null).count(), set.problems().size());
        List<CloudTrailEvent> pool = generate(Math.min(distinct, (int) Math.min(Integer.MAX_VALUE, events)));
        out.printf(Locale.ROOT, "events: %,d distinct, generated and parsed before timing%n", pool.size());
        out.flush();

        long[] matches = {0};
        Consumer<Match> count = m -> matches[0]++;
        // warm-up, so that the JIT has compiled the engine before either measurement
        run(new InMemoryEngine(all), pool, Math.min(pool.size(), 100_000), count);
        matches[0] = 0;
        long t0 = System.nanoTime();
        run(new InMemoryEngine(all), pool, events, count);
        double onePass = (System.nanoTime() - t0) / 1e9;
        out.printf(Locale.ROOT, "one pass, all rules:   %,d events in %.2f s = %,.0f events/s, %,d matches (1 thread)%n",
                events, onePass, events / onePass, matches[0]);
        out.flush();

        int workers = Math.max(1, threads);
        try (ParallelEngine warm = new ParallelEngine(all, workers)) {
            runParallel(warm, pool, Math.min(pool.size(), 100_000), m -> { });
        }
        matches[0] = 0;
        double parallel;
        try (ParallelEngine engine = new ParallelEngine(all, workers)) {
            long t = System.nanoTime();
            runParallel(engine, pool, events, count);
            parallel = (System.nanoTime() - t) / 1e9;
        }
        out.printf(Locale.ROOT, "one pass, all rules:   %,d events in %.2f s = %,.0f events/s, %,d matches (%d threads,"
                + " detection in parallel, correlations in event order)%n", events, parallel, events / parallel,
                matches[0], workers);
        out.flush();

        int n = Math.min(sample, pool.size());
        long t1 = System.nanoTime();
        for (SigmaRule rule : all) {
            run(new InMemoryEngine(List.of(rule)), pool, n, m -> { });
        }
        double perRule = (System.nanoTime() - t1) / 1e9;
        out.printf(Locale.ROOT, "one pass per rule:     %,d events x %d rules in %.2f s = %,.0f events/s%n", n,
                all.size(), perRule, n / perRule);
        sql(out, all, pool.subList(0, Math.min(sqlSample, pool.size())));
        out.printf(Locale.ROOT, "one pass is %.1fx faster than a pass per rule on one thread; %,.0f events/s on %d"
                + " threads (target: >= 500,000 events/s for the one pass)%n", (events / onePass) / (n / perRule),
                events / parallel, workers);
        out.flush();
        return 0;
    }

    /** The SQL backend: the sample loaded into a new store, then every detection rule in one scan of it. */
    private static void sql(PrintWriter out, List<SigmaRule> rules, List<CloudTrailEvent> sample) {
        try {
            Path dir = java.nio.file.Files.createTempDirectory("trailkeeper-bench-detect");
            try {
                Path file = dir.resolve("sample.jsonl");
                try (java.io.BufferedWriter w = java.nio.file.Files.newBufferedWriter(file)) {
                    for (CloudTrailEvent e : sample) {
                        w.write(e.rawJson());
                        w.newLine();
                    }
                }
                Path db = dir.resolve("store.duckdb");
                try (io.trailkeeper.store.EventStore store = io.trailkeeper.store.EventStore.openForWriting(db,
                        io.trailkeeper.store.EventStore.StoreOptions.defaults())) {
                    new io.trailkeeper.store.Ingest(store, io.trailkeeper.store.Ingest.Options.defaults(),
                            new io.trailkeeper.store.Ingest.Listener() { }).run(List.of(file));
                }
                List<SigmaRule> detections = rules.stream().filter(r -> r.detection() != null).toList();
                io.trailkeeper.detect.sql.SqlBackend.Scan scan = new io.trailkeeper.detect.sql.SqlBackend()
                        .scan(detections, "cloudtrail", null, null);
                long[] rows = {0};
                long t0 = System.nanoTime();
                try (io.trailkeeper.store.EventStore store = io.trailkeeper.store.EventStore.openForReading(db,
                        io.trailkeeper.store.EventStore.StoreOptions.defaults())) {
                    new io.trailkeeper.store.EventSearch(store).sql(scan.sql(), new io.trailkeeper.events.TableSink() {
                        @Override
                        public void columns(List<String> names) {
                        }

                        @Override
                        public void row(List<Object> values) {
                            rows[0]++;
                        }
                    });
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                out.printf(Locale.ROOT, "SQL backend, one scan:  %,d events x %d detection rules in %.2f s = %,.0f"
                        + " events/s, %,d events matched%n", sample.size(), scan.rules().size(), seconds,
                        sample.size() / seconds, rows[0]);
                out.flush();
            } finally {
                try (var walk = java.nio.file.Files.walk(dir)) {
                    for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        java.nio.file.Files.deleteIfExists(p);
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void run(InMemoryEngine engine, List<CloudTrailEvent> pool, long n, Consumer<Match> out) {
        int size = pool.size();
        for (long i = 0; i < n; i++) {
            engine.accept(pool.get((int) (i % size)), out);
        }
        engine.finish(out);
    }

    /** The events in batches (as a reader hands them over), cycling through the pool. */
    private static void runParallel(ParallelEngine engine, List<CloudTrailEvent> pool, long n, Consumer<Match> out) {
        int size = pool.size();
        int batch = 8192;
        List<CloudTrailEvent> chunk = new ArrayList<>(batch);
        for (long i = 0; i < n; i++) {
            chunk.add(pool.get((int) (i % size)));
            if (chunk.size() == batch) {
                engine.accept(chunk, out);
                chunk.clear();
            }
        }
        engine.accept(chunk, out);
        engine.finish(out);
    }

    private static List<CloudTrailEvent> generate(int n) {
        EventGenerator generator = new EventGenerator(7, "123456789012");
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(30, ChronoUnit.DAYS);
        RecordParser parser = new RecordParser();
        List<CloudTrailEvent> out = new ArrayList<>(n);
        for (int i = 0; out.size() < n; i++) {
            String region = EventGenerator.REGIONS.get(i % EventGenerator.REGIONS.size());
            CloudTrailEvent e = parser.parse(generator.record(start.plusSeconds(i), region)
                    .getBytes(StandardCharsets.UTF_8));
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }
}
