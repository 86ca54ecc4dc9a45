package io.trailkeeper.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** What the command line knows of the screen it writes to. */
final class Terminal {
    private Terminal() {
    }

    /**
     * True when standard output is a terminal (not a pipe or a file), whatever standard input is: text from
     * records is made safe for a screen on this answer, so {@code trailkeeper query ... < /dev/null} or a
     * command run by xargs must not count as "not a terminal". Java 17's {@code System.console()} needs both
     * input and output to be terminals; on Linux the descriptor's link in /proc tells, elsewhere that is the
     * fallback.
     */
    static boolean interactive() {
        return isTerminal(1);
    }

    /** True when standard error is a terminal: where a progress bar may redraw its line. */
    static boolean errorsInteractive() {
        return isTerminal(2);
    }

    private static boolean isTerminal(int fd) {
        try {
            return terminalDevice(Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    /** Whether a file descriptor's target (as /proc shows it: a path, or pipe:[n], socket:[n]) is a terminal. */
    static boolean terminalDevice(String target) {
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    }

    /** The screen width in columns, or 0 when output is not a terminal. */
    static int width() {
        if (!interactive()) {
            return 0;
        }
        String columns = System.getenv("COLUMNS");
        if (columns != null && columns.matches("\\d+")) {
            return Integer.parseInt(columns);
        }
        try {
            Process p = new ProcessBuilder("sh", "-c", "stty size < /dev/tty").redirectErrorStream(true).start();
            if (p.waitFor(500, TimeUnit.MILLISECONDS)) {
                String[] parts = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim()
                        .split("\\s+");
                if (parts.length == 2 && parts[1].matches("\\d+")) {
                    return Integer.parseInt(parts[1]);
                }
            } else {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            return 120;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 120;
    }
}
