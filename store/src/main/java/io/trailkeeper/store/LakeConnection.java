package io.trailkeeper.store;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.sql.Connection;
import java.sql.SQLException;
import org.duckdb.DuckDBColumnType;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDataChunkReader;
import org.duckdb.DuckDBFunctions;
import org.duckdb.DuckDBReadableVector;
import org.duckdb.DuckDBWritableVector;

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
            Lookup lookup = new Lookup(cache);
            DuckDBFunctions.scalarFunction()
                    .withName("tk_record")
                    .withParameters(DuckDBColumnType.BIGINT, DuckDBColumnType.INTEGER, DuckDBColumnType.INTEGER)
                    .withReturnType(DuckDBColumnType.VARCHAR)
                    .withVectorizedFunction(lookup::apply)
                    .register(own);
            return own;
        } catch (SQLException e) {
            throw new TrailKeeperException(ErrorCode.STORE_UNREADABLE, "cannot prepare the store " + store.path()
                    + " for the lake: " + EventStore.firstLine(e.getMessage()), null, e);
        }
    }

    /** The record behind (chunk, offset, length); DuckDB may call it from several threads. */
    private static final class Lookup {
        private final ChunkCache chunks;

        Lookup(ChunkCache chunks) {
            this.chunks = chunks;
        }

        synchronized void apply(DuckDBDataChunkReader input, DuckDBWritableVector output) throws SQLException {
            DuckDBReadableVector chunk = input.vector(0);
            DuckDBReadableVector offset = input.vector(1);
            DuckDBReadableVector length = input.vector(2);
            long rows = input.rowCount();
            byte[][] values = new byte[(int) rows][];
            for (int i = 0; i < rows; i++) {
                if (!chunk.isNull(i)) {
                    values[i] = chunks.record(chunk.getLong(i), offset.getInt(i), length.getInt(i));
                }
            }
            output.setStringUtf8Batch(0, values);
        }
    }
}
