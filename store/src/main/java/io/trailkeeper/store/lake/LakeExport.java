package io.trailkeeper.store.lake;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.LakeConnection;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@code export parquet}: writes to a lake every partition whose store rows differ from what {@code lake_exports}
 * says this lake holds (row count and checksum), each as one whole zstd Parquet file put in place atomically and
 * read back before it is recorded; then the lake's table definitions ({@link LakeTables}).
 *
 * <p>The store is opened for writing (lake_exports is written) only for slices of about {@code hold} at a time and
 * closed between them, so that a collector or a query waiting for it gets its turn during a long export.
 */
public final class LakeExport {
    private final Supplier<EventStore> opener;
    private final LakeTarget target;
    private final Clock clock;
    private final Duration hold;

    public LakeExport(Supplier<EventStore> opener, LakeTarget target, Clock clock, Duration hold) {
        this.opener = opener;
        this.target = target;
        this.clock = clock;
        this.hold = hold;
    }

    /** Told what the export found to do and how far it got; called on the exporting thread. */
    public interface Listener {
        /** A listener that is told nothing. */
        Listener NONE = new Listener() { };

        default void planned(int partitions, int unchanged, long events) {
        }

        default void written(int partitionsDone, long eventsDone) {
        }
    }

    /**
     * What an export did. {@code events} counts the rows of the files written; {@code notWritten} names the moved
     * partitions prune's export left unwritten because their files are gone with no copy left (export parquet fails).
     */
    public record Summary(int written, int unchanged, long events, long bytes, Duration elapsed, List<String> tables,
                          List<String> notWritten) {
        public double eventsPerSecond() {
            return events / Math.max(1e-3, elapsed.toNanos() / 1e9);
        }
    }

    /**
     * Exports the partitions of UTC days {@code since..until} (inclusive; null: unbounded): the store's events as its
     * readers read them, so also the partitions prune moved to another lake, from the files the store reads them in.
     */
    public Summary run(LocalDate since, LocalDate until, Listener listener) {
        return run(since, until, p -> true, true, listener);
    }

    /**
     * Prune's export: the store's partitions of UTC days {@code since..until} (inclusive; null: unbounded) that
     * {@code wanted} takes (prune leaves out those total retention deletes, which the lake, a versioned bucket, must
     * not get a copy of), without the partitions moved to other lakes, which stay there.
     */
    public Summary run(LocalDate since, LocalDate until, Predicate<LakePartition> wanted, Listener listener) {
        return run(since, until, wanted, false, listener);
    }

    private Summary run(LocalDate since, LocalDate until, Predicate<LakePartition> wanted, boolean withMoved,
            Listener listener) {
        long started = System.nanoTime();
        List<LakePartition> todo;
        int unchanged;
        long events = 0;
        long bytes = 0;
        int written = 0;
        List<String> foreign = new ArrayList<>();
        EventStore store = opener.get();
        try {
            Connection connection = LakeConnection.open(store);
            List<LakePartition> inStore = partitions(connection, since, until);
            MovedDays found = withMoved ? MovedDays.withElsewhere(connection, target, inStore, since, until)
                    : MovedDays.storeOnly(target, inStore);
            List<LakePartition> all = found.partitions().stream().filter(wanted).toList();
            java.util.Set<String> present = new java.util.HashSet<>(target.list(LakeLayout.EVENTS + "/"));
            List<LakePartition> changed = changed(connection, all, present);
            // a changed partition left out for its moved rows is not unchanged: it is named in notWritten
            todo = found.keepingMovedRows(connection, changed, present);
            unchanged = all.size() - changed.size();
            listener.planned(todo.size(), unchanged, todo.stream().mapToLong(LakePartition::rows).sum());
            long sliceStart = System.nanoTime();
            LakePartitionWriter writer = new LakePartitionWriter(connection, target, clock);
            for (LakePartition p : todo) {
                if (System.nanoTime() - sliceStart > hold.toNanos()) {
                    store.close();
                    store = null;
                    pause();
                    store = opener.get();
                    writer = new LakePartitionWriter(LakeConnection.open(store), target, clock);
                    sliceStart = System.nanoTime();
                }
                LakePartitionWriter.Written w;
                try {
                    w = writer.write(p, found.files(p));
                } catch (LakePartitionWriter.ForeignFile e) {
                    foreign.add(e.getMessage()); // said at the end: the other partitions are written first
                    continue;
                }
                written++;
                events += w.rows();
                bytes += w.bytes();
                listener.written(written, events);
            }
            List<String> tables = written > 0 || !target.exists(LakeLayout.TABLES + "/" + LakeTables.FILES.get(0))
                    ? new LakeTables(target).write(recorded(LakeConnection.open(store))) : List.of();
            if (withMoved && !found.unread().isEmpty()) {
                List<String> unread = found.unread();
                throw new TrailKeeperException(ErrorCode.INCOMPLETE, unread.size() + (unread.size() == 1
                        ? " partition" : " partitions") + " that prune moved to a lake cannot be read here, so"
                        + " they were not exported to " + target.location() + " (" + written + " others were): "
                        + String.join("; ", unread.subList(0, Math.min(3, unread.size())))
                        + (unread.size() > 3 ? "; ..." : ""), "put the files back (from a backup of the lake), or run"
                        + " `trailkeeper prune` with an S3 lake to fetch its copies again, then export again");
            }
            if (!foreign.isEmpty()) {
                throw new TrailKeeperException(ErrorCode.STORE_WRITE_FAILED, "the lake " + target.location() + " holds "
                        + foreign.size() + (foreign.size() == 1 ? " file" : " files") + " at a partition's place that"
                        + " TrailKeeper did not write, so those partitions were not exported (" + written
                        + " others were): " + String.join("; ", foreign.subList(0, Math.min(3, foreign.size())))
                        + (foreign.size() > 3 ? "; ..." : ""), "move those files out of the lake (readers of the lake"
                        + " would take them for events), then export again");
            }
            return new Summary(written, unchanged, events, bytes, Duration.ofNanos(System.nanoTime() - started), tables,
                    List.copyOf(found.unread()));
        } catch (LakeAccessException e) {
            // the lake's store refused or was not reached: an AWS failure's code and fix, not a write failure's
            throw new TrailKeeperException(e.code(), "exporting to the lake " + target.location() + " failed: "
                    + firstLine(e.getMessage()), (e.hint() == null ? "" : e.hint() + "; ") + "what was written and"
                    + " verified stays recorded, the rest is written by the next export", e);
        } catch (SQLException | IOException e) {
            throw new TrailKeeperException(ErrorCode.STORE_WRITE_FAILED, "exporting to the lake " + target.location()
                    + " failed: " + firstLine(e.getMessage()),
                    "check that the lake is writable; what was written and verified stays recorded, the rest is"
                            + " written by the next export", e);
        } finally {
            if (store != null) {
                store.close();
            }
        }
    }

    /** Every partition of the store within the days, with its rows and checksum now. */
    static List<LakePartition> partitions(Connection c, LocalDate since, LocalDate until) throws SQLException {
        List<String> where = new ArrayList<>();
        if (since != null) {
            where.add("event_time >= TIMESTAMP " + LakeSql.quote(since + " 00:00:00"));
        }
        if (until != null) {
            where.add("event_time < TIMESTAMP " + LakeSql.quote(until.plusDays(1) + " 00:00:00"));
        }
        String sql = "SELECT account, region, date, count(*), " + LakeLayout.CHECKSUM_SQL + " FROM (SELECT "
                + LakeLayout.PARTITION_SQL + ", CAST(record_hash AS VARCHAR) AS record_hash FROM events"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + ") GROUP BY account, region, date ORDER BY date, account, region";
        List<LakePartition> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.add(new LakePartition(r.getString(1), r.getString(2), r.getString(3), r.getLong(4), r.getString(5)));
            }
        }
        return out;
    }

    /**
     * The partitions whose verified lake file does not hold the same rows, or is no longer in the lake ({@code present}:
     * the lake's files now): a file deleted by hand, or a lake restored from an older copy, is written again.
     */
    private List<LakePartition> changed(Connection c, List<LakePartition> all, java.util.Set<String> present)
            throws SQLException {
        java.util.Set<String> same = new java.util.HashSet<>();
        try (PreparedStatement s = c.prepareStatement("SELECT account, region, date, coalesce(store_checksum,"
                + " checksum) FROM lake_exports WHERE lake = ? AND verified_at IS NOT NULL")) {
            s.setString(1, target.location());
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    same.add(key(r.getString(1), r.getString(2), r.getString(3), r.getString(4)));
                }
            }
        }
        return all.stream().filter(p -> !same.contains(key(p.account(), p.region(), p.date(), p.checksum()))
                || !present.contains(p.file())).toList();
    }

    /** Every partition lake_exports records for this lake (for the table definitions). */
    private List<LakePartition> recorded(Connection c) throws SQLException {
        List<LakePartition> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT account, region, date, rows, checksum FROM lake_exports"
                + " WHERE lake = ? ORDER BY date, account, region")) {
            s.setString(1, target.location());
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new LakePartition(r.getString(1), r.getString(2), r.getString(3), r.getLong(4),
                            r.getString(5)));
                }
            }
        }
        return out;
    }

    private static String key(String account, String region, String date, String checksum) {
        return account + '\0' + region + '\0' + date + '\0' + checksum;
    }

    /** Between slices: long enough for a process polling for the store (every 200 ms) to take it. */
    private static void pause() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrailKeeperException(ErrorCode.INTERNAL, "interrupted during the export", null, e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
