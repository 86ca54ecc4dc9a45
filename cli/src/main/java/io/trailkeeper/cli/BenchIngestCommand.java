package io.trailkeeper.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
            "Prints the figures and their ratios. With --runs, ingest and read_json take turns, and the",
            "ratio is the median of the runs'.", ""},
        footer = {"", "Examples:", "  trailkeeper bench ingest --events 2000000",
            "  trailkeeper bench ingest --events 2000000 --runs 3 --format json"})
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

    @Option(names = "--runs", paramLabel = "N", description = "Ingest and read_json runs, one after the other in"
            + " turn, each into a new store (default: 1). On a machine whose speed drifts, the median ratio of"
            + " several runs says more than one.")
    int runs = 1;

    @Override
    public Integer call() throws Exception {
        if (events < 1 || threads < 1 || runs < 1) {
            throw new IllegalArgumentException("--events, --threads and --runs must be at least 1");
        }
        boolean json = root().format == TrailKeeperCommand.Format.json;
        // with --format json the figures as they come go to stderr, and stdout holds the JSON alone
        PrintWriter out = json ? spec.commandLine().getErr() : spec.commandLine().getOut();
        Path dir = BenchFiles.generated(data, events, seed, threads, out);
        List<Path> files = BenchFiles.trailFiles(dir);
        long gzipBytes = BenchFiles.gzipBytes(files);
        Path work = Files.createTempDirectory("trailkeeper-bench");
        try {
            Map<String, Object> r = measure(out, dir, files, gzipBytes, work);
            if (json) {
                Json.printObject(spec.commandLine().getOut(), r);
            }
        } finally {
            BenchFiles.deleteTree(work);
        }
        return 0;
    }

    /** One run: the ingest into a new store, then read_json into a new table. */
    private record Run(BenchProcesses.Ingested ingest, long storeBytes, double readJsonSeconds, long readJsonRows,
                       long readJsonBytes) {
        double ratio() {
            return readJsonSeconds / ingest.seconds();
        }
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
        List<Run> done = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            String run = runs == 1 ? "" : String.format(Locale.ROOT, "run %d of %d: ", i, runs);
            Path runDir = Files.createDirectories(work.resolve("run-" + i));
            Path store = runDir.resolve("store.duckdb");
            BenchProcesses.Ingested ingest = BenchProcesses.ingest(store, dir, threads);
            long storeBytes = DuckDbBaseline.size(store);
            out.printf(Locale.ROOT, "%strailkeeper ingest:%6.1f s  %,10.0f events/s  %7.1f MB/s of JSON  peak RSS %,d"
                    + " MiB%n", run, ingest.seconds(), ingest.events() / ingest.seconds(), jsonMb / ingest.seconds(),
                    ingest.peakRssKb() / 1024);
            out.flush();
            Path baselineDb = runDir.resolve("baseline.duckdb");
            long t0 = System.nanoTime();
            long rows = DuckDbBaseline.load(dir, baselineDb, threads);
            double duck = (System.nanoTime() - t0) / 1e9;
            long baselineBytes = DuckDbBaseline.size(baselineDb);
            BenchFiles.deleteTree(runDir);
            out.printf(Locale.ROOT, "%sduckdb read_json:  %6.1f s  %,10.0f events/s  %7.1f MB/s of JSON  (typed columns"
                    + " only)%n", run, duck, rows / duck, jsonMb / duck);
            out.flush();
            done.add(new Run(ingest, storeBytes, duck, rows, baselineBytes));
        }
        double ratio = median(done.stream().mapToDouble(Run::ratio).toArray());
        Run first = done.get(0);
        long peak = done.stream().mapToLong(r -> r.ingest().peakRssKb()).max().orElse(0);
        double perEvent = (double) first.storeBytes() / first.ingest().events();
        double gzipPerEvent = (double) gzipBytes / events;
        String ratios = runs == 1 ? "" : " (median of " + runs + " runs: " + String.join(", ", done.stream()
                .map(r -> String.format(Locale.ROOT, "%.2f", r.ratio())).toList()) + ")";
        out.printf(Locale.ROOT, "%nratio ingest/read_json speed: %.2f%s   (target >= 1.0, with the raw record kept)%n",
                ratio, ratios);
        out.printf(Locale.ROOT, "peak RSS of ingest:           %,d MiB%s (target < 1024 MiB)%n", peak / 1024,
                runs == 1 ? "" : ", the largest of the runs");
        out.printf(Locale.ROOT, "store size: %,.0f bytes/event = %.2f x gzip (%,.0f bytes/event; target <= 2.0);"
                + " read_json table without raw: %,.0f bytes/event%n", perEvent, perEvent / gzipPerEvent, gzipPerEvent,
                (double) first.readJsonBytes() / first.readJsonRows());
        out.flush();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("events", events);
        m.put("files", files.size());
        m.put("gzip_bytes", gzipBytes);
        m.put("json_bytes", gunzip.bytes());
        m.put("gzip_seconds", gunzip.seconds());
        m.put("ingest_seconds", median(done.stream().mapToDouble(r -> r.ingest().seconds()).toArray()));
        m.put("ingest_events", first.ingest().events());
        m.put("ingest_peak_rss_kib", peak);
        m.put("duckdb_read_json_seconds", median(done.stream().mapToDouble(Run::readJsonSeconds).toArray()));
        m.put("ratio_ingest_to_read_json", ratio);
        m.put("store_bytes", first.storeBytes());
        m.put("store_to_gzip", perEvent / gzipPerEvent);
        List<Map<String, Object>> perRun = new ArrayList<>();
        for (Run r : done) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("ingest_seconds", r.ingest().seconds());
            one.put("ingest_peak_rss_kib", r.ingest().peakRssKb());
            one.put("duckdb_read_json_seconds", r.readJsonSeconds());
            one.put("ratio_ingest_to_read_json", r.ratio());
            perRun.add(one);
        }
        m.put("runs", perRun);
        return m;
    }

    /** The middle value; the mean of the two middle ones for an even count. */
    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private TrailKeeperCommand root() {
        return bench.root;
    }


}
