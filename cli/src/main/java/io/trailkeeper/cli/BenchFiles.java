package io.trailkeeper.cli;

import io.trailkeeper.testkit.TrailFileGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** The benchmarks' files: generated trail files reused between runs, and work folders removed after. */
final class BenchFiles {
    private BenchFiles() {
    }

    /**
     * The folder of {@code events} generated trail files (bench ingest's mix: 30 days, 17 regions): {@code data},
     * else {@code trailkeeper-bench-EVENTS-SEED} in the temp dir; generated only when its GENERATED marker does not
     * name these events and seed.
     */
    static Path generated(Path data, long events, long seed, int threads, PrintWriter out) throws IOException {
        Path dir = data != null ? data : Path.of(System.getProperty("java.io.tmpdir"),
                "trailkeeper-bench-" + events + "-" + seed);
        Path marker = dir.resolve("GENERATED");
        String stamp = events + " " + seed;
        if (!Files.exists(marker) || !Files.readString(marker).equals(stamp)) {
            out.printf(Locale.ROOT, "generating %,d events in %s ...%n", events, dir);
            out.flush();
            TrailFileGenerator.benchmark(seed).write(dir, events, threads);
            Files.writeString(marker, stamp);
        }
        return dir;
    }

    /** The gzipped trail files below a folder, sorted. */
    static List<Path> trailFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".json.gz")).sorted().toList();
        }
    }

    /** Their bytes. */
    static long gzipBytes(List<Path> files) throws IOException {
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        return bytes;
    }

    /** Removes a folder and everything in it; nothing when it is not there. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
