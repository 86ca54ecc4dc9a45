package io.trailkeeper.store;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import io.trailkeeper.store.lake.LakeLayout;
import io.trailkeeper.store.lake.LakePartition;
import io.trailkeeper.store.lake.LakeTarget;
import io.trailkeeper.store.lake.LocalLakeTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The retention policy applied: events older than the hot window leave the store for the Parquet lake, and lake
 * partitions older than the total retention leave the lake.
 *
 * <p>A partition (account, region, UTC day) leaves the store only when the lake's file for it holds exactly its
 * rows: the file is read back at that moment and its row count and checksum ({@link LakeLayout#CHECKSUM_SQL}) must
 * equal the store's. Otherwise it stays, with the reason. Deleting a partition keeps every other record readable:
 * a raw chunk's bytes ride on one of its rows, so when that row goes and others of the chunk stay, the bytes move
 * to one that stays, in the same transaction as the delete and the {@code lake_pruned} row that lets a store opened
 * for reading find the partition in the lake. {@code day_counts} is left as it is when a partition moves (its events
 * still exist, in the lake, read by the store's events view) and subtracted when total retention deletes them.
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
                steps.addAll(fetchMissingCopies(c, act));
            }
            for (String[] p : oldPartitions(c)) {
                steps.add(move(c, p[0], p[1], p[2], Long.parseLong(p[3]), act));
            }
            steps.addAll(removeFromLake(c, act));
        } catch (SQLException e) {
            throw new TrailKeeperException(ErrorCode.STORE_WRITE_FAILED, "prune failed: "
                    + EventStore.firstLine(e.getMessage()), "the partitions moved before the failure stay moved;"
                    + " the one being moved is still whole in the store. Run prune again", e);
        }
        return steps;
    }

    /** Moved partitions of a remote lake whose local copy is gone (deleted by hand, another machine): fetched. */
    private List<Step> fetchMissingCopies(Connection c, boolean act) throws SQLException {
        List<Step> steps = new ArrayList<>();
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
        for (String[] m : moved) {
            if (Files.isRegularFile(Path.of(m[3]))) {
                continue;
            }
            String relative = new LakePartition(m[0], m[1], m[2], 0, null).file();
            String reason = "its local copy " + m[3] + " is gone: fetched again from " + lake + "/" + relative;
            if (act) {
                Path copy;
                try {
                    copy = target.local(relative);
                } catch (IOException e) {
                    steps.add(new Step(m[0], m[1], m[2], Long.parseLong(m[4]), Action.KEEP, "its local copy " + m[3]
                            + " is gone and " + lake + "/" + relative + " cannot be read: " + e.getMessage()));
                    continue;
                }
                if (copy == null) {
                    steps.add(new Step(m[0], m[1], m[2], Long.parseLong(m[4]), Action.MISSING, "its local copy " + m[3]
                            + " is gone, and so is " + lake + "/" + relative + ": its events cannot be read"));
                    continue;
                }
                // the copy must hold the rows moved (those not in the store), exactly: a re-export may add late ones
                LakePartition partition = new LakePartition(m[0], m[1], m[2], 0, null);
                String movedRows = scalar(c, "SELECT " + LakeLayout.CHECKSUM_SQL + " FROM (SELECT record_hash FROM"
                        + " read_parquet(?) WHERE record_hash NOT IN (SELECT CAST(record_hash AS VARCHAR) FROM events"
                        + " WHERE " + partition.where() + "))", List.of(copy.toString()));
                if (!movedRows.equals(m[5])) {
                    // not what the readers may read: the copy goes, the object stays for whoever looks into it
                    try {
                        Files.deleteIfExists(copy);
                    } catch (IOException e) {
                        throw new TrailKeeperException(ErrorCode.STORE_WRITE_FAILED, "cannot delete " + copy + ": "
                                + e.getMessage(), "delete it by hand: it does not hold the rows moved to the lake", e);
                    }
                    steps.add(new Step(m[0], m[1], m[2], Long.parseLong(m[4]), Action.MISSING, "its local copy " + m[3]
                            + " is gone, and " + lake + "/" + relative + " no longer holds the rows moved there"
                            + " (checksum:rows " + movedRows + ", moved " + m[5] + "): its events cannot be read"));
                    continue;
                }
                execute(c, "UPDATE lake_pruned SET path = ? WHERE lake = ? AND account = ? AND region = ? AND date = ?",
                        List.of(copy.toString(), lake, m[0], m[1], m[2]));
            }
            steps.add(new Step(m[0], m[1], m[2], Long.parseLong(m[4]), Action.FETCH, reason));
        }
        return steps;
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
            return new Step(account, region, date, events, Action.KEEP, "the lake's file " + named
                    + " cannot be read: " + EventStore.firstLine(e.getMessage()));
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
                return new Step(account, region, date, events, Action.KEEP, "the lake's file holds other rows than"
                        + " the store (checksum:rows " + inLake + " in the lake, " + inStore + " in the store): export"
                        + " it again first");
            }
            reason = "the lake's file holds its " + events + " rows (count and checksum checked): " + named;
        } else {
            // events that arrived after the partition was moved: the file must hold them and everything moved before
            long missing = Long.parseLong(scalar(c, "SELECT count(*) FROM (" + storeRows + ") WHERE record_hash NOT IN"
                    + " (SELECT record_hash FROM read_parquet(?))", List.of(file.toString())));
            if (missing > 0) {
                return new Step(account, region, date, events, Action.KEEP, "the lake's file lacks " + missing
                        + " of the store's rows of this day, moved to the lake before: export it again first");
            }
            if (lakeRows < prunedBefore) {
                return new Step(account, region, date, events, Action.KEEP, "the lake's file holds " + lakeRows
                        + " rows, fewer than the " + prunedBefore + " moved there before: export it again first");
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
            execute(c, DestructiveCalls.unlist(where), params);
            execute(c, "DELETE FROM events" + where, params);
            List<Object> row = List.of(lake, account, region, date, kept.toString(), lakeRows,
                    inLake, LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            execute(c, "INSERT INTO lake_pruned (lake, account, region, date, path, rows, checksum, pruned_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET path = excluded.path,"
                    + " rows = excluded.rows, checksum = excluded.checksum,"
                    + " pruned_at = excluded.pruned_at, removed_at = NULL", row);
        });
        return new Step(account, region, date, events, Action.MOVE, reason);
    }

    /**
     * The store stops naming a lake partition: a moved one is marked removed and, by {@code uncount}, its events no
     * longer counted (null: it was only exported, its events are still in the store); its export record goes.
     */
    private void forget(Connection c, LakePartition p, SqlWork uncount) throws SQLException {
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

    @FunctionalInterface
    private interface SqlWork {
        void run() throws SQLException;
    }

    private static void inTransaction(Connection c, SqlWork work) throws SQLException {
        c.setAutoCommit(false);
        try {
            work.run();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /**
     * day_counts counted a moved partition's events while the lake held them: they are gone now. Only the file's rows
     * of the partition itself count (a file put in the wrong place must not change other days).
     */
    private static void uncount(Connection c, Path file, LakePartition partition) throws SQLException {
        execute(c, "INSERT INTO day_counts SELECT coalesce(aws_region, ''), CAST(event_time AS DATE), source_kind,"
                + " coalesce(event_category = 'Data', false), -count(*) FROM read_parquet(?) WHERE " + partition.where()
                + " GROUP BY ALL", List.of(file.toString()));
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
                forget(c, partition, moved == null ? null : () -> read(relative, file -> {
                    uncount(c, file, partition);
                    return null;
                }));
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
            steps.addAll(goneFromTheLake(c, new HashSet<>(files), keptFrom, act));
        }
        return steps;
    }

    /**
     * Moved partitions past the total retention whose object the lake no longer lists (a lifecycle rule on the
     * lake's bucket, a person): their local copies would otherwise be read for ever. Marked removed, the copy deleted.
     */
    private List<Step> goneFromTheLake(Connection c, Set<String> listed, LocalDate keptFrom, boolean act)
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
                forget(c, partition, () -> {
                    if (hadCopy) {
                        uncount(c, copy, partition);
                    }
                });
                try {
                    Files.deleteIfExists(copy);
                } catch (IOException e) {
                    throw new TrailKeeperException(ErrorCode.STORE_WRITE_FAILED, "cannot delete " + copy + ": "
                            + e.getMessage(), "delete it by hand; the store no longer reads it", e);
                }
            }
            steps.add(new Step(m[0], m[1], m[2], Long.parseLong(m[4]), Action.REMOVE, "older than the total retention"
                    + " (" + policy.totalDays() + " days: kept from " + keptFrom + "); " + lake + "/" + relative
                    + " was already gone from the lake (a lifecycle rule on its bucket?): its local copy "
                    + (!hadCopy ? "was gone too" : act ? "deleted" : "deleted with it")));
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

    private static String scalar(Connection c, String sql, List<Object> params) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                p.setObject(i + 1, params.get(i));
            }
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        }
    }

    private static void execute(Connection c, String sql, List<Object> params) throws SQLException {
        if (params.isEmpty()) {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
            return;
        }
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                p.setObject(i + 1, params.get(i));
            }
            p.execute();
        }
    }
}
