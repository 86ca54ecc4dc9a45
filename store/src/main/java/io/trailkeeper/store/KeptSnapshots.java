package io.trailkeeper.store;

import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshots;
import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The account snapshots {@code audit} looked at, kept in the store so that {@code report} can show the
 * account's logging set-up beside its events, offline. One row per account and collection time: keeping the
 * same snapshot again replaces it. Collect once, evaluate purely: the audit's findings are computed again
 * from the kept snapshot, never stored.
 */
public final class KeptSnapshots {
    private final EventStore store;

    /**
     * A snapshot as it was kept.
     *
     * @param snapshot        the account's set-up
     * @param keptAt          when it was put in the store
     * @param criticalBuckets the buckets the user named critical for that audit
     * @param breakGlassRoles the break-glass roles the user named for that audit
     */
    public record Kept(AccountSnapshot snapshot, Instant keptAt, List<String> criticalBuckets,
                       List<String> breakGlassRoles) {
        public Kept {
            Objects.requireNonNull(snapshot, "snapshot");
            criticalBuckets = List.copyOf(criticalBuckets);
            breakGlassRoles = List.copyOf(breakGlassRoles);
        }
    }

    public KeptSnapshots(EventStore store) {
        this.store = store;
    }

    /**
     * Keeps a snapshot with what the user told its audit. The store must be open for writing.
     *
     * @throws TrailKeeperException when the snapshot has no account or collection time, or the write fails
     */
    public void keep(AccountSnapshot snapshot, List<String> criticalBuckets, List<String> breakGlassRoles) {
        if (snapshot.account() == null || snapshot.collectedAt() == null) {
            throw new TrailKeeperException(ErrorCode.USAGE, "the snapshot names no account or collection time, so"
                    + " it cannot be kept in the store " + store.path(), "collect a new one with `trailkeeper audit`");
        }
        String sql = "INSERT OR REPLACE INTO account_snapshots VALUES (?, ?, ?, ?, ?, ?)";
        try (PreparedStatement p = store.connection().prepareStatement(sql)) {
            p.setString(1, snapshot.account());
            p.setObject(2, Times.toLocal(snapshot.collectedAt()));
            p.setObject(3, Times.toLocal(store.options().clock().instant()));
            p.setArray(4, store.connection().createArrayOf("VARCHAR", criticalBuckets.toArray()));
            p.setArray(5, store.connection().createArrayOf("VARCHAR", breakGlassRoles.toArray()));
            p.setString(6, AccountSnapshots.toJson(snapshot));
            p.executeUpdate();
        } catch (SQLException e) {
            throw new TrailKeeperException(ErrorCode.STORE_WRITE_FAILED, "keeping the snapshot of account "
                    + snapshot.account() + " in the store " + store.path() + " failed: "
                    + EventStore.firstLine(e.getMessage()), "check that the store is writable", e);
        }
    }

    /** The newest snapshot of each account, by account; empty when none was kept (or the store predates them). */
    public List<Kept> latest() {
        List<Kept> out = new ArrayList<>();
        if (!hasTable()) {
            return out;
        }
        String sql = "SELECT snapshot::VARCHAR, kept_at, critical_buckets, break_glass_roles FROM account_snapshots"
                + " QUALIFY row_number() OVER (PARTITION BY account ORDER BY taken_at DESC, kept_at DESC) = 1"
                + " ORDER BY account";
        try (PreparedStatement p = store.connection().prepareStatement(sql); ResultSet r = p.executeQuery()) {
            while (r.next()) {
                AccountSnapshot s = AccountSnapshots.fromJson(r.getString(1), "the snapshot kept in " + store.path());
                out.add(new Kept(s, Times.fromLocal(r.getObject(2, LocalDateTime.class)), strings(r.getArray(3)),
                        strings(r.getArray(4))));
            }
        } catch (SQLException e) {
            throw new TrailKeeperException(ErrorCode.STORE_UNREADABLE, "reading the kept snapshots of the store "
                    + store.path() + " failed: " + EventStore.firstLine(e.getMessage()), null, e);
        }
        return out;
    }

    private boolean hasTable() {
        try (PreparedStatement p = store.connection().prepareStatement("SELECT count(*) FROM duckdb_tables()"
                + " WHERE table_name = 'account_snapshots' AND database_name = current_database()");
             ResultSet r = p.executeQuery()) {
            // a store of schema version 3 opened read-only is not upgraded: it has no snapshots
            return r.next() && r.getLong(1) > 0;
        } catch (SQLException e) {
            throw new TrailKeeperException(ErrorCode.STORE_UNREADABLE, "reading the store " + store.path()
                    + " failed: " + EventStore.firstLine(e.getMessage()), null, e);
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        List<String> out = new ArrayList<>();
        if (array != null) {
            for (Object o : (Object[]) array.getArray()) {
                out.add(String.valueOf(o));
            }
        }
        return out;
    }
}
