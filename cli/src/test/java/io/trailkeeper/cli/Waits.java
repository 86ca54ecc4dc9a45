package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting on a command the test runs in a thread of its own (a watch), and reading what it has written so far. */
final class Waits {
    private Waits() {
    }

    /** Waits until {@code done}, failing with the command's stderr after 240 seconds. */
    static void await(String what, BooleanSupplier done, StringWriter err) throws InterruptedException {
        // a round caught by the emulator's closing retries its calls before it ends: minutes on a busy machine
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "waited for " + what + "; stderr:\n" + err);
            Thread.sleep(100);
        }
    }

    /** The file's text, or "" while it has not been written. */
    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
