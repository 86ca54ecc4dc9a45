package io.trailkeeper.store;

import io.trailkeeper.store.lake.LakeLayout;
import io.trailkeeper.store.lake.LakeSql;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which records of a batch a partition that {@code prune} moved to the lake holds already, for {@link
 * StoredDuplicates}: such a record is no longer in the store's table, and a file read again (an evidence folder
 * ingested again, an S3 object listed again) must not store it a second time. The moved partitions are read from
 * {@code lake_pruned} once, when the writer opens (nothing else moves partitions while a writer is open); a batch is
 * looked up in the lake only when its time range touches a moved day, and then in that day's files only. A file
 * that cannot be read (missing, damaged, not local; looked at once, the first time a batch touches its day) answers
 * nothing: its records are stored again rather than lost, and the store's readers show the store's copy.
 */
final class MovedDuplicates {
    private static final long DAY_MICROS = 86_400_000_000L;

    /** A moved partition's day, [from, to) in epoch microseconds ({@code timeless}: the day of no time), and file. */
    private record Moved(long from, long to, boolean timeless, String path) {
    }

    private final List<Moved> moved;
    /** Whether a moved file is local and has a Parquet footer, by path, found the first time a batch touches it. */
    private final Map<String, Boolean> readable = new HashMap<>();

    private MovedDuplicates(List<Moved> moved) {
        this.moved = moved;
    }

    /** The partitions the store has moved to a lake and still reads there (none in a store never pruned). */
    static MovedDuplicates load(Statement s) throws SQLException {
        List<Moved> moved = new ArrayList<>();
        try (ResultSet t = s.executeQuery("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'lake_pruned'"
                + " AND database_name = current_database()")) {
            if (!t.next() || t.getLong(1) == 0) {
                return new MovedDuplicates(moved);
            }
        }
        try (ResultSet r = s.executeQuery("SELECT date, path FROM lake_pruned WHERE removed_at IS NULL")) {
            while (r.next()) {
                String date = r.getString(1);
                String path = r.getString(2);
                if (LakeLayout.NONE.equals(date)) {
                    moved.add(new Moved(0, 0, true, path));
                } else {
                    long from = LocalDate.parse(date).atStartOfDay().toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
                    moved.add(new Moved(from, from + DAY_MICROS, false, path));
                }
            }
        }
        return new MovedDuplicates(moved);
    }

    /** Whether the batch's time range touches a moved partition's day (false at once in a store never pruned). */
    boolean overlaps(IngestBatch b) {
        return !moved.isEmpty() && !touched(b).isEmpty();
    }

    /**
     * Adds to {@code found} the hashes of the batch's records (those in {@code batch_keys}, a temporary table of
     * {@code connection}) that the moved partitions of its time range hold, reading the files that can be read.
     */
    void find(Connection connection, IngestBatch b, HashSet128 found) throws SQLException {
        List<String> files = new ArrayList<>();
        for (Moved m : touched(b)) {
            if (readable.computeIfAbsent(m.path(), f -> !f.contains("://") && LakeView.damage(Path.of(f)) == null)) {
                files.add(m.path());
            }
        }
        if (files.isEmpty()) {
            return;
        }
        try {
            read(connection, b, files, found);
        } catch (SQLException together) {
            // one of them is damaged past its footer: each file alone, the damaged one answering nothing
            for (String f : files) {
                try {
                    read(connection, b, List.of(f), found);
                } catch (SQLException alone) {
                    // its records are stored again, not lost; the store's readers show the store's copy
                }
            }
        }
    }

    private static void read(Connection connection, IngestBatch b, List<String> files, HashSet128 found)
            throws SQLException {
        String list = "[" + String.join(", ", files.stream().map(LakeSql::quote).toList()) + "]";
        StoredDuplicates.held(connection, "CAST(record_hash AS UUID)", "read_parquet(" + list + ")", b, found);
    }

    /** The moved partitions whose day the batch's records may fall on. */
    private List<Moved> touched(IngestBatch b) {
        List<Moved> files = new ArrayList<>();
        long first = b.minTime == null ? 0 : Times.epochMicros(b.minTime);
        long last = b.maxTime == null ? 0 : Times.epochMicros(b.maxTime);
        for (Moved m : moved) {
            boolean touched = m.timeless() ? b.nullTime : b.minTime != null && m.from() <= last && first < m.to();
            if (touched) {
                files.add(m);
            }
        }
        return files;
    }
}
