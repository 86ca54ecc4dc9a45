package io.trailkeeper.store;

import static io.trailkeeper.store.StoreSql.execute;
import static io.trailkeeper.store.StoreSql.scalar;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import io.trailkeeper.store.Prune.Action;
import io.trailkeeper.store.Prune.Step;
import io.trailkeeper.store.lake.LakeLayout;
import io.trailkeeper.store.lake.LakePartition;
import io.trailkeeper.store.lake.LakeTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The local copies through which the store reads the partitions {@link PartitionMove} moved to a remote lake (S3,
 * where DuckDB here cannot read): fetched again when deleted, checked to hold exactly the rows moved, and dropped with
 * their partition when the lake's object is gone past the total retention.
 */
final class LakeCopies {
    private final LakeTarget target;
    private final String lake;
    private final RetentionPolicy policy;
    private final LakeRecords records;

    LakeCopies(LakeTarget target, RetentionPolicy policy, LakeRecords records) {
        this.target = target;
        this.lake = target.location();
        this.policy = policy;
        this.records = records;
    }

    /** Moved partitions of a remote lake whose local copy is gone (deleted by hand, another machine): fetched. */
    List<Step> fetchMissing(Connection c, boolean act) throws SQLException {
        List<Step> steps = new ArrayList<>();
        for (String[] m : moved(c)) {
            if (Files.isRegularFile(Path.of(m[3]))) {
                continue;
            }
            String relative = new LakePartition(m[0], m[1], m[2], 0, null).file();
            Step failed = act ? fetch(c, m, relative) : null;
            steps.add(failed != null ? failed : new Step(m[0], m[1], m[2], Long.parseLong(m[4]), Action.FETCH,
                    "its local copy " + m[3] + " is gone: fetched again from " + lake + "/" + relative));
        }
        return steps;
    }

    /**
     * Fetches the local copy of a moved partition ({@code m}: account, region, date, path, rows, checksum of the rows
     * moved) and points its record at it; null when done, else the step that says why its events cannot be read.
     */
    private Step fetch(Connection c, String[] m, String relative) throws SQLException {
        Path copy;
        try {
            copy = target.local(relative);
        } catch (IOException e) {
            return new Step(m[0], m[1], m[2], Long.parseLong(m[4]), Action.KEEP, "its local copy " + m[3]
                    + " is gone and " + lake + "/" + relative + " cannot be read: " + e.getMessage());
        }
        if (copy == null) {
            return new Step(m[0], m[1], m[2], Long.parseLong(m[4]), Action.MISSING, "its local copy " + m[3]
                    + " is gone, and so is " + lake + "/" + relative + ": its events cannot be read");
        }
        // the copy must hold the rows moved (those not in the store), exactly: a re-export may add late ones
        LakePartition partition = new LakePartition(m[0], m[1], m[2], 0, null);
        String movedRows = movedRows(c, partition, copy);
        if (!movedRows.equals(m[5])) {
            // not what the readers may read: the copy goes, the object stays for whoever looks into it
            try {
                Files.deleteIfExists(copy);
            } catch (IOException e) {
                throw new TrailKeeperException(ErrorCode.STORE_WRITE_FAILED, "cannot delete " + copy + ": "
                        + e.getMessage(), "delete it by hand: it does not hold the rows moved to the lake", e);
            }
            return new Step(m[0], m[1], m[2], Long.parseLong(m[4]), Action.MISSING, "its local copy " + m[3]
                    + " is gone, and " + lake + "/" + relative + " no longer holds the rows moved there"
                    + " (checksum:rows " + movedRows + ", moved " + m[5] + "): its events cannot be read");
        }
        execute(c, "UPDATE lake_pruned SET path = ? WHERE lake = ? AND account = ? AND region = ? AND date = ?",
                List.of(copy.toString(), lake, m[0], m[1], m[2]));
        return null;
    }

    /**
     * Moved partitions still kept (within the total retention, or held) whose object the lake no longer holds (not
     * listed, and a HEAD finds none: a lifecycle rule shorter than the retention, a person): the local copy the store
     * reads would otherwise be their only copy, unnoticed until it is lost too. Put back from the copy when it holds
     * the rows moved; else named as missing from the lake.
     */
    List<Step> goneWithinRetention(Connection c, Set<String> listed, LocalDate keptFrom, boolean act)
            throws SQLException {
        List<Step> steps = new ArrayList<>();
        for (String[] m : moved(c)) {
            LakePartition partition = new LakePartition(m[0], m[1], m[2], Long.parseLong(m[4]), null);
            String relative = partition.file();
            LocalDate day = LocalDate.parse(m[2]);
            if (listed.contains(relative) || day.isBefore(keptFrom) && policy.holding(m[0], day) == null) {
                continue;
            }
            Path copy = Path.of(m[3]);
            try {
                if (target.exists(relative) || !Files.isRegularFile(copy)) {
                    continue; // only the listing missed it; or no copy: fetchMissing said so
                }
                String movedRows = movedRows(c, partition, copy);
                if (!movedRows.equals(m[5])) {
                    steps.add(Step.of(partition, Action.MISSING, lake + "/" + relative + " is gone from the lake and"
                            + " its local copy " + copy + " no longer holds the rows moved there (checksum:rows "
                            + movedRows + ", moved " + m[5] + "): not put back"));
                    continue;
                }
                if (act) {
                    Path temporary = target.temporary(relative);
                    Files.copy(copy, temporary);
                    target.put(temporary, relative);
                    target.local(relative); // the copy's tag follows the object put back
                }
            } catch (IOException e) {
                // not lost: the store reads the local copy; but it is the only one until the lake takes it back
                steps.add(Step.of(partition, Action.UNRESTORED, lake + "/" + relative + " is gone from the lake and"
                        + " could not be put back from its local copy " + copy + " (its events are read from that"
                        + " copy, now their only one): " + e.getMessage() + "; the next prune tries again"));
                continue;
            }
            steps.add(Step.of(partition, Action.RESTORE, lake + "/" + relative + " was gone from the lake within the"
                    + " retention (a lifecycle rule on its bucket shorter than total_days?): "
                    + (act ? "put back" : "would be put back") + " from its local copy, which holds the rows moved"));
        }
        return steps;
    }

    /** The moved partitions of this lake still read: account, region, date, path, rows, checksum of the rows moved. */
    private List<String[]> moved(Connection c) throws SQLException {
        List<String[]> moved = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT account, region, date, path, rows, checksum FROM"
                + " lake_pruned WHERE lake = ? AND removed_at IS NULL ORDER BY date, account, region")) {
            p.setString(1, lake);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    moved.add(new String[] {r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                        r.getString(5), r.getString(6)});
                }
            }
        }
        return moved;
    }

    /** The checksum:rows of a local file's rows of the partition that the store does not hold (the rows moved). */
    private static String movedRows(Connection c, LakePartition partition, Path file) throws SQLException {
        return scalar(c, "SELECT " + LakeLayout.CHECKSUM_SQL + " FROM (SELECT record_hash FROM"
                + " read_parquet(?) WHERE record_hash NOT IN (SELECT CAST(record_hash AS VARCHAR) FROM events"
                + " WHERE " + partition.where() + "))", List.of(file.toString()));
    }

    /**
     * Moved partitions past the total retention whose object the lake no longer lists (a lifecycle rule on the
     * lake's bucket, a person): their local copies would otherwise be read for ever. Marked removed, the copy deleted.
     */
    List<Step> goneFromTheLake(Connection c, Set<String> listed, LocalDate keptFrom, boolean act)
            throws SQLException {
        List<Step> steps = new ArrayList<>();
        List<String[]> moved = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT account, region, date, path, rows FROM lake_pruned"
                + " WHERE lake = ? AND removed_at IS NULL AND date < ? ORDER BY date, account, region")) {
            p.setString(1, lake);
            p.setString(2, keptFrom.toString());
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    moved.add(new String[] {r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                        r.getString(5)});
                }
            }
        }
        for (String[] m : moved) {
            String relative = new LakePartition(m[0], m[1], m[2], 0, null).file();
            if (listed.contains(relative) || policy.holding(m[0], LocalDate.parse(m[2])) != null) {
                continue;
            }
            Path copy = Path.of(m[3]);
            boolean hadCopy = Files.isRegularFile(copy);
            if (act) {
                LakePartition partition = new LakePartition(m[0], m[1], m[2], 0, null);
                // without its copy, what the partition counted by region, day and source cannot be told: left counted
                records.forget(c, partition, () -> {
                    if (hadCopy) {
                        LakeRecords.uncount(c, copy, partition);
                    }
                });
                try {
                    Files.deleteIfExists(copy);
                } catch (IOException e) {
                    throw new TrailKeeperException(ErrorCode.STORE_WRITE_FAILED, "cannot delete " + copy + ": "
                            + e.getMessage(), "delete it by hand; the store no longer reads it", e);
                }
            }
            steps.add(new Step(m[0], m[1], m[2], Long.parseLong(m[4]), Action.REMOVE, TotalRetention.older(policy,
                    keptFrom) + "; " + lake + "/" + relative
                    + " was already gone from the lake (a lifecycle rule on its bucket?): its local copy "
                    + (!hadCopy ? "was gone too" : act ? "deleted" : "deleted with it")));
        }
        return steps;
    }
}
