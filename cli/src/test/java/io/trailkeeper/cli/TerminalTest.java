package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output counts as a terminal by standard output alone: what a record holds is made safe for a screen. */
class TerminalTest {
    private static final String RECORD = "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-11-20T10:00:00Z\","
            + "\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"DeleteBucket\",\"awsRegion\":\"us-east-1\","
            + "\"requestParameters\":{\"bucketName\":\"admin\u202Egpj.exe\"},\"eventID\":\"t1\"}\n";

    @TempDir
    Path dir;

    @Test
    void terminalsAreTheDevicesProcShowsForThem() {
        assertTrue(Terminal.terminalDevice("/dev/pts/3"));
        assertTrue(Terminal.terminalDevice("/dev/tty1"));
        assertTrue(Terminal.terminalDevice("/dev/console"));
        assertFalse(Terminal.terminalDevice("pipe:[48213]"));
        assertFalse(Terminal.terminalDevice("socket:[48213]"));
        assertFalse(Terminal.terminalDevice("/dev/null"));
        assertFalse(Terminal.terminalDevice("/home/ir/out.jsonl"));
    }

    @Test
    void aTestRunsWithOutputToAPipeOrAFile() {
        assertFalse(Terminal.interactive(), "surefire takes the forked JVM's output through a pipe");
    }

    /**
     * {@code trailkeeper query --format jsonl < /dev/null} on a terminal (as xargs or a script runs it): before,
     * Java 17's console check needed standard input to be a terminal too, and the record's U+202E reached the
     * screen as it was, drawing the bucket's name reversed.
     */
    @Test
    void jsonlOnATerminalWithInputFromElsewhereEscapesDirectionCharacters() throws Exception {
        Path store = dir.resolve("s.duckdb");
        Files.writeString(dir.resolve("e.jsonl"), RECORD);
        assertEquals(0, Cli.run(store, "ingest", dir.resolve("e.jsonl").toString()).code());

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = String.join(" ", quoted(java), "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx256m",
                "-cp", quoted(System.getProperty("java.class.path")), Main.class.getName(),
                "--store", quoted(store.toString()), "--format", "jsonl", "query", "< /dev/null");
        // script(1) from util-linux gives the command a pseudo-terminal for its output
        Process p = new ProcessBuilder("script", "-q", "-e", "-c", command, "/dev/null")
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true).start();
        String screen = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), screen);
        assertTrue(screen.contains("\"bucketName\":\"admin\\u202egpj.exe\"")
                || screen.contains("\"bucketName\":\"admin\\u202Egpj.exe\""), screen);
        assertFalse(screen.contains("\u202E"), screen);
    }

    private static String quoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
