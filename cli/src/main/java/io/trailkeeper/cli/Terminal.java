package io.trailkeeper.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** What the command line knows of the screen it writes to. */
final class Terminal {
    private Terminal() {
    }

    /** True when standard input and output are a terminal (not a pipe or a file). */
    static boolean interactive() {
        return System.console() != null;
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
