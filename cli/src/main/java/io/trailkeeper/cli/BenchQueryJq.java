package io.trailkeeper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The baseline of {@code bench query}: jq answering a question over the raw trail files, as a responder without
 * a store would. The files are split into one share per process (balanced by size); each share is read by
 * {@code gzip -dc FILES | jq -c -f QUESTION.jq}, all shares at once; then {@code jq -s -f QUESTION-merge.jq} turns
 * their output into the answer. The time is the wall time from the first process started to the answer.
 */
final class BenchQueryJq {
    private static final String RESOURCES = "/io/trailkeeper/cli/bench-query/";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One question answered: the wall time and jq's final answer. */
    record Answer(double seconds, JsonNode answer) {
    }

    private final Path work;
    private final List<List<Path>> shares;

    /** Copies the jq programs into {@code work} (where a user can run them by hand) and splits the files. */
    BenchQueryJq(Path work, List<Path> files, int processes) throws IOException {
        this.work = work;
        Files.createDirectories(work);
        this.shares = split(files, Math.max(1, processes));
    }

    /** The programs of a question, copied out of the jar into the work folder. */
    Path program(String resource) throws IOException {
        Path target = work.resolve(resource);
        try (InputStream in = BenchQueryJq.class.getResourceAsStream(RESOURCES + resource)) {
            if (in == null) {
                throw new IllegalStateException("jq program " + resource + " is missing from the build");
            }
            Files.write(target, in.readAllBytes());
        }
        return target;
    }

    /** Checks jq is there before any work is done; returns its version. */
    static String version() {
        try {
            Process p = new ProcessBuilder("jq", "--version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("`jq --version` failed: " + v);
            }
            return v;
        } catch (IOException e) {
            throw new IllegalStateException("bench query needs jq, the baseline, on the PATH (Debian: apt-get install"
                    + " jq): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Answers one question: {@code name}.jq over every share at once, then {@code name}-merge.jq. A question whose
     * jq needs what an earlier scan finds (the actor's session keys) has a {@code name}-first.jq and its merge, run
     * before and handed to the second scan as {@code $first}; both scans are timed.
     */
    Answer answer(String name, Map<String, String> args) throws IOException, InterruptedException {
        List<String> jqArgs = new ArrayList<>();
        args.forEach((k, v) -> jqArgs.addAll(List.of("--arg", k, v)));
        long t0 = System.nanoTime();
        if (BenchQueryJq.class.getResource(RESOURCES + name + "-first.jq") != null) {
            JsonNode first = pass(name + "-first", jqArgs);
            jqArgs.addAll(List.of("--argjson", "first", MAPPER.writeValueAsString(first)));
        }
        JsonNode answer = pass(name, jqArgs);
        return new Answer((System.nanoTime() - t0) / 1e9, answer);
    }

    private JsonNode pass(String name, List<String> jqArgs) throws IOException, InterruptedException {
        Path scan = program(name + ".jq");
        Path merge = program(name + "-merge.jq");
        List<Path> outputs = new ArrayList<>();
        List<Process> running = new ArrayList<>();
        for (int k = 0; k < shares.size(); k++) {
            Path output = work.resolve(name + "-" + k + ".out");
            outputs.add(output);
            List<String> command = new ArrayList<>(List.of("sh", "-c",
                    "gzip -dc \"$@\" | jq -c " + quoted(jqArgs) + " -f '" + scan + "'", "sh"));
            shares.get(k).forEach(f -> command.add(f.toString()));
            running.add(new ProcessBuilder(command).redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }
        for (Process p : running) {
            if (p.waitFor() != 0) {
                running.forEach(Process::destroy);
                throw new IllegalStateException("jq failed on " + scan + " (exit " + p.exitValue() + ")");
            }
        }
        List<String> command = new ArrayList<>(List.of("jq", "-s", "-c"));
        command.addAll(jqArgs);
        command.addAll(List.of("-f", merge.toString()));
        outputs.forEach(o -> command.add(o.toString()));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] answer = p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("jq failed on " + merge + " (exit " + p.exitValue() + ")");
        }
        for (Path o : outputs) {
            Files.deleteIfExists(o);
        }
        return MAPPER.readTree(answer);
    }

    /** The command a user would type for one share, for the record. */
    String example(String name, Map<String, String> args) {
        StringBuilder b = new StringBuilder("gzip -dc FILES... | jq -c");
        args.forEach((k, v) -> b.append(" --arg ").append(k).append(" '").append(v).append('\''));
        return b.append(" -f ").append(work.resolve(name + ".jq")).toString();
    }

    int processes() {
        return shares.size();
    }

    private static String quoted(List<String> args) {
        StringBuilder b = new StringBuilder();
        for (String a : args) {
            // the values are the benchmark's own constants; quote them for the shell all the same
            b.append('\'').append(a.replace("'", "'\\''")).append("' ");
        }
        return b.toString().trim();
    }

    /** Files into shares of about equal size: largest first, each into the smallest share so far. */
    private static List<List<Path>> split(List<Path> files, int n) {
        List<List<Path>> shares = new ArrayList<>();
        long[] sizes = new long[n];
        for (int i = 0; i < n; i++) {
            shares.add(new ArrayList<>());
        }
        List<Path> bySize = new ArrayList<>(files);
        bySize.sort(Comparator.comparingLong(BenchQueryJq::size).reversed());
        for (Path f : bySize) {
            int smallest = 0;
            for (int i = 1; i < n; i++) {
                if (sizes[i] < sizes[smallest]) {
                    smallest = i;
                }
            }
            shares.get(smallest).add(f);
            sizes[smallest] += size(f);
        }
        shares.removeIf(List::isEmpty);
        return shares;
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
