package io.trailkeeper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The measured runs of the ingest benchmark, each in a process of its own. */
final class BenchProcesses {
    /** A run's wall time and the bytes it produced. */
    record Timed(double seconds, long bytes) {
    }

    /** An ingest's wall time (the whole process: start, ingest, closing the store), events read, peak RSS. */
    record Ingested(double seconds, long events, long peakRssKb) {
    }

    private BenchProcesses() {
    }

    /** {@code gzip -dc} of every file, counting the bytes it writes. */
    static Timed gunzip(List<Path> files) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", "-c", "gzip -dc \"$@\" | wc -c", "sh"));
        files.forEach(f -> command.add(f.toString()));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("gzip -dc failed (is gzip installed?)");
        }
        return new Timed((System.nanoTime() - t0) / 1e9, Long.parseLong(out));
    }

    /**
     * The launcher's JVM settings (./trailkeeper), for a new JVM running TrailKeeper: heap and collector, the
     * library path that holds DuckDB's unpacked native library, and the classpath of this JVM.
     */
    static List<String> javaCommand() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx320m", "-Xmn160m", "-XX:+UseParallelGC",
                "-Djava.library.path=" + System.getProperty("java.library.path", ""),
                "--enable-native-access=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        return command;
    }

    /** Whether Linux gives transparent huge pages on request, as the launcher tests it for ingest and collect. */
    private static boolean hugePagesOnRequest() {
        try {
            String mode = Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled"));
            return mode.contains("[always]") || mode.contains("[madvise]");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Runs `trailkeeper ingest` in a new JVM with the launcher's settings (for an ingest, huge pages if on request). */
    static Ingested ingest(Path store, Path dir, int threads) throws IOException, InterruptedException {
        List<String> command = javaCommand();
        if (hugePagesOnRequest()) {
            command.addAll(1, List.of("-XX:+UseTransparentHugePages", "-XX:+AlwaysPreTouch"));
        }
        command.addAll(List.of("--store", store.toString(), "--format", "json", "ingest", "--threads",
                Integer.toString(threads), dir.toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put(Main.PEAK_RSS_ENV, "1");
        long t0 = System.nanoTime();
        Process p = pb.start();
        byte[] stderr;
        byte[] stdout = p.getInputStream().readAllBytes();
        stderr = p.getErrorStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("ingest failed: " + new String(stderr, StandardCharsets.UTF_8));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        JsonNode summary = new ObjectMapper().readTree(stdout);
        long peak = 0;
        for (String line : new String(stderr, StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("peak-rss-kib ")) {
                peak = Long.parseLong(line.substring("peak-rss-kib ".length()).trim());
            }
        }
        return new Ingested(seconds, summary.get("records").asLong(), peak);
    }
}
