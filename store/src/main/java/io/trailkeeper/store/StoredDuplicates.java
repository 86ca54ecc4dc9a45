package io.trailkeeper.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.function.IntPredicate;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Finds which records of a batch the store holds already, for a {@link BatchWriter}, on a connection of its own (it
 * sees what the writer's earlier transactions committed). The batch's hashes go into a temporary table, joined with
 * the stored hashes; equal hashes mean equal records and so equal times, so the batch's time range lets DuckDB skip
 * the row groups that cannot hold a duplicate.
 *
 * <p>A writer that is the store's only one while it is open ({@code sole}: an ingest; another process cannot open the
 * store for writing) looks up only what can be stored: where the store held no event of the batch's time range when
 * the writer opened, only records the writer inserted itself, as a {@link HashFilter} of their hashes tells. On a new
 * store that spares every lookup (245 of about 20 ms each for 2 million events).
 *
 * <p>Records of the days {@code prune} moved to the lake are no longer in the store's table: a batch whose time range
 * touches a moved day is looked up whole, in the store and in those days' lake files ({@link MovedDuplicates}).
 */
final class StoredDuplicates implements AutoCloseable {
    /** Made anew for each batch: DuckDB keeps the deleted rows of a temporary table, which then grows. */
    private static final String BATCH_KEYS = "CREATE OR REPLACE TEMP TABLE batch_keys (h UUID NOT NULL)";

    private final DuckDBConnection connection;
    /** The hashes the writer inserted, when it is the store's only writer; else null. */
    private final HashFilter inserted;
    /**
     * The time range of the events the store held when the writer opened, {first, last} in epoch microseconds; null
     * when it held none with a time, or when the writer is not the only one.
     */
    private final long[] held;
    /** The partitions moved to the lake, read once at the open. */
    private final MovedDuplicates moved;

    /** @param sole whether nothing else writes events to the store while the writer is open */
    StoredDuplicates(DuckDBConnection store, boolean sole) throws SQLException {
        this.connection = store.duplicate();
        try (Statement s = connection.createStatement()) {
            s.execute(BATCH_KEYS);
            this.held = sole ? heldRange(s) : null;
            this.moved = MovedDuplicates.load(s);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        this.inserted = sole ? new HashFilter(27) : null;
    }

    /** The hashes of the batch's records that the store holds. */
    HashSet128 find(IngestBatch b) throws SQLException {
        boolean inLake = moved.overlaps(b);
        IntPredicate rows = inLake ? i -> true : mayBeStored(b);
        EventVectors vectors = b.vectors();
        HashSet128 found = new HashSet128(16);
        int keyed = 0;
        try (DuckDBAppender keys = connection.createAppender("temp", "main", "batch_keys")) {
            for (int i = 0; i < vectors.rows(); i++) {
                if (rows.test(i)) {
                    keys.beginRow();
                    keys.appendUUID(vectors.hashHi(i), vectors.hashLo(i));
                    keys.endRow();
                    keyed++;
                }
            }
        }
        if (keyed == 0) {
            return found;
        }
        held(connection, "record_hash", "events", b, found);
        if (inLake) {
            moved.find(connection, b, found);
        }
        try (Statement s = connection.createStatement()) {
            s.execute(BATCH_KEYS);
        }
        return found;
    }

    /**
     * Adds to {@code found} the hashes in {@code batch_keys} that {@code from} holds (its {@code hash} column, a UUID)
     * within the batch's time range: the store's table, or a moved partition's lake files ({@link MovedDuplicates}).
     */
    static void held(Connection connection, String hash, String from, IngestBatch b, HashSet128 found)
            throws SQLException {
        boolean range = !b.nullTime && b.minTime != null;
        try (PreparedStatement p = connection.prepareStatement("SELECT l.h FROM (SELECT " + hash + " AS h FROM " + from
                + (range ? " WHERE event_time BETWEEN ? AND ?" : "") + ") l SEMI JOIN batch_keys k ON l.h = k.h")) {
            if (range) {
                p.setObject(1, Times.toLocal(b.minTime));
                p.setObject(2, Times.toLocal(b.maxTime));
            }
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    UUID h = (UUID) r.getObject(1);
                    found.add(h.getMostSignificantBits(), h.getLeastSignificantBits());
                }
            }
        }
    }

    /** Tells that the writer inserts a record with this hash (in the transaction it is writing). */
    void inserted(long hi, long lo) {
        if (inserted != null) {
            inserted.add(hi, lo);
        }
    }

    /**
     * The rows of a batch whose records may be stored: all of them, unless the writer is the only one and the store
     * held no event of the batch's time range when it opened; then only those the writer may have inserted (a batch
     * with a record without a time is looked up whole: such records are stored with none).
     */
    private IntPredicate mayBeStored(IngestBatch b) {
        if (inserted == null || b.nullTime || b.minTime == null || (held != null
                && Times.epochMicros(b.minTime) <= held[1] && Times.epochMicros(b.maxTime) >= held[0])) {
            return i -> true;
        }
        EventVectors vectors = b.vectors();
        return i -> inserted.mightContain(vectors.hashHi(i), vectors.hashLo(i));
    }

    /** The time range of the stored events, {first, last} in epoch microseconds; null if none has a time. */
    private static long[] heldRange(Statement s) throws SQLException {
        try (ResultSet r = s.executeQuery("SELECT epoch_us(min(event_time)), epoch_us(max(event_time)) FROM events")) {
            r.next();
            long first = r.getLong(1);
            boolean none = r.wasNull();
            long last = r.getLong(2);
            return none ? null : new long[] {first, last};
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
