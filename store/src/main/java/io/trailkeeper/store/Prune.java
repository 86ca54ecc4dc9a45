package io.trailkeeper.store;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import io.trailkeeper.store.lake.LakeLayout;
import io.trailkeeper.store.lake.LakePartition;
import io.trailkeeper.store.lake.LakeTarget;
import io.trailkeeper.store.lake.LocalLakeTarget;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The retention policy applied: events older than the hot window leave the store for the Parquet lake, and lake
 * partitions older than the total retention leave the lake.
 *
 * <p>A partition (account, region, UTC day) leaves the store only when the lake's file for it holds exactly its
 * rows: the file is read back at that moment and its row count and checksum ({@link LakeLayout#CHECKSUM_SQL}) must
 * equal the store's ({@link LakeFileCheck}); otherwise it stays, with the reason. How it leaves, every other record
 * kept readable and its events still counted in {@code day_counts}: {@link PartitionMove}. What total retention
 * deletes from the lake, and subtracts from {@code day_counts}: {@link TotalRetention}; from the store, partitions
 * that never moved: {@link StoreRetention}. A remote lake's local
 * copies, which the store's readers read: {@link LakeCopies}.
 */
public final class Prune {
    /** One partition and what prune does (or would do) with it, and why. */
    public record Step(String account, String region, String date, long events, Action action, String reason) {
        /** Kept because the lake lacks it or holds other rows of it: an export would let it move. */
        public boolean exportFirst() {
            return action == Action.KEEP && (reason.startsWith(NOT_IN_LAKE) || reason.endsWith(EXPORT_AGAIN));
        }

        /** The partition's step, its events the partition's rows. */
        static Step of(LakePartition p, Action action, String reason) {
            return new Step(p.account(), p.region(), p.date(), p.rows(), action, reason);
        }
    }

    /** How the reason of a partition kept because the lake has no file for it begins. */
    static final String NOT_IN_LAKE = "not in the lake ";
    /** How the reason of a partition kept because the lake's file holds other rows ends. */
    static final String EXPORT_AGAIN = ": export it again first";

    public enum Action {
        /** Deleted from the store: the lake's file holds exactly its rows. */
        MOVE,
        /** Kept in the store: the lake does not hold it (yet), or holds other rows. */
        KEEP,
        /** Its file deleted from the lake: older than the total retention. */
        REMOVE,
        /** Its events deleted from the store, never moved: older than the total retention and not held. */
        DELETE,
        /** Kept in the lake although older than the total retention: a hold covers it. */
        HOLD,
        /** A moved partition whose local copy (of a remote lake) was gone: fetched again for the readers. */
        FETCH,
        /** A moved partition whose local copy is gone and whose lake file is gone or holds other rows: unreadable. */
        MISSING,
        /**
         * A moved partition within the retention (or held) whose object a remote lake no longer holds: put back from
         * its local copy, checked to hold the rows moved (else MISSING).
         */
        RESTORE,
        /**
         * Such a partition that could not be put back (the lake refused the write, or could not be asked): its events
         * are read from its local copy, now their only copy; the next prune tries again.
         */
        UNRESTORED
    }

    private final EventStore store;
    private final LakeTarget target;
    private final RetentionPolicy policy;
    private final Clock clock;
    private final LakeCopies copies;
    private final PartitionMove moves;
    private final TotalRetention retention;
    private final StoreRetention expired;

    /** @param store a store opened for writing; @param lake the local lake folder (LakeLayout) */
    public Prune(EventStore store, Path lake, RetentionPolicy policy, Clock clock) {
        this(store, new LocalLakeTarget(lake), policy, clock);
    }

    /**
     * @param store a store opened for writing
     * @param lake  the lake (LakeLayout): a local folder, or a remote lake whose {@link LakeTarget#local} copies
     *              are what the store's readers read
     */
    public Prune(EventStore store, LakeTarget lake, RetentionPolicy policy, Clock clock) {
        if (store.readOnly()) {
            throw new IllegalStateException("prune needs the store opened for writing");
        }
        this.store = store;
        this.target = lake;
        this.policy = policy;
        this.clock = clock;
        LakeRecords records = new LakeRecords(lake.location(), clock);
        LakeFileReader reader = new LakeFileReader(lake);
        this.copies = new LakeCopies(lake, policy, records);
        this.moves = new PartitionMove(lake, records, reader);
        this.retention = new TotalRetention(lake, policy, clock, records, copies, reader);
        this.expired = new StoreRetention(policy);
    }

    /** The first UTC day kept in the store. */
    public LocalDate hotFrom() {
        return hotFrom(policy, clock);
    }

    /** The first UTC day the policy keeps in the store, now. */
    public static LocalDate hotFrom(RetentionPolicy policy, Clock clock) {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(policy.hotDays());
    }

    /**
     * The partitions prune's export writes before it moves them: all but those total retention deletes from the store
     * now (past total_days, no hold), which the lake must not get a copy of (a versioned bucket would keep it).
     */
    public static Predicate<LakePartition> exported(RetentionPolicy policy, Clock clock) {
        LocalDate keptFrom = TotalRetention.keptFrom(policy, clock);
        return p -> !StoreRetention.deletes(policy, p, keptFrom);
    }

    /** The first UTC day kept at all. */
    public LocalDate keptFrom() {
        return retention.keptFrom();
    }

    /** What prune would do now, changing nothing. */
    public List<Step> plan() {
        return apply(false);
    }

    /**
     * Does it: each partition moved (or, past the total retention and not held, deleted from the store) in a
     * transaction of its own, then the lake's old partitions removed.
     */
    public List<Step> run() {
        return apply(true);
    }

    private List<Step> apply(boolean act) {
        List<Step> steps = new ArrayList<>();
        try (Connection c = store.connection().duplicate()) {
            if (target.remote()) {
                steps.addAll(copies.fetchMissing(c, act));
            }
            LocalDate keptFrom = keptFrom();
            for (LakePartition p : oldPartitions(c)) {
                // past the total retention and not held: deleted from the store whatever the lake holds
                steps.add(expired.deletes(p, keptFrom) ? expired.delete(c, p, keptFrom, act) : moves.move(c, p, act));
            }
            steps.addAll(retention.apply(c, act));
            if (!act) {
                steps.addAll(retention.exportedThenRemoved(steps));
            }
        } catch (SQLException e) {
            throw new TrailKeeperException(ErrorCode.STORE_WRITE_FAILED, "prune failed: "
                    + EventStore.firstLine(e.getMessage()), "the partitions moved before the failure stay moved;"
                    + " the one being moved is still whole in the store. Run prune again", e);
        }
        return steps;
    }

    /** The store's partitions older than the hot window, with their events as rows. */
    private List<LakePartition> oldPartitions(Connection c) throws SQLException {
        List<LakePartition> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT account, region, date, count(*) FROM (SELECT "
                + LakeLayout.PARTITION_SQL + " FROM events WHERE event_time < ?) GROUP BY ALL ORDER BY date, account,"
                + " region")) {
            p.setObject(1, hotFrom().atStartOfDay());
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new LakePartition(r.getString(1), r.getString(2), r.getString(3), r.getLong(4), null));
                }
            }
        }
        return out;
    }
}
