package io.trailkeeper.store;

import static io.trailkeeper.store.StoreSql.scalar;

import io.trailkeeper.store.Prune.Action;
import io.trailkeeper.store.Prune.Step;
import io.trailkeeper.store.lake.LakeLayout;
import io.trailkeeper.store.lake.LakePartition;
import io.trailkeeper.store.lake.LakeSql;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Whether the lake's file of a partition older than the hot window lets it leave the store: on its first move the
 * file must hold exactly the store's rows (row count and {@link LakeLayout#CHECKSUM_SQL checksum}); after earlier
 * moves, the store's rows that arrived since (by record hash) and at least as many rows as were moved before.
 * Otherwise the partition stays, with the reason, and is marked for the next export.
 */
final class LakeFileCheck {
    /** What the check found: the step (MOVE, or KEEP and why), and for a move the file's checksum and rows. */
    record Verdict(Step step, String checksum, long lakeRows, boolean supersedes) {
        Verdict(Step step, String checksum, long lakeRows) {
            this(step, checksum, lakeRows, false);
        }

        boolean moves() {
            return step.action() == Action.MOVE;
        }
    }

    private final String lake;
    private final LakeRecords records;

    LakeFileCheck(String lake, LakeRecords records) {
        this.lake = lake;
        this.records = records;
    }

    /** The checksum:rows of a lake file (the checksum ends with the row count: LakeLayout.CHECKSUM_SQL). */
    static String checksum(Connection c, Path file) throws SQLException {
        return scalar(c, "SELECT " + LakeLayout.CHECKSUM_SQL + " FROM read_parquet(?)", List.of(file.toString()));
    }

    /** Checks {@code file}, a local file with what the lake holds for the partition; a dry run changes nothing. */
    Verdict check(Connection c, LakePartition partition, Path file, boolean act) throws SQLException {
        String named = lake + "/" + partition.file();
        String inStore = scalar(c, "SELECT " + LakeLayout.CHECKSUM_SQL + " FROM (" + storeRows(partition) + ")",
                List.of());
        String inLake;
        try {
            inLake = checksum(c, file);
        } catch (SQLException e) {
            // not a lake file (someone else's, damaged): the next export writes the partition, or names the file
            return exportAgain(c, partition, act, "the lake's file " + named + " cannot be read as a lake file: "
                    + EventStore.firstLine(e.getMessage()));
        }
        long lakeRows = Long.parseLong(inLake.substring(inLake.lastIndexOf(':') + 1));
        Long movedBefore = records.movedRows(c, partition);
        if (movedBefore == null || movedBefore == 0) {
            // the first move of the partition: the file holds exactly the store's rows
            if (!inStore.equals(inLake)) {
                List<MovedPartitions.Moved> elsewhere = records.movedElsewhere(c, partition);
                // a moved file that cannot be read here: whether the lake's file holds its rows cannot be told
                MovedPartitions.Moved unread = elsewhere.stream().filter(m -> m.file() == null).findFirst()
                        .orElse(null);
                if (unread == null && holdsMovedElsewhere(c, partition, file, inStore, elsewhere)) {
                    return new Verdict(Step.of(partition, Action.MOVE, "the lake's file holds its " + partition.rows()
                            + " rows (count and checksum checked) and every row of it moved to another lake before,"
                            + " which it now stands for: " + named), inLake, lakeRows, true);
                }
                return exportAgain(c, partition, act, "the lake's file holds other rows than the store (checksum:rows "
                        + inLake + " in the lake, " + inStore + " in the store)" + (unread == null ? ""
                        : "; whether they are the rows moved to " + unread.lake() + " cannot be told, as its file"
                        + " cannot be read here (" + unread.damage() + ")"));
            }
            return new Verdict(Step.of(partition, Action.MOVE, "the lake's file holds its " + partition.rows()
                    + " rows (count and checksum checked): " + named), inLake, lakeRows);
        }
        return afterEarlierMoves(c, partition, file, act, inLake, lakeRows, movedBefore);
    }

    /** Events that arrived after the partition was moved: the file must hold them and everything moved before. */
    private Verdict afterEarlierMoves(Connection c, LakePartition partition, Path file, boolean act, String inLake,
            long lakeRows, long movedBefore) throws SQLException {
        long missing = Long.parseLong(scalar(c, "SELECT count(*) FROM (" + storeRows(partition) + ") WHERE record_hash"
                + " NOT IN (SELECT record_hash FROM read_parquet(?))", List.of(file.toString())));
        if (missing > 0) {
            return exportAgain(c, partition, act, "the lake's file lacks " + missing + " of the store's rows of this"
                    + " day, moved to the lake before");
        }
        if (lakeRows < movedBefore) {
            return exportAgain(c, partition, act, "the lake's file holds " + lakeRows + " rows, fewer than the "
                    + movedBefore + " moved there before");
        }
        return new Verdict(Step.of(partition, Action.MOVE, "the lake's file holds these " + partition.rows()
                + " rows (by record hash) and the " + movedBefore + " moved before (" + lakeRows + " rows): " + lake
                + "/" + partition.file()), inLake, lakeRows);
    }

    /**
     * Whether the file holds the store's rows and, besides them, exactly the rows of the partition's files in other
     * lakes prune moved it to (export parquet carries those into every lake): moved here, it stands for them.
     */
    private static boolean holdsMovedElsewhere(Connection c, LakePartition partition, Path file, String inStore,
            List<MovedPartitions.Moved> elsewhere) throws SQLException {
        if (elsewhere.isEmpty()) {
            return false;
        }
        String others = LakeSql.readParquet(elsewhere.stream().map(MovedPartitions.Moved::file).toList());
        String beyond = scalar(c, "SELECT " + LakeLayout.CHECKSUM_SQL + " FROM (SELECT record_hash FROM read_parquet(?)"
                + " WHERE record_hash NOT IN (SELECT record_hash FROM " + others + "))", List.of(file.toString()));
        long lacking = Long.parseLong(scalar(c, "SELECT count(*) FROM " + others + " WHERE " + partition.where()
                + " AND record_hash NOT IN (SELECT record_hash FROM read_parquet(?))", List.of(file.toString())));
        return beyond.equals(inStore) && lacking == 0;
    }

    private static String storeRows(LakePartition partition) {
        return "SELECT CAST(record_hash AS VARCHAR) AS record_hash FROM events WHERE " + partition.where();
    }

    /** Kept because the lake's file does not hold its rows: the next export writes it again (not a dry run's). */
    private Verdict exportAgain(Connection c, LakePartition partition, boolean act, String why) throws SQLException {
        if (act) {
            records.exportAgain(c, partition);
        }
        return new Verdict(Step.of(partition, Action.KEEP, why + Prune.EXPORT_AGAIN), null, 0);
    }
}
