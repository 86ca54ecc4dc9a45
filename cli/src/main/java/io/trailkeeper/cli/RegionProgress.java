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

    /**
     * A region's state once its history was read: "done", or the first part of it not read, which need not end the
     * region (a refused day is skipped and the older days are still read): "not all read: denied 2026-11-15..16".
     */
    static String finished(io.trailkeeper.events.Coverage first) {
        if (first == null || first.complete()) {
            return "done";
        }
        if (first.from() == null || first.to() == null) {
            return "not all read: " + first.status().label() + " (the summary lists every part)";
        }
        java.time.LocalDate from = java.time.LocalDate.ofInstant(first.from(), java.time.ZoneOffset.UTC);
        java.time.LocalDate to = java.time.LocalDate.ofInstant(first.to().minusNanos(1), java.time.ZoneOffset.UTC);
        return "not all read: " + first.status().label() + " " + from + (to.isAfter(from) ? ".." + to : "")
                + " (the summary lists every part)";
    }

    synchronized void update(String region, long events, long requests, long throttled, String state) {
        if (!enabled) {
            return;
        }
        lines.put(region, String.format(Locale.ROOT, "  %-16s %10s events  %,7d requests  %,5d throttled  %s",
                region, String.format(Locale.ROOT, "%,d", events), requests, throttled, state));
        long now = System.nanoTime();
        if (now - lastDraw >= 250_000_000L || state.startsWith("done") || state.startsWith("not all read")) {
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
