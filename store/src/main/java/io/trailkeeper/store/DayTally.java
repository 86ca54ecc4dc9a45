package io.trailkeeper.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * Events counted per region, UTC day, source kind and whether they are data events: what the store's
 * {@code day_counts} table holds, so that coverage (and every investigation's warning line) reads a few thousand
 * counts instead of grouping every event. Rows are appended in the transaction that inserts the events they
 * count, so the counts and the events commit or roll back together; readers sum the rows of a key.
 */
final class DayTally {
    /** A count's key; day is the UTC epoch day, or {@link Long#MIN_VALUE} for events without a readable time. */
    record Key(String region, long day, String sourceKind, boolean data) {
    }

    static final long NO_DAY = Long.MIN_VALUE;
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private final Map<Key, Long> counts = new HashMap<>();

    /** The key of an event: its region (empty when none), the day of its time (micros since the epoch, or null). */
    static Key key(String region, Long eventMicros, String sourceKind, String category) {
        long day = eventMicros == null ? NO_DAY : Math.floorDiv(eventMicros, MICROS_PER_DAY);
        return new Key(region == null ? "" : region, day, sourceKind, "Data".equals(category));
    }

    void add(Key key, long n) {
        counts.merge(key, n, Long::sum);
    }

    long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Appends the counts to day_counts on the connection, in its current transaction. */
    void write(Connection connection) throws SQLException {
        if (counts.isEmpty()) {
            return;
        }
        try (PreparedStatement p = connection.prepareStatement("INSERT INTO day_counts VALUES (?, CAST(? AS DATE),"
                + " ?, ?, ?)")) {
            for (Map.Entry<Key, Long> e : counts.entrySet()) {
                Key k = e.getKey();
                p.setString(1, k.region());
                // as text: a DATE through JDBC would pass through the JVM's time zone
                p.setString(2, k.day() == NO_DAY ? null : LocalDate.ofEpochDay(k.day()).toString());
                p.setString(3, k.sourceKind());
                p.setBoolean(4, k.data());
                p.setLong(5, e.getValue());
                p.addBatch();
            }
            p.executeBatch();
        }
    }
}
