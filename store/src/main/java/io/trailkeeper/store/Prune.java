package io.trailkeeper.store;

import static io.trailkeeper.store.StoreSql.execute;
import static io.trailkeeper.store.StoreSql.inTransaction;
import static io.trailkeeper.store.StoreSql.scalar;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import io.trailkeeper.store.lake.LakeLayout;
import io.trailkeeper.store.lake.LakePartition;
import io.trailkeeper.store.lake.LakeTarget;
import io.trailkeeper.store.lake.LocalLakeTarget;
import java.io.IOException;
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
import java.util.HashSet;
import java.util.List;

/**
 * The retention policy applied: events older than the hot window leave the store for the Parquet lake, and lake
 * partitions older than the total retention leave the lake.
 *
 * <p>A partition (account, region, UTC day) leaves the store only when the lake's file for it holds exactly its
 * rows: the file is read back at that moment and its row count and checksum ({@link LakeLayout#CHECKSUM_SQL}) must
 * equal the store's. Otherwise it stays, with the reason. Deleting a partition keeps every other record readable:
 * a raw chunk's bytes ride on one of its rows, so when that row goes and others of the chunk stay, the bytes move
 * to one that stays, in the same transaction as the delete and the {@code lake_pruned} row that lets a store opened
 * for reading find the partition in the lake. {@code day_counts} keeps counting a moved partition's events (they
 * still exist, in the lake, read by the store's events view), recounted for its region and day as the view reads them
 * ({@link LakeRecords#recount}), and subtracts them when total retention deletes them.
 */
public final class Prune {
    /** One partition and what prune does (or would do) with it, and why. */
    public record Step(String account, String region, String date, long events, Action action, String reason) {
        /** Kept because the lake lacks it or holds other rows of it: an export would let it move. */
        public boolean exportFirst() {
            return action == Action.KEEP && (reason.startsWith(NOT_IN_LAKE) || reason.endsWith(EXPORT_AGAIN));
        }
    }

    private static final String NOT_IN_LAKE = "not in the lake ";
    private static final String EXPORT_AGAIN = ": export it again first";

    public enum Action {
        /** Deleted from the store: the lake's file holds exactly its rows. */
        MOVE,
        /** Kept in the store: the lake does not hold it (yet), or holds other rows. */
        KEEP,
        /** Its file deleted from the lake: older than the total retention. */
        REMOVE,
        /** Kept in the lake although older than the total retention: a hold covers it. */
        HOLD,
        /** A moved partition whose local copy (of a remote lake) was gone: fetched again for the readers. */
        FETCH,
        /** A moved partition whose local copy is gone and whose lake file is gone or holds other rows: unreadable. */
        MISSING
    }

    private final EventStore store;
    private final LakeTarget target;
    private final String lake;
    private final RetentionPolicy policy;
    private final Clock clock;
    private final LakeRecords records;
    private final LakeCopies copies;

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
        this.lake = lake.location();
        this.policy = policy;
        this.clock = clock;
        this.records = new LakeRecords(this.lake, clock);
        this.copies = new LakeCopies(lake, policy, records);
    }

    /** The first UTC day kept in the store. */
    public LocalDate hotFrom() {
        return hotFrom(policy, clock);
    }

    /** The first UTC day the policy keeps in the store, now. */
    public static LocalDate hotFrom(RetentionPolicy policy, Clock clock) {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(policy.hotDays());
    }

    /** The first UTC day kept at all. */
    public LocalDate keptFrom() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(policy.totalDays());
    }

    /** What prune would do now, changing nothing. */
    public List<Step> plan() {
        return apply(false);
    }

    /** Does it: each partition moved in a transaction of its own, then the lake's old partitions removed. */
    public List<Step> run() {
        return apply(true);
    }

    private List<Step> apply(boolean act) {
        List<Step> steps = new ArrayList<>();
        try (Connection c = store.connection().duplicate()) {
            if (target.remote()) {
                steps.addAll(copies.fetchMissing(c, act));
            }
            for (String[] p : oldPartitions(c)) {
                steps.add(move(c, p[0], p[1], p[2], Long.parseLong(p[3]), act));
            }
            steps.addAll(removeFromLake(c, act));
            if (!act) {
                steps.addAll(exportedThenRemoved(steps));
            }
        } catch (SQLException e) {
            throw new TrailKeeperException(ErrorCode.STORE_WRITE_FAILED, "prune failed: "
                    + EventStore.firstLine(e.getMessage()), "the partitions moved before the failure stay moved;"
                    + " the one being moved is still whole in the store. Run prune again", e);
        }
        return steps;
    }

    /**
     * What a dry run must also say: partitions not in the lake yet (prune exports them first, then moves them) that are
     * older than the total retention are deleted from the lake in the same run, unless a hold covers them. Logs
     * imported for a case years later are such partitions.
     */
    private List<Step> exportedThenRemoved(List<Step> planned) {
        List<Step> out = new ArrayList<>();
        LocalDate keptFrom = keptFrom();
        for (Step st : planned) {
            if (st.action() != Action.KEEP || !st.reason().startsWith(NOT_IN_LAKE) || !isDay(st.date())
                    || !LocalDate.parse(st.date()).isBefore(keptFrom)) {
                continue;
            }
            RetentionPolicy.Hold hold = policy.holding(st.account(), LocalDate.parse(st.date()));
            String older = "older than the total retention (" + policy.totalDays() + " days: kept from " + keptFrom
                    + ")";
            out.add(hold != null ? new Step(st.account(), st.region(), st.date(), st.events(), Action.HOLD, older
                    + " but held by " + hold.describe() + ": exported, moved and kept in the lake")
                    : new Step(st.account(), st.region(), st.date(), st.events(), Action.REMOVE, older + ": exported,"
                    + " moved, then deleted from the lake in the same run"));
        }
        return out;
    }

    /** The store's partitions older than the hot window: account, region, date, events. */
    private List<String[]> oldPartitions(Connection c) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT account, region, date, count(*) FROM (SELECT "
                + LakeLayout.PARTITION_SQL + " FROM events WHERE event_time < ?) GROUP BY ALL ORDER BY date, account,"
                + " region")) {
            p.setObject(1, hotFrom().atStartOfDay());
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new String[] {r.getString(1), r.getString(2), r.getString(3), r.getString(4)});
                }
            }
        }
        return out;
    }

    private Step move(Connection c, String account, String region, String date, long events, boolean act)
            throws SQLException {
        LakePartition partition = new LakePartition(account, region, date, events, null);
        String relative = partition.file();
        try {
            if (!target.exists(relative)) {
                return new Step(account, region, date, events, Action.KEEP, "not in the lake " + lake
                        + ": export it first (`trailkeeper export parquet --out " + lake + "`)");
            }
            // checked on a copy read for the purpose (the file itself in a local lake): nothing is kept before it passes
            return readOrThrow(relative, file -> move(c, partition, file, act));
        } catch (IOException e) {
            return new Step(account, region, date, events, Action.KEEP, "the lake's file " + lake + "/" + relative
                    + " cannot be read: " + e.getMessage());
        }
    }

    /** An SQLException carried out of a {@link LakeTarget.Reading}. */
    private static final class SqlFailure extends RuntimeException {
        SqlFailure(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    private Step move(Connection c, LakePartition partition, Path file, boolean act) throws SQLException, IOException {
        String account = partition.account();
        String region = partition.region();
        String date = partition.date();
        long events = partition.rows();
        String named = lake + "/" + partition.file();
        String where = " WHERE " + partition.where();
        List<Object> params = List.of();
        String storeRows = "SELECT CAST(record_hash AS VARCHAR) AS record_hash FROM events" + where;
        String inStore = scalar(c, "SELECT " + LakeLayout.CHECKSUM_SQL + " FROM (" + storeRows + ")", params);
        String inLake;
        try {
            inLake = checksum(c, file);
        } catch (SQLException e) {
            // not a lake file (someone else's, damaged): the next export writes the partition, or names the file
            return exportAgain(c, partition, act, "the lake's file " + named + " cannot be read as a lake file: "
                    + EventStore.firstLine(e.getMessage()));
        }
        // the checksum ends with the row count (LakeLayout.CHECKSUM_SQL)
        long lakeRows = Long.parseLong(inLake.substring(inLake.lastIndexOf(':') + 1));
        long prunedBefore = Long.parseLong(scalar(c, "SELECT coalesce(max(rows), 0) FROM lake_pruned WHERE lake = ?"
                + " AND account = ? AND region = ? AND date = ? AND removed_at IS NULL",
                List.of(lake, account, region, date)));
        String reason;
        if (prunedBefore == 0) {
            // the first move of the partition: the file holds exactly the store's rows
            if (!inStore.equals(inLake)) {
                return exportAgain(c, partition, act, "the lake's file holds other rows than the store (checksum:rows "
                        + inLake + " in the lake, " + inStore + " in the store)");
            }
            reason = "the lake's file holds its " + events + " rows (count and checksum checked): " + named;
        } else {
            // events that arrived after the partition was moved: the file must hold them and everything moved before
            long missing = Long.parseLong(scalar(c, "SELECT count(*) FROM (" + storeRows + ") WHERE record_hash NOT IN"
                    + " (SELECT record_hash FROM read_parquet(?))", List.of(file.toString())));
            if (missing > 0) {
                return exportAgain(c, partition, act, "the lake's file lacks " + missing + " of the store's rows of"
                        + " this day, moved to the lake before");
            }
            if (lakeRows < prunedBefore) {
                return exportAgain(c, partition, act, "the lake's file holds " + lakeRows + " rows, fewer than the "
                        + prunedBefore + " moved there before");
            }
            reason = "the lake's file holds these " + events + " rows (by record hash) and the " + prunedBefore
                    + " moved before (" + lakeRows + " rows): " + named;
        }
        if (!act) {
            return new Step(account, region, date, events, Action.MOVE, reason);
        }
        // what the store's readers will read: the file itself, or a remote lake's kept copy, which must be what passed
        Path kept = target.local(partition.file());
        if (kept == null || !kept.equals(file) && !inLake.equals(checksum(c, kept))) {
            return new Step(account, region, date, events, Action.KEEP, "the lake's file " + named + " changed while"
                    + " prune ran: run prune again");
        }
        inTransaction(c, () -> {
            keepChunksReadable(c, where, params);
            for (EventList list : EventList.ALL) {
                long before = Long.parseLong(StoreSql.scalar(c, "SELECT count(*) FROM " + list.table(), List.of()));
                execute(c, list.unlist(where), params);
                long removed = before - Long.parseLong(StoreSql.scalar(c, "SELECT count(*) FROM " + list.table(),
                        List.of()));
                if (list.ordered() != null && removed > 0) {
                    execute(c, list.ordered().fewer(), List.of(removed));
                }
            }
            execute(c, KeyPostings.forget(), List.of());
            execute(c, "DELETE FROM events" + where, params);
            List<Object> row = List.of(lake, account, region, date, kept.toString(), lakeRows,
                    inLake, LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            execute(c, "INSERT INTO lake_pruned (lake, account, region, date, path, rows, checksum, pruned_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET path = excluded.path,"
                    + " rows = excluded.rows, checksum = excluded.checksum,"
                    + " pruned_at = excluded.pruned_at, removed_at = NULL", row);
            LakeRecords.recount(c, partition);
        });
        return new Step(account, region, date, events, Action.MOVE, reason);
    }

    /**
     * A partition kept because the lake's file does not hold its rows: its export record no longer says the lake holds
     * them (the file was replaced or restored behind the store's back), so that the next export writes it again
     * instead of finding it unchanged. A dry run changes nothing.
     */
    private Step exportAgain(Connection c, LakePartition p, boolean act, String why) throws SQLException {
        if (act) {
            execute(c, "UPDATE lake_exports SET verified_at = NULL WHERE lake = ? AND account = ? AND region = ? AND"
                    + " date = ?", List.of(lake, p.account(), p.region(), p.date()));
        }
        return new Step(p.account(), p.region(), p.date(), p.rows(), Action.KEEP, why + EXPORT_AGAIN);
    }

    private static String checksum(Connection c, Path file) throws SQLException {
        return scalar(c, "SELECT " + LakeLayout.CHECKSUM_SQL + " FROM read_parquet(?)", List.of(file.toString()));
    }

    /**
     * Before rows are deleted: each raw chunk whose bytes ride on a row being deleted but that other rows still
     * use gets its bytes put on one of those other rows.
     */
    private static void keepChunksReadable(Connection c, String where, List<Object> params) throws SQLException {
        execute(c, "CREATE OR REPLACE TEMP TABLE tk_carried AS"
                + " WITH leaving AS (SELECT rowid AS rid, raw_chunk, raw_data FROM events" + where + "),"
                + " carried AS (SELECT raw_chunk, raw_data FROM leaving WHERE raw_data IS NOT NULL),"
                + " staying AS (SELECT min(e.rowid) AS rid, e.raw_chunk FROM events e"
                + " JOIN carried USING (raw_chunk) WHERE e.rowid NOT IN (SELECT rid FROM leaving) GROUP BY e.raw_chunk)"
                + " SELECT staying.rid, carried.raw_data FROM staying JOIN carried USING (raw_chunk)", params);
        execute(c, "UPDATE events SET raw_data = tk_carried.raw_data FROM tk_carried WHERE events.rowid = tk_carried.rid",
                List.of());
        execute(c, "DROP TABLE tk_carried", List.of());
    }

    /** Lake partitions older than the total retention: their files deleted, their records kept as removed. */
    private List<Step> removeFromLake(Connection c, boolean act) throws SQLException {
        List<Step> steps = new ArrayList<>();
        List<String> files;
        try {
            files = target.list(LakeLayout.EVENTS + "/").stream().filter(f -> f.endsWith("/" + LakeLayout.FILE))
                    .toList();
        } catch (IOException e) {
            throw new TrailKeeperException(ErrorCode.STORE_WRITE_FAILED, "cannot list the lake " + lake + ": "
                    + e.getMessage(), null, e);
        }
        LocalDate keptFrom = keptFrom();
        for (String relative : files) {
            String[] folder = relative.split("/");
            if (folder.length != 5) {
                continue;
            }
            String account = value(folder[1], "account=");
            String region = value(folder[2], "region=");
            String date = value(folder[3], "date=");
            if (account == null || region == null || date == null || !isDay(date)
                    || !LocalDate.parse(date).isBefore(keptFrom)) {
                continue; // not a dated partition of the layout (NONE, or a folder of someone else's)
            }
            List<Object> key = List.of(account, region, date, lake);
            // moved partitions count in day_counts (their events are still read); exported-only ones are in the store
            String moved = scalar(c, "SELECT max(rows) FROM lake_pruned WHERE account = ? AND region = ? AND date = ?"
                    + " AND lake = ? AND removed_at IS NULL", key);
            String exported = scalar(c, "SELECT max(rows) FROM lake_exports WHERE account = ? AND region = ? AND"
                    + " date = ? AND lake = ?", key);
            long rows = moved != null ? Long.parseLong(moved) : exported != null ? Long.parseLong(exported)
                    : read(relative, file -> Long.parseLong(scalar(c, "SELECT count(*) FROM read_parquet(?)",
                            List.of(file.toString()))));
            RetentionPolicy.Hold hold = policy.holding(account, LocalDate.parse(date));
            if (hold != null) {
                steps.add(new Step(account, region, date, rows, Action.HOLD, "older than the total retention ("
                        + policy.totalDays() + " days: kept from " + keptFrom + ") but held by " + hold.describe()
                        + ": " + lake + "/" + relative));
                continue;
            }
            String reason = "older than the total retention (" + policy.totalDays() + " days: kept from " + keptFrom
                    + "): " + lake + "/" + relative;
            if (act) {
                // the store stops naming the file and counting its events, then the file goes: a failure between
                // the two leaves a file nobody reads (deleted by the next prune), never a store naming a lost file
                LakePartition partition = new LakePartition(account, region, date, rows, null);
                // counted again without the file when the day's other files can be read (the file itself may be
                // damaged: it is deleted all the same), else its own rows subtracted
                records.forget(c, partition, moved == null ? null : () -> {
                    if (!LakeRecords.recount(c, partition)) {
                        read(relative, file -> {
                            LakeRecords.uncount(c, file, partition);
                            return null;
                        });
                    }
                });
                try {
                    target.delete(relative);
                } catch (IOException e) {
                    steps.add(new Step(account, region, date, rows, Action.KEEP, "older than the total retention, no"
                            + " longer read, but " + lake + "/" + relative + " could not be deleted (" + e.getMessage()
                            + "): the next prune tries again; check the lake's permissions"));
                    continue;
                }
            }
            steps.add(new Step(account, region, date, rows, Action.REMOVE, reason));
        }
        if (target.remote()) {
            steps.addAll(copies.goneFromTheLake(c, new HashSet<>(files), keptFrom, act));
        }
        return steps;
    }

    /** Runs {@code check} on a local file with what the lake holds at {@code relative}; a read failure stops prune. */
    private <T> T read(String relative, SqlReading<T> check) throws SQLException {
        try {
            return readOrThrow(relative, check);
        } catch (IOException e) {
            throw new TrailKeeperException(ErrorCode.STORE_WRITE_FAILED, "cannot read " + lake + "/" + relative + ": "
                    + e.getMessage(), "run prune again; nothing of this partition was changed", e);
        }
    }

    /** Runs {@code check} on a local file with what the lake holds at {@code relative}; SQL failures come out as such. */
    private <T> T readOrThrow(String relative, SqlReading<T> check) throws SQLException, IOException {
        try {
            return target.read(relative, file -> {
                try {
                    return check.apply(file);
                } catch (SQLException e) {
                    throw new SqlFailure(e);
                }
            });
        } catch (SqlFailure e) {
            throw e.getCause();
        }
    }

    @FunctionalInterface
    private interface SqlReading<T> {
        T apply(Path file) throws SQLException, IOException;
    }

    private static boolean isDay(String text) {
        try {
            LocalDate.parse(text);
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    private static String value(String segment, String name) {
        return segment.startsWith(name) ? LakeLayout.decode(segment.substring(name.length())) : null;
    }

}
