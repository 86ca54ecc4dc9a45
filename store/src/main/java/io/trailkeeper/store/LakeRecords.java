package io.trailkeeper.store;

import static io.trailkeeper.store.StoreSql.execute;
import static io.trailkeeper.store.StoreSql.inTransaction;
import static io.trailkeeper.store.StoreSql.scalar;

import io.trailkeeper.store.StoreSql.SqlWork;
import io.trailkeeper.store.lake.LakeLayout;
import io.trailkeeper.store.lake.LakePartition;
import io.trailkeeper.store.lake.LakeSql;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * What the store records of a lake's partitions as they leave it ({@code lake_pruned}, {@code lake_exports},
 * {@code day_counts}), for {@link PartitionMove}, {@link TotalRetention} and {@link LakeCopies}.
 */
final class LakeRecords {
    private final String lake;
    private final Clock clock;

    LakeRecords(String lake, Clock clock) {
        this.lake = lake;
        this.clock = clock;
    }

    /** The rows of this partition moved to the lake and still read there; null when none are. */
    Long movedRows(Connection c, LakePartition p) throws SQLException {
        return rows(c, "lake_pruned", " AND removed_at IS NULL", p);
    }

    /**
     * This partition's moves to other lakes still read ({@link MovedPartitions#elsewhere}), each with its local file,
     * or why that file cannot be read here.
     */
    List<MovedPartitions.Moved> movedElsewhere(Connection c, LakePartition p) throws SQLException {
        LocalDate day = LocalDate.parse(p.date());
        return MovedPartitions.elsewhere(c, lake, day, day).stream().filter(m -> m.partition().account()
                .equals(p.account()) && m.partition().region().equals(p.region())).toList();
    }

    /** The partition's files in other lakes are no longer read: the file it moved to here holds their rows. */
    void superseded(Connection c, LakePartition p) throws SQLException {
        execute(c, "UPDATE lake_pruned SET removed_at = ? WHERE lake <> ? AND account = ? AND region = ? AND date = ?"
                + " AND removed_at IS NULL", List.of(LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), lake,
                        p.account(), p.region(), p.date()));
    }

    /** The rows of this partition its export to the lake wrote; null when it has no export record. */
    Long exportedRows(Connection c, LakePartition p) throws SQLException {
        return rows(c, "lake_exports", "", p);
    }

    private Long rows(Connection c, String table, String condition, LakePartition p) throws SQLException {
        String rows = scalar(c, "SELECT max(rows) FROM " + table + " WHERE lake = ? AND account = ? AND region = ? AND"
                + " date = ?" + condition, List.of(lake, p.account(), p.region(), p.date()));
        return rows == null ? null : Long.parseLong(rows);
    }

    /**
     * The partition's export record no longer says the lake holds its rows (the file was replaced or restored behind
     * the store's back), so that the next export writes it again instead of finding it unchanged.
     */
    void exportAgain(Connection c, LakePartition p) throws SQLException {
        execute(c, "UPDATE lake_exports SET verified_at = NULL WHERE lake = ? AND account = ? AND region = ? AND"
                + " date = ?", List.of(lake, p.account(), p.region(), p.date()));
    }

    /**
     * The partition moved: the store's readers find it in the lake through {@code kept} (the lake's file, or a remote
     * lake's local copy), which holds {@code rows} rows of this checksum.
     */
    void moved(Connection c, LakePartition p, Path kept, long rows, String checksum) throws SQLException {
        execute(c, "INSERT INTO lake_pruned (lake, account, region, date, path, rows, checksum, pruned_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET path = excluded.path,"
                + " rows = excluded.rows, checksum = excluded.checksum,"
                + " pruned_at = excluded.pruned_at, removed_at = NULL", List.of(lake, p.account(), p.region(),
                        p.date(), kept.toString(), rows, checksum, LocalDateTime.ofInstant(clock.instant(),
                                ZoneOffset.UTC)));
    }

    /**
     * The store stops naming a lake partition: a moved one is marked removed and, by {@code uncount}, its events no
     * longer counted (null: it was only exported, its events are still in the store); its export record goes.
     */
    void forget(Connection c, LakePartition p, SqlWork uncount) throws SQLException {
        inTransaction(c, () -> {
            if (uncount != null) {
                execute(c, "UPDATE lake_pruned SET removed_at = ? WHERE account = ? AND region = ? AND date = ?"
                        + " AND lake = ? AND removed_at IS NULL", List.of(LocalDateTime.ofInstant(clock.instant(),
                                ZoneOffset.UTC), p.account(), p.region(), p.date(), lake));
                uncount.run();
            }
            execute(c, "DELETE FROM lake_exports WHERE account = ? AND region = ? AND date = ? AND lake = ?",
                    List.of(p.account(), p.region(), p.date(), lake));
        });
    }

    /**
     * After a partition moved: day_counts for its region and day set to what the store's readers see there, the
     * store's rows and the moved partitions' rows the store does not hold, each record once. A record ingested again
     * after its day moved is a duplicate (MovedDuplicates) unless its lake file could not be read then; stored again,
     * it would be counted a second time, total retention would subtract it once and coverage would hold the day for
     * ever after its events were deleted. Left
     * as it is, and false returned, when a moved file of that day cannot be read here (its events cannot be counted).
     */
    static boolean recount(Connection c, LakePartition moved) throws SQLException {
        boolean none = LakeLayout.NONE.equals(moved.region());
        String region = "coalesce(nullif(aws_region, ''), '" + LakeLayout.NONE + "') = ?";
        String day = "event_time >= CAST(? AS TIMESTAMP) AND event_time < CAST(? AS TIMESTAMP)";
        LocalDate date = LocalDate.parse(moved.date());
        List<Object> where = List.of(moved.region(), date + " 00:00:00", date.plusDays(1) + " 00:00:00");
        List<String> files = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT path FROM lake_pruned WHERE region = ? AND date = ? AND"
                + " removed_at IS NULL ORDER BY path")) {
            p.setString(1, moved.region());
            p.setString(2, moved.date());
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    files.add(r.getString(1));
                }
            }
        }
        if (files.stream().anyMatch(f -> f.contains("://") || LakeView.damage(Path.of(f)) != null)) {
            return false;
        }
        String columns = "SELECT coalesce(aws_region, '') AS region, CAST(event_time AS DATE) AS day, source_kind,"
                + " coalesce(event_category = 'Data', false) AS data";
        String store = columns + ", CAST(record_hash AS VARCHAR) AS record_hash FROM events WHERE " + region + " AND "
                + day;
        String lake = files.isEmpty() ? "" : " UNION ALL (" + columns + " FROM read_parquet(["
                + String.join(", ", files.stream().map(LakeSql::quote).toList()) + "]) WHERE " + region + " AND " + day
                + " AND record_hash NOT IN (SELECT record_hash FROM tk_recount))";
        execute(c, "CREATE OR REPLACE TEMP TABLE tk_recount AS " + store, where);
        execute(c, "DELETE FROM day_counts WHERE day = CAST(? AS DATE) AND " + (none ? "region IN ('', ?)"
                : "region = ?"), List.of(date.toString(), moved.region()));
        execute(c, "INSERT INTO day_counts SELECT region, day, source_kind, data, count(*) FROM ((SELECT region, day,"
                + " source_kind, data FROM tk_recount)" + lake + ") GROUP BY ALL", files.isEmpty() ? List.of() : where);
        execute(c, "DROP TABLE tk_recount", List.of());
        return true;
    }

    /**
     * day_counts counted a moved partition's events while the lake held them: they are gone now. Only the file's rows
     * of the partition itself count (a file put in the wrong place must not change other days).
     */
    static void uncount(Connection c, Path file, LakePartition partition) throws SQLException {
        execute(c, "INSERT INTO day_counts SELECT coalesce(aws_region, ''), CAST(event_time AS DATE), source_kind,"
                + " coalesce(event_category = 'Data', false), -count(*) FROM read_parquet(?) WHERE " + partition.where()
                + " GROUP BY ALL", List.of(file.toString()));
    }
}
