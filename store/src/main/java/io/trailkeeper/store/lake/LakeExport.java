package io.trailkeeper.store.lake;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.LakeConnection;
import io.trailkeeper.store.MovedPartitions;
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
            StoreAndMoved found = withMoved ? withMoved(connection, inStore, since, until)
                    : new StoreAndMoved(inStore, new java.util.HashMap<>(), new ArrayList<>());
            List<LakePartition> all = found.partitions().stream().filter(wanted).toList();
            java.util.Set<String> present = new java.util.HashSet<>(target.list(LakeLayout.EVENTS + "/"));
            todo = changed(connection, all, present);
            todo = withMovedRowsKept(connection, todo, present, found);
            unchanged = all.size() - todo.size();
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
                    w = writer.write(p, found.moved().getOrDefault(key(p), List.of()));
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
     * The store's partitions, the moved ones in their files, the moved ones that cannot be read (by key), and the
     * partitions to export: a partition prune moved to another lake is the store's too (its readers read it), with
     * the rows and checksum of both (so that the next export finds it unchanged until either changes).
     */
    private record StoreAndMoved(List<LakePartition> partitions, java.util.Map<String, List<java.nio.file.Path>> moved,
                                 List<String> unread) {
    }

    private StoreAndMoved withMoved(Connection c, List<LakePartition> store, LocalDate since, LocalDate until)
            throws SQLException {
        java.util.Map<String, LakePartition> all = new java.util.LinkedHashMap<>();
        store.forEach(p -> all.put(key(p), p));
        java.util.Map<String, List<java.nio.file.Path>> files = new java.util.HashMap<>();
        java.util.Set<String> unreadKeys = new java.util.HashSet<>();
        List<String> unread = new ArrayList<>();
        for (MovedPartitions.Moved m : MovedPartitions.elsewhere(c, target.location(), since, until)) {
            LakePartition p = m.partition();
            String k = key(p);
            if (m.file() == null) {
                unreadKeys.add(k);
                unread.add(p.file().replaceAll("/" + LakeLayout.FILE + "$", "") + " moved to " + m.lake() + " ("
                        + m.damage() + ")");
                continue;
            }
            files.computeIfAbsent(k, x -> new ArrayList<>()).add(m.file());
            LakePartition before = all.get(k);
            all.put(k, new LakePartition(p.account(), p.region(), p.date(), p.rows() + (before == null ? 0
                    : before.rows()), (before == null ? "" : before.checksum()) + "+" + m.lake() + ":"
                    + p.checksum()));
        }
        // a partition partly unreadable is not written: its file would hold fewer events than the store's readers see
        List<LakePartition> out = all.values().stream().filter(p -> !unreadKeys.contains(key(p)))
                .sorted(java.util.Comparator.comparing(LakePartition::date).thenComparing(LakePartition::account)
                        .thenComparing(LakePartition::region)).toList();
        return new StoreAndMoved(out, files, unread);
    }

    /**
     * The partitions to write, less those moved to this lake whose file is gone with no copy left here: written with
     * the store's rows alone (late events of the day), the file would stand for the whole day with the moved events
     * missing, and the store's readers would stop saying they cannot read them. Those are named; a remote lake's
     * gone object is written with the rows of the local copy the store reads (they are added to {@code found}).
     */
    private List<LakePartition> withMovedRowsKept(Connection c, List<LakePartition> todo, java.util.Set<String> present,
            StoreAndMoved found) throws SQLException {
        java.util.Map<String, MovedPartitions.Moved> here = new java.util.HashMap<>();
        for (MovedPartitions.Moved m : MovedPartitions.in(c, target.location())) {
            here.put(key(m.partition()), m);
        }
        List<LakePartition> out = new ArrayList<>();
        for (LakePartition p : todo) {
            MovedPartitions.Moved m = here.get(key(p));
            if (m == null || present.contains(p.file())) {
                out.add(p);
            } else if (m.file() != null) {
                found.moved().computeIfAbsent(key(p), k -> new ArrayList<>()).add(m.file());
                out.add(p);
            } else {
                found.unread().add(p.file().replaceAll("/" + LakeLayout.FILE + "$", "") + ": moved to this lake with "
                        + m.partition().rows() + " events, its file is gone and no copy is left here; not written with"
                        + " the store's " + p.rows() + " alone");
            }
        }
        return out;
    }

    private static String key(LakePartition p) {
        return p.account() + '\0' + p.region() + '\0' + p.date();
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
