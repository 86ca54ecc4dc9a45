package io.trailkeeper.cli;

import io.trailkeeper.events.Coverage;
import io.trailkeeper.events.Table;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Prints what a collector could and could not see, one row per window. */
final class CoverageOutput {
    private CoverageOutput() {
    }

    /**
     * The counts are the region's, of the whole run: they go on one row of it, its first complete window's (else its
     * first), and the others are blank. On every row, a window older than the event history that was never asked
     * for (truncated) read as if it had fetched the region's 546 events in 11 requests too.
     */
    static Table table(List<Coverage> coverage, java.util.Map<String, long[]> countsByRegion) {
        java.util.Map<String, Coverage> counted = new java.util.HashMap<>();
        for (Coverage c : coverage) {
            if (c.region() != null && (!counted.containsKey(c.region()) || c.complete()
                    && !counted.get(c.region()).complete())) {
                counted.put(c.region(), c);
            }
        }
        List<List<Object>> rows = new ArrayList<>();
        for (Coverage c : coverage) {
            List<Object> row = new ArrayList<>();
            row.add(c.region() == null ? "" : c.region());
            row.add(c.status().label());
            row.add(c.from());
            row.add(c.to());
            long[] n = c.region() == null || counted.get(c.region()) != c ? null : countsByRegion.get(c.region());
            row.add(n == null ? null : n[0]);
            row.add(n == null ? null : n[1]);
            row.add(n == null ? null : n[2]);
            row.add(c.complete() ? c.scope() : c.reason());
            rows.add(row);
        }
        return new Table("coverage", List.of("region", "status", "from", "to", "events", "requests", "throttled",
                "scope or reason"), rows);
    }

    /** "FROM .. TO ", or the end that is known (a folder that was never found has no start), or nothing. */
    static String window(Coverage c) {
        if (c.from() == null && c.to() == null) {
            return "";
        }
        if (c.from() == null) {
            return "up to " + c.to() + " ";
        }
        return c.from() + " .. " + (c.to() == null ? "" : c.to() + " ");
    }

    /**
     * A line per window that is not complete, so that a gap is never only a table cell; the regions not enabled in one
     * line (every account has opt-in regions it never enabled: a line each was 17 lines of every collection).
     */
    static void warnings(PrintWriter err, List<Coverage> coverage) {
        List<String> notEnabled = new ArrayList<>();
        for (Coverage c : coverage) {
            if (c.status() == Coverage.Status.NOT_ENABLED && c.region() != null) {
                notEnabled.add(c.region());
            } else if (!c.complete()) {
                err.println("coverage gap: " + c.scope() + " " + window(c) + c.status().label() + ": " + c.reason());
            }
        }
        if (!notEnabled.isEmpty()) {
            err.println("note: " + (notEnabled.size() == 1 ? "1 region is" : notEnabled.size() + " regions are")
                    + " not enabled for the account now (opt-in), so " + (notEnabled.size() == 1 ? "its" : "their")
                    + " event history cannot be read: " + String.join(", ", notEnabled) + "; nothing is recorded in a"
                    + " region while it is off, and `trailkeeper coverage` tells one that was on in the window"
                    + " (EnableRegion, DisableRegion)");
        }
    }
}
