package io.trailkeeper.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Progress per region on the error stream when it is a terminal: one line per region (events so far,
 * requests, throttled answers), redrawn in place a few times a second.
 */
final class RegionProgress {
    private final PrintWriter err;
    private final boolean enabled;
    private final Map<String, String> lines = new TreeMap<>();
    private int drawnLines;
    private long lastDraw;

    RegionProgress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    synchronized void update(String region, long events, long requests, long throttled, String state) {
        if (!enabled) {
            return;
        }
        lines.put(region, String.format(Locale.ROOT, "  %-16s %10s events  %,7d requests  %,5d throttled  %s",
                region, String.format(Locale.ROOT, "%,d", events), requests, throttled, state));
        long now = System.nanoTime();
        if (now - lastDraw >= 250_000_000L || state.startsWith("done") || state.startsWith("stopped")) {
            lastDraw = now;
            draw();
        }
    }

    private void draw() {
        StringBuilder b = new StringBuilder();
        if (drawnLines > 0) {
            b.append("\u001b[").append(drawnLines).append('F');
        }
        for (String line : lines.values()) {
            b.append("\u001b[2K").append(line).append('\n');
        }
        drawnLines = lines.size();
        err.print(b);
        err.flush();
    }

    /** Leaves the last state on the screen (the per-region figures are worth keeping). */
    synchronized void finish() {
        if (enabled && !lines.isEmpty()) {
            draw();
        }
    }
}
