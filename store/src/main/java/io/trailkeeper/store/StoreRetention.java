package io.trailkeeper.store;

import static io.trailkeeper.store.StoreSql.execute;
import static io.trailkeeper.store.StoreSql.inTransaction;

import io.trailkeeper.store.Prune.Action;
import io.trailkeeper.store.Prune.Step;
import io.trailkeeper.store.lake.LakeLayout;
import io.trailkeeper.store.lake.LakePartition;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The total retention in the store: a partition still in the store (never moved: the lake's file did not match, the
 * lake could not be read, or it was not exported) and older than the total retention is deleted from the store
 * whatever the lake holds, unless a hold covers it (a held one moves to the lake as any other). Its lake file, if
 * any, is {@link TotalRetention}'s to delete, in the same run; prune's export leaves it out ({@link Prune#exported}).
 *
 * <p>One transaction per partition, as {@link PartitionMove} deletes one: raw chunks shared with rows that stay kept
 * readable, the event lists and key postings updated, and {@code day_counts} no longer counting its events.
 */
final class StoreRetention {
    private final RetentionPolicy policy;

    StoreRetention(RetentionPolicy policy) {
        this.policy = policy;
    }

    /** Whether total retention deletes this store partition: a dated day before {@code keptFrom} no hold covers. */
    boolean deletes(LakePartition partition, LocalDate keptFrom) {
        return deletes(policy, partition, keptFrom);
    }

    /** Whether total retention deletes this partition: a dated day before {@code keptFrom} no hold covers. */
    static boolean deletes(RetentionPolicy policy, LakePartition partition, LocalDate keptFrom) {
        LocalDate day = day(partition.date());
        return day != null && day.isBefore(keptFrom) && policy.holding(partition.account(), day) == null;
    }

    /** Deletes the partition's events from the store (a dry run only says it would). */
    Step delete(Connection c, LakePartition partition, LocalDate keptFrom, boolean act) throws SQLException {
        String reason = TotalRetention.older(policy, keptFrom) + " and not held: its " + partition.rows()
                + " events deleted from the store";
        if (!act) {
            return Step.of(partition, Action.DELETE, reason);
        }
        inTransaction(c, () -> {
            uncount(c, partition);
            PartitionMove.deleteRows(c, partition);
            // the day as the store's readers now see it, when its moved files can be read here; else the subtraction
            LakeRecords.recount(c, partition);
        });
        return Step.of(partition, Action.DELETE, reason);
    }

    /** day_counts stops counting the partition's events (each was counted once when written). */
    private static void uncount(Connection c, LakePartition partition) throws SQLException {
        execute(c, "INSERT INTO day_counts SELECT coalesce(aws_region, ''), CAST(event_time AS DATE), source_kind,"
                + " coalesce(event_category = 'Data', false), -count(*) FROM events WHERE " + partition.where()
                + " GROUP BY ALL", List.of());
    }

    private static LocalDate day(String date) {
        if (LakeLayout.NONE.equals(date)) {
            return null;
        }
        try {
            return LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
