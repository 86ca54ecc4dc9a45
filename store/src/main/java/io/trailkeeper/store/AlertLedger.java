package io.trailkeeper.store;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

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
     * events and starts afresh after it, so its alerts in one evaluation never share a record.
     *
     * @return the keys raised now, in the order given; keys raised before, and such repeats, are left out
     */
    public synchronized List<String> raise(List<NewAlert> alerts, Collection<String> sinks) {
        return inTransaction(c -> {
            List<String> raised = new ArrayList<>();
            java.util.Map<String, java.util.Set<String>> correlated = new java.util.HashMap<>();
            LocalDateTime now = Times.toLocal(options.clock().instant());
            try (PreparedStatement exists = c.prepareStatement("SELECT count(*) FROM alerts WHERE alert_key = ?"
                         + " OR ? AND rule_id = ? AND len(record_hashes) > 1"
                         + " AND list_has_any(record_hashes, string_split(?, ','))");
                 PreparedStatement insert = c.prepareStatement("INSERT INTO alerts VALUES"
                         + " (?, ?, CASE WHEN ? = '' THEN []::VARCHAR[] ELSE string_split(?, ',') END, ?, ?, ?)");
                 PreparedStatement delivery = c.prepareStatement(
                         "INSERT INTO alert_deliveries VALUES (?, ?, NULL, 0, NULL, NULL)")) {
                for (NewAlert a : alerts) {
                    String hashes = String.join(",", a.recordHashes());
                    if (raisedBefore(exists, a, hashes) || raised.contains(a.key())
                            || repeats(correlated, a)) {
                        continue;
                    }
                    insert.setString(1, a.key());
                    insert.setString(2, a.ruleId());
                    insert.setString(3, hashes);
                    insert.setString(4, hashes);
                    setTime(insert, 5, Times.toLocal(a.eventTime()));
                    setTime(insert, 6, now);
                    insert.setString(7, a.payload());
                    insert.executeUpdate();
                    for (String sink : sinks) {
                        delivery.setString(1, a.key());
                        delivery.setString(2, sink);
                        delivery.executeUpdate();
                    }
                    raised.add(a.key());
                }
            }
            return raised;
        });
    }

    /** Whether the alert's key, or for a correlation one of its records under the same rule, was raised before. */
    private static boolean raisedBefore(PreparedStatement exists, NewAlert a, String hashes) throws SQLException {
        exists.setString(1, a.key());
        exists.setBoolean(2, a.recordHashes().size() > 1);
        exists.setString(3, a.ruleId());
        exists.setString(4, hashes);
        try (ResultSet r = exists.executeQuery()) {
            r.next();
            return r.getLong(1) > 0;
        }
    }

    /** Whether a correlation alert shares a record with one of its rule raised earlier in the same call. */
    private static boolean repeats(java.util.Map<String, java.util.Set<String>> correlated, NewAlert a) {
        if (a.recordHashes().size() < 2) {
            return false;
        }
        java.util.Set<String> seen = correlated.computeIfAbsent(a.ruleId(), r -> new java.util.HashSet<>());
        if (a.recordHashes().stream().anyMatch(seen::contains)) {
            return true;
        }
        seen.addAll(a.recordHashes());
        return false;
    }

    /** The alerts raised for {@code sink} and not yet delivered to it, oldest first. */
    public List<PendingAlert> pending(String sink) {
        return pending(sink, Integer.MAX_VALUE);
    }

    /** The {@code limit} oldest of {@link #pending(String)}. */
    public synchronized List<PendingAlert> pending(String sink, int limit) {
        return inTransaction(c -> {
            List<PendingAlert> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT a.alert_key, a.payload::VARCHAR, d.attempts,"
                    + " d.last_error FROM alert_deliveries d JOIN alerts a USING (alert_key)"
                    + " WHERE d.sink = ? AND d.delivered_at IS NULL ORDER BY a.raised_at, a.alert_key LIMIT ?")) {
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
    public synchronized void delivered(String key, String sink) {
        record(key, sink, null);
    }

    /** Records a failed attempt to deliver the alert to {@code sink}; it stays pending for that sink. */
    public synchronized void failed(String key, String sink, String error) {
        record(key, sink, error == null ? "unknown error" : error);
    }

    private void record(String key, String sink, String error) {
        inTransaction(c -> {
            LocalDateTime now = Times.toLocal(options.clock().instant());
            boolean delivered = error == null;
            int updated;
            try (PreparedStatement u = c.prepareStatement("UPDATE alert_deliveries SET attempts = attempts + 1,"
                    + " last_attempt_at = ?, delivered_at = ?, last_error = coalesce(?, last_error)"
                    + " WHERE alert_key = ? AND sink = ? AND delivered_at IS NULL")) {
                setTime(u, 1, now);
                setTime(u, 2, delivered ? now : null);
                u.setString(3, error);
                u.setString(4, key);
                u.setString(5, sink);
                updated = u.executeUpdate();
            }
            if (updated == 0 && !alreadyDelivered(c, key, sink)) {
                // a sink the alert was not raised for (added since): remember the outcome all the same
                try (PreparedStatement i = c.prepareStatement("INSERT INTO alert_deliveries VALUES (?, ?, ?, 1, ?, ?)")) {
                    i.setString(1, key);
                    i.setString(2, sink);
                    setTime(i, 3, delivered ? now : null);
                    setTime(i, 4, now);
                    i.setString(5, error);
                    i.executeUpdate();
                }
            }
            return null;
        });
    }

    private static boolean alreadyDelivered(Connection c, String key, String sink) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM alert_deliveries"
                + " WHERE alert_key = ? AND sink = ?")) {
            s.setString(1, key);
            s.setString(2, sink);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1) > 0;
            }
        }
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        try (EventStore store = EventStore.openForWriting(path, options)) {
            Connection c = store.connection();
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
