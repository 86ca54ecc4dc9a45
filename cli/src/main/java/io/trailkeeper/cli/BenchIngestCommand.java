package io.trailkeeper.cli;

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

/** {@code trailkeeper bench ingest}: ingest speed, memory and size against gzip and DuckDB's read_json. */
@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Measure ingest against `gzip -dc` and DuckDB's read_json on the same generated files.",
        description = {"",
            "Generates realistic trail files (many services and calls, 17 regions, IAM users, role sessions,",
            "AWS services and root, nested parameters, errors, data events; 1,000-5,000 records a gzipped file),",
            "then measures, in this run: `gzip -dc` of all files; TrailKeeper ingest into a new store (a",
            "separate JVM with the launcher's settings, timed from its start to its exit, so its peak RSS",
            "is its own); DuckDB read_json loading the same files into a table with the same typed columns.",
            "Prints the figures and their ratios.", ""},
        footer = {"", "Example:", "  trailkeeper bench ingest --events 2000000"})
final class BenchIngestCommand implements Callable<Integer> {
    @ParentCommand
    BenchCommand bench;

    @Spec
    CommandSpec spec;

    @Option(names = "--events", paramLabel = "N", description = "Records to generate (default: 2000000).")
    long events = 2_000_000;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Where the generated files go; reused when they are already there (default: a folder in the temp dir).")
    Path data;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for TrailKeeper and DuckDB (default: cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--seed", paramLabel = "N", description = "Generator seed (default: 7).")
    long seed = 7;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = BenchFiles.generated(data, events, seed, threads, out);
        List<Path> files = BenchFiles.trailFiles(dir);
        long gzipBytes = BenchFiles.gzipBytes(files);
        Path work = Files.createTempDirectory("trailkeeper-bench");
        try {
            Map<String, Object> r = measure(out, dir, files, gzipBytes, work);
            if (root().format == TrailKeeperCommand.Format.json) {
                Json.printObject(out, r);
            }
        } finally {
            BenchFiles.deleteTree(work);
        }
        return 0;
    }

    private Map<String, Object> measure(PrintWriter out, Path dir, List<Path> files, long gzipBytes, Path work)
            throws Exception {
        out.printf(Locale.ROOT, "input: %,d files, %,d events, %.1f MB gzipped (%,.0f bytes/event)%n", files.size(),
                events, gzipBytes / 1e6, (double) gzipBytes / events);
        out.flush();
        BenchProcesses.Timed gunzip = BenchProcesses.gunzip(files);
        double jsonMb = gunzip.bytes() / 1e6;
        out.printf(Locale.ROOT, "gzip -dc:          %6.1f s  %,10.0f events/s  %7.1f MB/s of JSON%n", gunzip.seconds(),
                events / gunzip.seconds(), jsonMb / gunzip.seconds());
        out.flush();
        Path store = work.resolve("store.duckdb");
        BenchProcesses.Ingested ingest = BenchProcesses.ingest(store, dir, threads);
        long storeBytes = DuckDbBaseline.size(store);
        out.printf(Locale.ROOT, "trailkeeper ingest:%6.1f s  %,10.0f events/s  %7.1f MB/s of JSON  peak RSS %,d MiB%n",
                ingest.seconds(), ingest.events() / ingest.seconds(), jsonMb / ingest.seconds(),
                ingest.peakRssKb() / 1024);
        out.flush();
        Path baselineDb = work.resolve("baseline.duckdb");
        long t0 = System.nanoTime();
        long rows = DuckDbBaseline.load(dir, baselineDb, threads);
        double duck = (System.nanoTime() - t0) / 1e9;
        out.printf(Locale.ROOT, "duckdb read_json:  %6.1f s  %,10.0f events/s  %7.1f MB/s of JSON  (typed columns only)%n",
                duck, rows / duck, jsonMb / duck);
        double ratio = duck / ingest.seconds();
        double perEvent = (double) storeBytes / ingest.events();
        double gzipPerEvent = (double) gzipBytes / events;
        out.printf(Locale.ROOT, "%nratio ingest/read_json speed: %.2f   (target >= 1.0, with the raw record kept)%n", ratio);
        out.printf(Locale.ROOT, "peak RSS of ingest:           %,d MiB (target < 1024 MiB)%n", ingest.peakRssKb() / 1024);
        out.printf(Locale.ROOT, "store size: %,.0f bytes/event = %.2f x gzip (%,.0f bytes/event; target <= 2.0);"
                + " read_json table without raw: %,.0f bytes/event%n", perEvent, perEvent / gzipPerEvent, gzipPerEvent,
                (double) DuckDbBaseline.size(baselineDb) / rows);
        out.flush();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("events", events);
        m.put("files", files.size());
        m.put("gzip_bytes", gzipBytes);
        m.put("json_bytes", gunzip.bytes());
        m.put("gzip_seconds", gunzip.seconds());
        m.put("ingest_seconds", ingest.seconds());
        m.put("ingest_events", ingest.events());
        m.put("ingest_peak_rss_kib", ingest.peakRssKb());
        m.put("duckdb_read_json_seconds", duck);
        m.put("ratio_ingest_to_read_json", ratio);
        m.put("store_bytes", storeBytes);
        m.put("store_to_gzip", perEvent / gzipPerEvent);
        return m;
    }

    private TrailKeeperCommand root() {
        return bench.root;
    }


}
