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
