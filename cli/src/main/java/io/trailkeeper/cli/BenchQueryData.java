package io.trailkeeper.cli;

import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.Ingest;
import io.trailkeeper.testkit.TrailFileGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * The work folder of {@code bench query}: {@code trail/} holds the generated trail files and, in files of their own
 * laid out the same way, the planted facts; {@code store.duckdb} holds all of them ingested. A file {@code READY}
 * names the size and seed once both are complete, so a later run with the same size and seed reuses them; anything
 * else found in those two places is removed and made again.
 */
final class BenchQueryData {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String VERSION = "bench-query-1";

    /** What the benchmark reads: the trail files (jq) and the store (investigations). */
    record Prepared(Path trail, Path store, List<Path> files, long gzipBytes, long generated, long planted,
                    boolean reused) {
    }

    private BenchQueryData() {
    }

    static Prepared prepare(Path dir, long events, long seed, int threads, EventStore.StoreOptions options,
                            PrintWriter out) throws IOException {
        Path trail = dir.resolve("trail");
        Path store = dir.resolve("store.duckdb");
        Path ready = dir.resolve("READY");
        List<BenchQueryFacts.Planted> planted = BenchQueryFacts.records(seed);
        // what was generated, down to the planted records' content: a change to the story makes the files again
        String stamp = VERSION + " " + events + " " + seed + " " + planted.size() + " "
                + Integer.toHexString(planted.stream().map(BenchQueryFacts.Planted::json).toList().hashCode());
        boolean reused = Files.exists(ready) && Files.readString(ready).equals(stamp) && Files.exists(store);
        if (reused) {
            out.printf(Locale.ROOT, "reusing %s: trail files and store of %,d generated + %,d planted events from an"
                    + " earlier run (delete the folder to make them again)%n", dir, events, planted.size());
        } else {
            Files.deleteIfExists(ready);
            BenchFiles.deleteTree(trail);
            for (String suffix : new String[]{"", ".wal"}) {
                Files.deleteIfExists(dir.resolve("store.duckdb" + suffix));
            }
            Files.createDirectories(trail);
            out.printf(Locale.ROOT, "generating %,d events in %s on %d threads (minutes; a later run with the same"
                    + " --events and --seed reuses them) ...%n", events, trail, threads);
            out.flush();
            long t0 = System.nanoTime();
            TrailFileGenerator.Result r = TrailFileGenerator.benchmark(seed).write(trail, events, threads);
            int plantedFiles = writePlanted(trail, planted, seed);
            out.printf(Locale.ROOT, "generated %,d files (%.1f MB gzipped) and planted %,d events in %,d files"
                    + " in %.0f s%n", r.files(), r.gzipBytes() / 1e6, planted.size(), plantedFiles, (System.nanoTime() - t0) / 1e9);
            ingest(trail, store, threads, options, out);
            Files.writeString(ready, stamp);
        }
        List<Path> files = BenchFiles.trailFiles(trail);
        long gzip = 0;
        for (Path f : files) {
            gzip += Files.size(f);
        }
        return new Prepared(trail, store, files, gzip, events, planted.size(), reused);
    }

    private static void ingest(Path trail, Path store, int threads, EventStore.StoreOptions options, PrintWriter out) {
        out.printf(Locale.ROOT, "ingesting into %s ...%n", store);
        out.flush();
        long t0 = System.nanoTime();
        long[] nextReport = {1_000_000};
        Ingest.Summary s;
        try (EventStore st = EventStore.openForWriting(store, options)) {
            s = new Ingest(st, Ingest.Options.defaults().withThreads(threads), new Ingest.Listener() {
                @Override
                public void progress(long filesDone, long bytesDone, long records) {
                    if (records >= nextReport[0]) {
                        out.printf(Locale.ROOT, "  %,d events ingested (%.0f s)%n", records,
                                (System.nanoTime() - t0) / 1e9);
                        out.flush();
                        nextReport[0] = (records / 1_000_000 + 1) * 1_000_000;
                    }
                }
            }).run(List.of(trail));
        }
        out.printf(Locale.ROOT, "ingested %,d events (%,d new) from %,d files in %.0f s%n", s.records(), s.newEvents(),
                s.files(), (System.nanoTime() - t0) / 1e9);
        out.flush();
    }

    /**
     * The planted records as trail files of their own, one per region and hour (CloudTrail delivers every five
     * minutes; fewer, larger files spare the ingest).
     */
    private static int writePlanted(Path trail, List<BenchQueryFacts.Planted> planted, long seed) {
        Map<String, List<BenchQueryFacts.Planted>> byFile = new TreeMap<>();
        for (BenchQueryFacts.Planted p : planted) {
            long window = p.time().getEpochSecond() / 3600 * 3600;
            byFile.computeIfAbsent(p.region() + " " + window, k -> new ArrayList<>()).add(p);
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (List<BenchQueryFacts.Planted> records : byFile.values()) {
            records.sort(Comparator.comparing(BenchQueryFacts.Planted::time));
            BenchQueryFacts.Planted first = records.get(0);
            String region = first.region();
            java.time.Instant window = java.time.Instant.ofEpochSecond(first.time().getEpochSecond() / 3600 * 3600);
            Path folder = trail.resolve("AWSLogs").resolve(BenchQueryFacts.ACCOUNT).resolve("CloudTrail")
                    .resolve(region).resolve(DAY.format(window));
            StringBuilder id = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                id.append("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".charAt(random.nextInt(62)));
            }
            Path file = folder.resolve(BenchQueryFacts.ACCOUNT + "_CloudTrail_" + region + "_" + STAMP.format(window)
                    + "_" + id + ".json.gz");
            try {
                Files.createDirectories(folder);
                try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(file))) {
                    StringBuilder json = new StringBuilder("{\"Records\":[");
                    for (int i = 0; i < records.size(); i++) {
                        json.append(i == 0 ? "" : ",").append(records.get(i).json());
                    }
                    o.write(json.append("]}").toString().getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not write " + file, e);
            }
        }
        return byFile.size();
    }

    /** Removes what the benchmark made in the work folder, unless {@code keep}; the folder too when it made it. */
    static void cleanUp(PrintWriter out, Path dir, boolean created, boolean keep) throws IOException {
        if (keep) {
            out.printf(Locale.ROOT, "kept %s: a run with the same --events and --seed reuses it%n", dir);
        } else {
            remove(dir);
            if (created) {
                Files.deleteIfExists(dir);
            }
            out.printf(Locale.ROOT, "removed the work folder's contents (--keep keeps them for the next run)%n");
        }
        out.flush();
    }

    /** Removes what {@link #prepare} and the jq runs made in the work folder, and nothing else. */
    private static void remove(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve("READY"));
        BenchFiles.deleteTree(dir.resolve("trail"));
        BenchFiles.deleteTree(dir.resolve("jq"));
        for (String suffix : new String[]{"", ".wal"}) {
            Files.deleteIfExists(dir.resolve("store.duckdb" + suffix));
        }
    }


}
