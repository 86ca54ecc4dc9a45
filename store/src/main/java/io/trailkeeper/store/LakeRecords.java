package io.trailkeeper.store;

import static io.trailkeeper.store.StoreSql.execute;
import static io.trailkeeper.store.StoreSql.inTransaction;

import io.trailkeeper.store.StoreSql.SqlWork;
import io.trailkeeper.store.lake.LakePartition;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * What the store records of a lake's partitions once they leave it ({@code lake_pruned}, {@code lake_exports},
 * {@code day_counts}), for {@link Prune} and {@link LakeCopies}.
 */
final class LakeRecords {
    private final String lake;
    private final Clock clock;

    LakeRecords(String lake, Clock clock) {
        this.lake = lake;
        this.clock = clock;
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
     * day_counts counted a moved partition's events while the lake held them: they are gone now. Only the file's rows
     * of the partition itself count (a file put in the wrong place must not change other days).
     */
    static void uncount(Connection c, Path file, LakePartition partition) throws SQLException {
        execute(c, "INSERT INTO day_counts SELECT coalesce(aws_region, ''), CAST(event_time AS DATE), source_kind,"
                + " coalesce(event_category = 'Data', false), -count(*) FROM read_parquet(?) WHERE " + partition.where()
                + " GROUP BY ALL", List.of(file.toString()));
    }
}
