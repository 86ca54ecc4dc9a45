package io.trailkeeper.cli;

import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.Ingest;
import io.trailkeeper.store.lake.LakeExport;
import io.trailkeeper.store.lake.LocalLakeTarget;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code trailkeeper bench lake}: the Parquet lake's size and export speed, and reading it against the store. */
@Command(name = "lake", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Measure export parquet: lake size against gzip, export speed, and queries on the lake vs the store.",
        description = {"",
            "Generates trail files as bench ingest does (30 days, 17 regions, 1,000-5,000 records a gzipped",
            "file), ingests them into a new store, then measures, in this run: export parquet into a new",
            "local lake (events/s, and lake bytes per event against the trail files' gzip bytes per event);",
            "as its baseline, DuckDB's COPY of the store's typed columns (no raw record, no partitions) to one",
            "Parquet file; then prune moves the older half of the days of a copy of the store to the lake,",
            "and the same questions are asked of the whole store (hot), of the pruned copy (hot and cold",
            "together, read as query reads them) and of the lake alone (DuckDB read_parquet with",
            "hive_partitioning): every call of one API across the whole time, and one region's day that",
            "prune moved to the lake.", ""},
        footer = {"", "Example:", "  trailkeeper bench lake --events 1000000"})
final class BenchLakeCommand implements Callable<Integer> {
    @ParentCommand
    BenchCommand bench;

    @Spec
    CommandSpec spec;

    @Option(names = "--events", paramLabel = "N", description = "Records to generate (default: 1000000).")
    long events = 1_000_000;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Where the generated files go; reused when they are already there (default: a folder in the temp dir).")
    Path data;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for generating and ingesting (default: cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--seed", paramLabel = "N", description = "Generator seed (default: 7).")
    long seed = 7;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = BenchFiles.generated(data, events, seed, threads, out);
        long gzipBytes = BenchFiles.gzipBytes(BenchFiles.trailFiles(dir));
        Path work = Files.createTempDirectory("trailkeeper-bench-lake");
        try {
            Map<String, Object> r = measure(out, dir, gzipBytes, work);
            if (bench.root.format == TrailKeeperCommand.Format.json) {
                Json.printObject(out, r);
            }
        } finally {
            BenchFiles.deleteTree(work);
        }
        return 0;
    }

    private Map<String, Object> measure(PrintWriter out, Path dir, long gzipBytes, Path work) throws Exception {
        Path store = work.resolve("store.duckdb");
        EventStore.StoreOptions options = bench.root.storeOptions().withMemoryLimit("1GB");
        long t0 = System.nanoTime();
        try (EventStore s = EventStore.openForWriting(store, options)) {
            new Ingest(s, Ingest.Options.defaults().withThreads(threads), new Ingest.Listener() {
            }).run(List.of(dir));
        }
        double ingest = (System.nanoTime() - t0) / 1e9;
        out.printf(Locale.ROOT, "input: %,d events, %.1f MB gzipped (%,.1f bytes/event); ingested in %.1f s%n",
                events, gzipBytes / 1e6, (double) gzipBytes / events, ingest);
        out.flush();

        Path lake = work.resolve("lake");
        LakeExport.Summary x = new LakeExport(() -> EventStore.openForWriting(store, options),
                new LocalLakeTarget(lake), bench.root.clock, ExportParquetCommand.HOLD).run(null, null,
                        LakeExport.Listener.NONE);
        double exportSeconds = x.elapsed().toNanos() / 1e9;
        BenchLakeQueries q = new BenchLakeQueries(store, lake, options);
        BenchLakeQueries.Copy copy = q.copyBaseline(work.resolve("baseline.parquet"));
        double lakePerEvent = (double) x.bytes() / x.events();
        double gzipPerEvent = (double) gzipBytes / events;
        out.printf(Locale.ROOT, "export parquet:      %6.1f s  %,10.0f events/s  %,d partitions, %.1f MB%n",
                exportSeconds, x.eventsPerSecond(), x.written(), x.bytes() / 1e6);
        out.printf(Locale.ROOT, "duckdb COPY (typed columns, one file, no raw): %.1f s  %,.0f events/s  %.1f MB%n",
                copy.seconds(), copy.rows() / copy.seconds(), copy.bytes() / 1e6);
        out.printf(Locale.ROOT, "lake size: %,.1f bytes/event = %.2f x gzip of the trail files (%,.1f bytes/event)%n",
                lakePerEvent, lakePerEvent / gzipPerEvent, gzipPerEvent);
        out.flush();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("events", x.events());
        m.put("gzip_bytes", gzipBytes);
        m.put("lake_bytes", x.bytes());
        m.put("lake_to_gzip", lakePerEvent / gzipPerEvent);
        m.put("partitions", x.written());
        m.put("export_seconds", exportSeconds);
        m.put("export_events_per_second", x.eventsPerSecond());
        m.put("copy_baseline_seconds", copy.seconds());
        m.put("copy_baseline_bytes", copy.bytes());
        long moved = q.prune(work.resolve("pruned.duckdb"));
        out.printf(Locale.ROOT, "%nprune moved %,d partitions (the days before %s) of a copy of the store to the lake%n",
                moved, q.coldBefore());
        out.println("the same questions (best of 3): the whole store (hot) | the pruned copy (hot and cold, as query"
                + " reads it) | the lake alone (DuckDB read_parquet)");
        for (BenchLakeQueries.Question question : q.questions()) {
            BenchLakeQueries.Timing t = q.time(question);
            out.printf(Locale.ROOT, "  %-44s %7.3f s | %7.3f s | %7.3f s  (%,d records)%n", question.label(),
                    t.hotSeconds(), t.prunedSeconds(), t.coldSeconds(), t.hotRows());
            m.put(question.key() + "_store_seconds", t.hotSeconds());
            m.put(question.key() + "_pruned_store_seconds", t.prunedSeconds());
            m.put(question.key() + "_lake_seconds", t.coldSeconds());
        }
        out.println("investigations (best of 3): the whole store | the pruned copy (hot and cold)");
        for (String name : List.of("regions", "logins")) {
            BenchLakeQueries.Investigated t = q.investigate(name, bench.root.clock);
            out.printf(Locale.ROOT, "  investigate %-32s %7.3f s | %7.3f s  (%s)%n", name, t.hotSeconds(),
                    t.prunedSeconds(), t.same() ? "same answer" : "ANSWERS DIFFER");
            if (!t.same()) {
                throw new IllegalStateException("investigate " + name + " answers differently on the pruned store");
            }
            m.put("investigate_" + name + "_store_seconds", t.hotSeconds());
            m.put("investigate_" + name + "_pruned_store_seconds", t.prunedSeconds());
        }
        out.flush();
        return m;
    }
}
