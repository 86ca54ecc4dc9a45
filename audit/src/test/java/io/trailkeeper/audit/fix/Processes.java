package io.trailkeeper.audit.fix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the validators that are programs (bash, cfn-lint, terraform), offline, with a time limit. */
final class Processes {
    /** What a program did: its exit code and its output (stdout and stderr together). */
    record Result(int exitCode, String output) {
    }

    private Processes() {
    }

    /** True when the program can be started here (it answers its version option). */
    static boolean available(String... versionCommand) {
        try {
            return run(null, Map.of(), 60, versionCommand).exitCode() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    static Result run(Path dir, Map<String, String> env, int timeoutSeconds, String... command) throws IOException {
        return run(dir, env, timeoutSeconds, List.of(command));
    }

    static Result run(Path dir, Map<String, String> env, int timeoutSeconds, List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        // Nothing a validator runs may reach the network: no version checks, no telemetry.
        pb.environment().put("CHECKPOINT_DISABLE", "1");
        pb.environment().put("TF_IN_AUTOMATION", "1");
        pb.environment().putAll(env);
        Path output = Files.createTempFile("trailkeeper-validator", ".out");
        pb.redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = null;
        try {
            p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command + " did not finish in " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
