package io.trailkeeper.store;

import static io.trailkeeper.store.StoreSql.execute;
import static io.trailkeeper.store.StoreSql.inTransaction;
import static io.trailkeeper.store.StoreSql.scalar;

import io.trailkeeper.store.Prune.Action;
import io.trailkeeper.store.Prune.Step;
import io.trailkeeper.store.lake.LakePartition;
import io.trailkeeper.store.lake.LakeTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A partition older than the hot window moved out of the store, once {@link LakeFileCheck} found that the lake's
 * file holds its rows; the file is read back at that moment, and nothing is kept before it passes.
 *
 * <p>Deleting a partition keeps every other record readable: a raw chunk's bytes ride on one of its rows, so when
 * that row goes and others of the chunk stay, the bytes move to one that stays, in the same transaction as the
 * delete and the {@code lake_pruned} row that lets a store opened for reading find the partition in the lake. The
 * event lists lose its rows, and {@code day_counts} keeps counting its events (they still exist, in the lake, read
 * by the store's events view), recounted for its region and day as the view reads them ({@link LakeRecords#recount}).
 */
final class PartitionMove {
    private final LakeTarget target;
    private final String lake;
    private final LakeRecords records;
    private final LakeFileReader reader;
    private final LakeFileCheck check;

    PartitionMove(LakeTarget target, LakeRecords records, LakeFileReader reader) {
        this.target = target;
        this.lake = target.location();
        this.records = records;
        this.reader = reader;
        this.check = new LakeFileCheck(lake, records);
    }

    /** Moves the partition (a dry run only says whether it would), or keeps it and says why. */
    Step move(Connection c, LakePartition partition, boolean act) throws SQLException {
        String relative = partition.file();
        try {
            // asked once: on an S3 lake each asking is a HEAD request, for every partition prune looks at
            if (!target.exists(relative)) {
                Long movedBefore = records.movedRows(c, partition);
                if (!target.remote() && movedBefore != null && movedBefore > 0) {
                    // an export would not write it (the moved events would be missing from it): only a backup helps
                    return Step.of(partition, Action.KEEP, "its file, which held the " + movedBefore + " events"
                            + " moved there before, is gone from " + lake + ": put it back from a backup of the lake;"
                            + " the day's " + partition.rows() + " events in the store stay there");
                }
                return Step.of(partition, Action.KEEP, Prune.NOT_IN_LAKE + lake + ": export it first (`trailkeeper"
                        + " export parquet --out " + lake + "`)");
            }
            // checked on a copy read for the purpose (the file itself in a local lake): nothing kept before it passes
            return reader.readOrThrow(relative, file -> move(c, partition, file, act));
        } catch (IOException e) {
            return Step.of(partition, Action.KEEP, "the lake's file " + lake + "/" + relative + " cannot be read: "
                    + e.getMessage());
        }
    }

    private Step move(Connection c, LakePartition partition, Path file, boolean act) throws SQLException, IOException {
        LakeFileCheck.Verdict verdict = check.check(c, partition, file, act);
        if (!verdict.moves() || !act) {
            return verdict.step();
        }
        // what the store's readers will read: the file itself, or a remote lake's kept copy, which must be what passed
        Path kept = target.local(partition.file());
        if (kept == null || !kept.equals(file) && !verdict.checksum().equals(LakeFileCheck.checksum(c, kept))) {
            return Step.of(partition, Action.KEEP, "the lake's file " + lake + "/" + partition.file() + " changed"
                    + " while prune ran: run prune again");
        }
        inTransaction(c, () -> {
            deleteRows(c, partition);
            records.moved(c, partition, kept, verdict.lakeRows(), verdict.checksum());
            if (verdict.supersedes()) {
                records.superseded(c, partition);
            }
            LakeRecords.recount(c, partition);
        });
        return verdict.step();
    }

    /**
     * The partition's rows deleted from the store, in the caller's transaction: the raw chunks they share with rows
     * that stay kept readable, the event lists and the key postings' coverage updated. day_counts is the caller's.
     */
    static void deleteRows(Connection c, LakePartition partition) throws SQLException {
        String where = " WHERE " + partition.where();
        keepChunksReadable(c, where);
        unlist(c, where);
        execute(c, KeyPostings.forget(), List.of());
        execute(c, "DELETE FROM events" + where, List.of());
    }

    /**
     * Before rows are deleted: each raw chunk whose bytes ride on a row being deleted but that other rows still
     * use gets its bytes put on one of those other rows.
     */
    private static void keepChunksReadable(Connection c, String where) throws SQLException {
        execute(c, "CREATE OR REPLACE TEMP TABLE tk_carried AS"
                + " WITH leaving AS (SELECT rowid AS rid, raw_chunk, raw_data FROM events" + where + "),"
                + " carried AS (SELECT raw_chunk, raw_data FROM leaving WHERE raw_data IS NOT NULL),"
                + " staying AS (SELECT min(e.rowid) AS rid, e.raw_chunk FROM events e"
                + " JOIN carried USING (raw_chunk) WHERE e.rowid NOT IN (SELECT rid FROM leaving) GROUP BY e.raw_chunk)"
                + " SELECT staying.rid, carried.raw_data FROM staying JOIN carried USING (raw_chunk)", List.of());
        execute(c, "UPDATE events SET raw_data = tk_carried.raw_data FROM tk_carried"
                + " WHERE events.rowid = tk_carried.rid", List.of());
        execute(c, "DROP TABLE tk_carried", List.of());
    }

    /** The partition's rows taken off the event lists; an ordered list's count lowered by as many. */
    private static void unlist(Connection c, String where) throws SQLException {
        for (EventList list : EventList.ALL) {
            long before = count(c, list.table());
            execute(c, list.unlist(where), List.of());
            long removed = before - count(c, list.table());
            if (list.ordered() != null && removed > 0) {
                execute(c, list.ordered().fewer(), List.of(removed));
            }
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        return Long.parseLong(scalar(c, "SELECT count(*) FROM " + table, List.of()));
    }
}
