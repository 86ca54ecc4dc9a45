package io.trailkeeper.store;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.sql.Connection;
import java.sql.SQLException;
import org.duckdb.DuckDBConnection;

/**
 * A connection to a store opened for writing, for TrailKeeper's own statements that write the Parquet lake (the
 * {@code lake} package): the events table with {@code tk_record(raw_chunk, raw_offset, raw_length)}, the original
 * record as text, and {@code COPY ... TO} a file allowed (unlike the locked-down connection of {@code query --sql}).
 * It closes with the store. Kept in this package because the store's own connection is not public.
 */
public final class LakeConnection {
    private LakeConnection() {
    }

    /** A new connection to {@code store} with tk_record registered; user text never reaches it as SQL. */
    public static Connection open(EventStore store) {
        if (store.readOnly()) {
            throw new IllegalStateException("the lake is written from a store opened for writing");
        }
        try {
            DuckDBConnection own = store.connection().duplicate();
            store.closeWithStore(own);
            // the function reads chunks through a connection of its own: the calling one is busy with the query
            DuckDBConnection reader = store.connection().duplicate();
            store.closeWithStore(reader);
            ChunkCache cache = new ChunkCache(reader);
            store.closeWithStore(cache);
            RecordFunction.register(own, cache);
            return own;
        } catch (SQLException e) {
            throw new TrailKeeperException(ErrorCode.STORE_UNREADABLE, "cannot prepare the store " + store.path()
                    + " for the lake: " + EventStore.firstLine(e.getMessage()), null, e);
        }
    }

}
