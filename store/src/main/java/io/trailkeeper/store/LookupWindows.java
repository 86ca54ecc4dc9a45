package io.trailkeeper.store;

import io.trailkeeper.events.CollectSink.TimeWindow;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The event-history windows collectors have read completely ({@code lookup_windows}): keyed by account, region
 * and category, merged when they overlap or touch, compacted to one row per contiguous window.
 */
final class LookupWindows {
    private LookupWindows() {
    }

    /** The map key of an account's region and category. */
    static String key(String account, String region, String category) {
        return account + "\u0000" + region + "\u0000" + category;
    }

    /** Sorted, with overlapping and adjacent (one second apart) windows joined. */
    static List<TimeWindow> merge(List<TimeWindow> in) {
        List<TimeWindow> sorted = new ArrayList<>(in);
        sorted.sort(Comparator.comparing(TimeWindow::from));
        List<TimeWindow> out = new ArrayList<>();
        for (TimeWindow w : sorted) {
            if (!out.isEmpty()) {
                TimeWindow last = out.get(out.size() - 1);
                if (!w.from().isAfter(last.to().plusSeconds(1))) {
                    if (w.to().isAfter(last.to())) {
                        out.set(out.size() - 1, new TimeWindow(last.from(), w.to()));
                    }
                    continue;
                }
            }
            out.add(w);
        }
        return out;
    }

    static Map<String, List<TimeWindow>> read(EventStore store) throws SQLException {
        Map<String, List<TimeWindow>> out = new HashMap<>();
        try (Statement s = store.connection().createStatement();
             ResultSet r = s.executeQuery("SELECT account, region, category, window_from, window_to"
                     + " FROM lookup_windows")) {
            while (r.next()) {
                Instant from = Times.fromLocal(r.getObject(4, LocalDateTime.class));
                Instant to = Times.fromLocal(r.getObject(5, LocalDateTime.class));
                out.computeIfAbsent(key(r.getString(1), r.getString(2), r.getString(3)),
                        k -> new ArrayList<>()).add(new TimeWindow(from, to));
            }
        }
        return out;
    }

    /** Replaces the run's page-by-page windows by their union: one row per contiguous window. */
    static void compact(EventStore store, long runId) throws SQLException {
        var c = store.connection();
        StoreSql.inTransaction(c, () -> {
            Map<String, List<TimeWindow>> all = read(store);
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM lookup_windows");
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO lookup_windows VALUES (?, ?, ?, ?, ?, ?)")) {
                for (Map.Entry<String, List<TimeWindow>> e : all.entrySet()) {
                    String[] key = e.getKey().split("\u0000", -1);
                    for (TimeWindow w : merge(e.getValue())) {
                        p.setString(1, key[0]);
                        p.setString(2, key[1]);
                        p.setString(3, key[2]);
                        p.setObject(4, Times.toLocal(w.from()));
                        p.setObject(5, Times.toLocal(w.to()));
                        p.setLong(6, runId);
                        p.executeUpdate();
                    }
                }
            }
        });
    }
}
