package io.trailkeeper.store;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import io.trailkeeper.store.lake.LakePartition;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The partitions {@code prune} moved out of the store to a lake other than a given one: the store's readers still
 * read them (the events view), so an export of the store to that other lake must carry them, from the local file the
 * view reads (the lake's file, or a remote lake's kept copy). Kept here because {@code lake_pruned} and
 * {@link LakeView#damage} are the store's.
 */
public final class MovedPartitions {
    /** How {@link #readInLake}'s note starts. */
    public static final String READ_IN_LAKE = "read from the store and the lake: ";

    /**
     * A moved partition: its values with the rows and checksum moved ({@link LakePartition#checksum}), the lake it
     * was moved to, the local file the store's readers read, and why that file cannot be read (null when it can).
     */
    public record Moved(LakePartition partition, String lake, Path file, String damage) {
    }

    private MovedPartitions() {
    }

    /** The partitions of UTC days {@code since..until} (inclusive; null: unbounded) moved to other lakes than this. */
    public static List<Moved> elsewhere(Connection c, String lake, LocalDate since, LocalDate until)
            throws SQLException {
        return moved(c, "<>", lake, since, until);
    }

    /** The partitions moved to {@code lake} whose events the store's readers read there. */
    public static List<Moved> in(Connection c, String lake) throws SQLException {
        return moved(c, "=", lake, null, null);
    }

    /**
     * The events of the partitions prune moved out of the store and has not deleted since (the rows it moved): the
     * store's readers read them in the lake, so a count of the store's own rows alone leaves them out. 0 when nothing
     * was ever moved.
     */
    public static long events(EventStore store) {
        Connection c = store.connection();
        try {
            if ("0".equals(StoreSql.scalar(c, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'lake_pruned'"
                    + " AND database_name = current_database()", List.of()))) {
                return 0;
            }
            return Long.parseLong(StoreSql.scalar(c, "SELECT coalesce(sum(rows), 0) FROM lake_pruned"
                    + " WHERE removed_at IS NULL", List.of()));
        } catch (SQLException e) {
            throw new TrailKeeperException(ErrorCode.STORE_UNREADABLE, "reading the store " + store.path()
                    + "'s moved partitions failed: " + EventStore.firstLine(e.getMessage()), null, e);
        }
    }

    /**
     * For an answer over [since, until] (nulls: unbounded): which of its days the store's readers read in the lake,
     * as a note (the partitions prune moved there, their events and days, the lake); null when the window holds no
     * moved day. A responder past the hot window is told the answer is not the store's hot days alone.
     */
    public static String readInLake(EventStore store, java.time.Instant since, java.time.Instant until) {
        List<Moved> moved;
        try {
            if (events(store) == 0) {
                return null;
            }
            moved = moved(store.connection(), "<>", "", day(since), day(until)); // every lake: none is named ''

        } catch (SQLException e) {
            throw new TrailKeeperException(ErrorCode.STORE_UNREADABLE, "reading the store " + store.path()
                    + "'s moved partitions failed: " + EventStore.firstLine(e.getMessage()), null, e);
        }
        List<Moved> read = moved.stream().filter(m -> m.file() != null).toList();
        if (read.isEmpty()) {
            return null;
        }
        long events = read.stream().mapToLong(m -> m.partition().rows()).sum();
        java.util.TreeSet<String> lakes = new java.util.TreeSet<>(read.stream().map(Moved::lake).toList());
        String first = read.get(0).partition().date();
        String last = read.get(read.size() - 1).partition().date();
        return String.format(java.util.Locale.ROOT, READ_IN_LAKE + "%,d %s prune moved (%,d %s of"
                + " %s, in %s) answered with the store's own", read.size(), read.size() == 1 ? "partition"
                : "partitions", events, events == 1 ? "event" : "events", first.equals(last) ? first : first + ".."
                + last, String.join(", ", lakes));
    }

    private static LocalDate day(java.time.Instant t) {
        return t == null ? null : t.atZone(java.time.ZoneOffset.UTC).toLocalDate();
    }

    private static List<Moved> moved(Connection c, String operator, String lake, LocalDate since, LocalDate until)
            throws SQLException {
        List<Moved> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT lake, account, region, date, path, rows, checksum FROM"
                + " lake_pruned WHERE removed_at IS NULL AND lake " + operator + " ? AND date >= ? AND date <= ?"
                + " ORDER BY date, account, region, lake")) {
            p.setString(1, lake);
            // dates as text compare as days (YYYY-MM-DD); a moved partition always has one
            p.setString(2, since == null ? "0000-01-01" : since.toString());
            p.setString(3, until == null ? "9999-12-31" : until.toString());
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    String path = r.getString(5);
                    String damage = path.contains("://") ? "not a local file" : LakeView.damage(Path.of(path));
                    out.add(new Moved(new LakePartition(r.getString(2), r.getString(3), r.getString(4), r.getLong(6),
                            r.getString(7)), r.getString(1), damage == null ? Path.of(path) : null,
                            damage == null ? null : path + ": " + damage));
                }
            }
        }
        return out;
    }
}
