package io.trailkeeper.store;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The alerts {@code watch} raised and where each was delivered, kept in the store across restarts: an alert
 * (a rule and the records it matched) is raised once, and an alert a sink has not taken stays pending for
 * that sink until a later attempt, in this run or the next, delivers it.
 *
 * <p>As DESIGN.md asks of long-running commands, every call opens the store only for its own transaction.
 * Calls are serialised per ledger; use one ledger per store in a process. A process that reads the store beside
 * the ledger's calls (a watch's detection) reads it inside {@link #whileNotWriting}.
 */
public final class AlertLedger {
    private final Path path;
    private final EventStore.StoreOptions options;

    /**
     * An alert to raise.
     *
     * @param key          unique per rule and records: the same key is raised once
     * @param recordHashes the record hashes of the events it is about (no commas)
     * @param eventTime    when the (last) event happened, or null
     * @param payload      the alert as JSON, given back by {@link #pending}
     */
    public record NewAlert(String key, String ruleId, List<String> recordHashes, Instant eventTime, String payload) {
        public NewAlert {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(ruleId, "ruleId");
            Objects.requireNonNull(payload, "payload");
            recordHashes = List.copyOf(recordHashes);
        }
    }

    /**
     * Runs {@code reading} while no call of this ledger has the store open, the calls from other threads waiting
     * meanwhile. In one process DuckDB opens a file either for reading or for writing (a connection of the other
     * kind fails with "a different configuration"), so the store can be opened for reading here, which lets other
     * processes ({@code query}) read it at the same time, where a store open for writing locks them out.
     */
    public synchronized <T> T whileNotWriting(java.util.function.Supplier<T> reading) {
        return reading.get();
    }

    /** An alert not yet delivered to a sink, with what the attempts so far ended with. */
    public record PendingAlert(String key, String payload, int attempts, String lastError) {
    }

    public AlertLedger(Path path, EventStore.StoreOptions options) {
        this.path = path;
        this.options = options;
    }

    /**
     * Raises an alert for the given sinks.
     *
     * @return false when an alert with this key was raised before (then nothing changes)
     */
    public boolean raise(NewAlert alert, Collection<String> sinks) {
        return !raise(List.of(alert), sinks).isEmpty();
    }

    /**
     * Raises alerts in one transaction, each pending for every one of the sinks. An alert about several records (a
     * correlation's) that shares a record with one raised before for the same rule is the same incident, not raised
     * again: evaluated from another start (a watch round's look-back sliding past its first event) or with an event
     * that arrived late, the correlation fires on another set of the same events. A correlation fires on a set of
     * events and starts afresh after it, so its alerts in one evaluation never share a record; when alerts of one call
     * do (or share a key), the first in the order given is raised. The call costs about as much for a thousand alerts
     * as for one ({@link StagedAlerts}): raise a batch at a time.
     *
     * @return the keys raised now, in the order given; keys raised before, and such repeats, are left out
     */
    public synchronized List<String> raise(List<NewAlert> alerts, Collection<String> sinks) {
        if (alerts.isEmpty()) {
            return List.of();
        }
        return inTransaction(c -> new StagedAlerts(c).raise(alerts, sinks, Times.toLocal(options.clock().instant())));
    }

    /** The alerts raised for {@code sink} and not yet delivered to it, oldest first. */
    public List<PendingAlert> pending(String sink) {
        return pending(sink, Integer.MAX_VALUE);
    }

    /** The {@code limit} oldest of {@link #pending(String)}. */
    public synchronized List<PendingAlert> pending(String sink, int limit) {
        return inTransaction(c -> {
            List<PendingAlert> out = new ArrayList<>();
            // the oldest found first, their payloads then: joined with every pending one, they took twice as long
            try (PreparedStatement s = c.prepareStatement("WITH oldest AS (SELECT a.alert_key, a.raised_at, d.attempts,"
                    + " d.last_error FROM alert_deliveries d JOIN alerts a USING (alert_key)"
                    + " WHERE d.sink = ? AND d.delivered_at IS NULL ORDER BY a.raised_at, a.alert_key LIMIT ?)"
                    + " SELECT o.alert_key, a.payload::VARCHAR, o.attempts, o.last_error FROM oldest o"
                    + " JOIN alerts a USING (alert_key) ORDER BY o.raised_at, o.alert_key")) {
                s.setString(1, sink);
                s.setLong(2, limit);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new PendingAlert(r.getString(1), r.getString(2), r.getInt(3), r.getString(4)));
                    }
                }
            }
            return out;
        });
    }

    /** Records that {@code sink} took the alert; it is no longer pending for that sink. */
    public void delivered(String key, String sink) {
        delivered(List.of(key), sink);
    }

    /**
     * Records in one transaction that {@code sink} took the alerts; they are no longer pending for that sink. An alert
     * recorded delivered there before is left as it is.
     */
    public synchronized void delivered(List<String> keys, String sink) {
        record(keys, sink, null);
    }

    /** Records a failed attempt to deliver the alert to {@code sink}; it stays pending for that sink. */
    public void failed(String key, String sink, String error) {
        failed(List.of(key), sink, error);
    }

    /** Records in one transaction a failed attempt, with this error, to deliver each of the alerts to {@code sink}. */
    public synchronized void failed(List<String> keys, String sink, String error) {
        record(keys, sink, error == null ? "unknown error" : error);
    }

    /**
     * Counts an attempt for each alert not delivered to the sink yet, delivered when {@code error} is null. A sink the
     * alert was not raised for (added since) gets a row all the same, so that its outcome is remembered.
     */
    private void record(List<String> keys, String sink, String error) {
        if (keys.isEmpty()) {
            return;
        }
        inTransaction(c -> {
            LocalDateTime now = Times.toLocal(options.clock().instant());
            LocalDateTime delivered = error == null ? now : null;
            int staged = stageKeys(c, keys);
            int updated;
            try (PreparedStatement u = c.prepareStatement("UPDATE alert_deliveries d SET attempts = attempts + 1,"
                    + " last_attempt_at = ?, delivered_at = ?, last_error = coalesce(?, last_error)"
                    + " FROM recorded_keys k WHERE d.alert_key = k.alert_key AND d.sink = ? AND d.delivered_at IS NULL")) {
                setTime(u, 1, now);
                setTime(u, 2, delivered);
                u.setString(3, error);
                u.setString(4, sink);
                updated = u.executeUpdate();
            }
            if (updated == staged) {
                return null; // each had its row for the sink (one at most): none to add
            }
            try (PreparedStatement i = c.prepareStatement("INSERT INTO alert_deliveries SELECT k.alert_key, ?, ?, 1,"
                    + " ?, ? FROM recorded_keys k ANTI JOIN (SELECT alert_key FROM alert_deliveries WHERE sink = ?) d"
                    + " USING (alert_key)")) {
                i.setString(1, sink);
                setTime(i, 2, delivered);
                setTime(i, 3, now);
                i.setString(4, error);
                i.setString(5, sink);
                i.executeUpdate();
            }
            return null;
        });
    }

    /** Puts the keys, each once, in the temporary table recorded_keys; returns how many. */
    private static int stageKeys(DuckDBConnection c, List<String> keys) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE OR REPLACE TEMP TABLE recorded_keys (alert_key VARCHAR NOT NULL)");
        }
        LinkedHashSet<String> distinct = new LinkedHashSet<>(keys);
        try (DuckDBAppender a = c.createAppender("temp", "main", "recorded_keys")) {
            for (String key : distinct) {
                a.beginRow();
                a.append(key);
                a.endRow();
            }
        }
        return distinct.size();
    }

    private interface Work<T> {
        T run(DuckDBConnection c) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        try (EventStore store = EventStore.openForWriting(path, options)) {
            DuckDBConnection c = store.connection();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new TrailKeeperException(ErrorCode.STORE_WRITE_FAILED, "writing alerts to the store " + path
                    + " failed: " + EventStore.firstLine(e.getMessage()), "check that the store is writable", e);
        }
    }

    private static void setTime(PreparedStatement s, int index, LocalDateTime time) throws SQLException {
        if (time == null) {
            s.setNull(index, Types.TIMESTAMP);
        } else {
            s.setObject(index, time);
        }
    }
}
