package io.trailkeeper.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * One call of {@link AlertLedger#raise(List, Collection)}, set-based: the alerts go into a temporary table through an
 * appender, the ones raised before are found with two joins against the stored alerts (on the key; for a correlation's,
 * on the rule and one of its records), and the rest are inserted with {@code INSERT ... SELECT}, with their deliveries.
 * A statement per alert cost 1.4 ms an alert, and a lookup that scanned the alerts table for each.
 *
 * <p>Within the call the order given decides, which only a pass in order can tell: of two alerts with one key, or two
 * correlation alerts of one rule sharing a record, the first one raised wins; this pass is over the call's alerts in
 * memory, after the store has been asked about all of them at once.
 */
final class StagedAlerts {
    /** Made anew for each call: the connection is the call's own, but a table of a failed call is not kept. */
    private static final String STAGE = "CREATE OR REPLACE TEMP TABLE staged_alerts (pos INTEGER NOT NULL,"
            + " alert_key VARCHAR NOT NULL, rule_id VARCHAR NOT NULL, hashes VARCHAR NOT NULL, records INTEGER NOT NULL,"
            + " event_time TIMESTAMP, payload VARCHAR NOT NULL)";
    private static final String CHOSEN = "CREATE OR REPLACE TEMP TABLE chosen_alerts (pos INTEGER NOT NULL)";
    /** The staged alerts whose key was raised before. */
    private static final String SAME_KEY = "SELECT s.pos FROM staged_alerts s JOIN alerts a USING (alert_key)";
    /** The staged correlations' alerts sharing a record with a correlation's alert of their rule raised before. */
    private static final String SAME_INCIDENT = "SELECT DISTINCT s.pos FROM (SELECT pos, rule_id,"
            + " unnest(string_split(hashes, ',')) AS h FROM staged_alerts WHERE records > 1) s"
            + " JOIN (SELECT rule_id, unnest(record_hashes) AS h FROM alerts WHERE len(record_hashes) > 1"
            + " AND rule_id IN (SELECT rule_id FROM staged_alerts WHERE records > 1)) a USING (rule_id, h)";
    private static final String INSERT = "INSERT INTO alerts SELECT alert_key, rule_id,"
            + " CASE WHEN hashes = '' THEN []::VARCHAR[] ELSE string_split(hashes, ',') END, event_time, ?, payload"
            + " FROM staged_alerts JOIN chosen_alerts USING (pos) ORDER BY pos";
    private static final String PENDING = "INSERT INTO alert_deliveries SELECT alert_key, ?, NULL, 0, NULL, NULL"
            + " FROM staged_alerts JOIN chosen_alerts USING (pos) ORDER BY pos";

    private final DuckDBConnection connection;

    StagedAlerts(DuckDBConnection connection) {
        this.connection = connection;
    }

    /** Raises the alerts not raised before, each pending for every sink; returns their keys, in the order given. */
    List<String> raise(List<AlertLedger.NewAlert> alerts, Collection<String> sinks, LocalDateTime now)
            throws SQLException {
        stage(alerts);
        Set<Integer> before = positions(SAME_KEY);
        if (alerts.stream().anyMatch(a -> a.recordHashes().size() > 1)) {
            before.addAll(positions(SAME_INCIDENT));
        }
        List<Integer> chosen = firstOfEach(alerts, before);
        if (!chosen.isEmpty()) {
            insert(chosen, sinks, now);
        }
        return chosen.stream().map(i -> alerts.get(i).key()).toList();
    }

    private void stage(List<AlertLedger.NewAlert> alerts) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(STAGE);
        }
        try (DuckDBAppender a = connection.createAppender("temp", "main", "staged_alerts")) {
            for (int i = 0; i < alerts.size(); i++) {
                AlertLedger.NewAlert alert = alerts.get(i);
                a.beginRow();
                a.append(i);
                a.append(alert.key());
                a.append(alert.ruleId());
                a.append(String.join(",", alert.recordHashes()));
                a.append(alert.recordHashes().size());
                LocalDateTime time = Times.toLocal(alert.eventTime());
                if (time == null) {
                    a.appendNull();
                } else {
                    a.append(time);
                }
                a.append(alert.payload());
                a.endRow();
            }
        }
    }

    private Set<Integer> positions(String query) throws SQLException {
        Set<Integer> out = new HashSet<>();
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(query)) {
            while (r.next()) {
                out.add(r.getInt(1));
            }
        }
        return out;
    }

    /**
     * The positions of the alerts to raise, in order: not raised before, not a key raised earlier in the call, not a
     * correlation's alert sharing a record with one of its rule raised earlier in the call.
     */
    private static List<Integer> firstOfEach(List<AlertLedger.NewAlert> alerts, Set<Integer> before) {
        List<Integer> chosen = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        Map<String, Set<String>> correlated = new HashMap<>();
        for (int i = 0; i < alerts.size(); i++) {
            AlertLedger.NewAlert a = alerts.get(i);
            if (before.contains(i) || keys.contains(a.key()) || repeats(correlated, a)) {
                continue;
            }
            keys.add(a.key());
            chosen.add(i);
        }
        return chosen;
    }

    /** Whether a correlation alert shares a record with one of its rule chosen earlier; if not, remembers its records. */
    private static boolean repeats(Map<String, Set<String>> correlated, AlertLedger.NewAlert a) {
        if (a.recordHashes().size() < 2) {
            return false;
        }
        Set<String> seen = correlated.computeIfAbsent(a.ruleId(), r -> new HashSet<>());
        if (a.recordHashes().stream().anyMatch(seen::contains)) {
            return true;
        }
        seen.addAll(a.recordHashes());
        return false;
    }

    private void insert(List<Integer> chosen, Collection<String> sinks, LocalDateTime now) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(CHOSEN);
        }
        try (DuckDBAppender a = connection.createAppender("temp", "main", "chosen_alerts")) {
            for (int i : chosen) {
                a.beginRow();
                a.append(i);
                a.endRow();
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setObject(1, now);
            insert.executeUpdate();
        }
        try (PreparedStatement pending = connection.prepareStatement(PENDING)) {
            for (String sink : sinks) {
                pending.setString(1, sink);
                pending.executeUpdate();
            }
        }
    }
}
