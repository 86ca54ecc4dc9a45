package io.trailkeeper.cli;

import java.io.PrintWriter;
import java.util.Locale;

/** A one-line progress bar on the error stream, drawn only when it is a terminal. */
final class Progress {
    private final PrintWriter err;
    private final boolean enabled;
    private long files;
    private long bytes;
    private long started;
    private long lastDraw;
    private boolean drawn;

    Progress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    void start(long totalFiles, long totalBytes) {
        files = totalFiles;
        bytes = totalBytes;
        started = System.nanoTime();
    }

    /** Moves the end of the bar (a listing still growing) without restarting the clock. */
    void total(long totalFiles, long totalBytes) {
        files = totalFiles;
        bytes = totalBytes;
    }

    void update(long filesDone, long bytesDone, long records) {
        if (due()) {
            double fraction = bytes > 0 ? Math.min(1.0, (double) bytesDone / bytes)
                    : files > 0 ? (double) filesDone / files : 0;
            draw(fraction, String.format(Locale.ROOT, "%,d/%,d files  %,d records  %,.0f/s ", filesDone, files,
                    records, records / seconds()));
        }
    }

    /**
     * For a pass over stored events rather than files ({@code detect}): the bar and the events read of the {@code
     * start}ed total, with their rate.
     */
    void events(long eventsDone) {
        if (due()) {
            double fraction = bytes > 0 ? Math.min(1.0, (double) eventsDone / bytes) : 0;
            draw(fraction, String.format(Locale.ROOT, "%,d/%,d events  %,.0f/s ", eventsDone, bytes,
                    eventsDone / seconds()));
        }
    }

    /** Whether to draw now: on a terminal, at most every 200 ms (called per event, so nothing else before it). */
    private boolean due() {
        if (!enabled) {
            return false;
        }
        long now = System.nanoTime();
        if (now - lastDraw < 200_000_000L) {
            return false;
        }
        lastDraw = now;
        return true;
    }

    private double seconds() {
        return Math.max(1e-3, (lastDraw - started) / 1e9);
    }

    /** The bar at {@code fraction}, then {@code counts}. */
    private void draw(double fraction, String counts) {
        int width = 30;
        int filled = (int) Math.round(fraction * width);
        err.print(String.format(Locale.ROOT, "\r[%s%s] %3.0f%%  ", "=".repeat(filled), " ".repeat(width - filled),
                fraction * 100) + counts);
        err.flush();
        drawn = true;
    }

    void clear() {
        if (drawn) {
            err.print("\r" + " ".repeat(100) + "\r");
            err.flush();
            drawn = false;
        }
    }
}
