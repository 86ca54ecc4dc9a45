package io.trailkeeper.store;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The read-only room SQL runs in (query --sql's and the investigations' statements): tk_record and the cloudtrail
 * view registered, files outside the store unreachable, settings locked; and what a refused user statement is told.
 */
final class SqlSandbox {
    private SqlSandbox() {
    }

    /**
     * Registers tk_record and the cloudtrail view on a store opened for reading, once, and locks its
     * settings. {@code streaming} when nothing else will read this store after the statement about to
     * run (query --sql's one statement): the results then come to Java as DuckDB makes them, where DuckDB's JDBC
     * driver otherwise holds a whole result first ({@code SELECT * FROM cloudtrail} over 2 million events took 5 GB,
     * 1 GB streamed). Not for the rest: a streamed result ends when another statement runs on the connection, and
     * {@link PagedRecords} reads chunks between the rows of its query. Settings are locked after the first call, so
     * only a first call can ask for it.
     */
    static void prepare(EventStore store, boolean streaming) {
        if (store.sqlPrepared) {
            return;
        }
        try (Statement s = store.connection().createStatement()) {
            // the UDF reads chunks through a connection of its own: the calling one is busy with the query
            java.sql.Connection own = store.connection().duplicate();
            store.closeWithStore(own);
            ChunkCache cache = new ChunkCache(own);
            store.closeWithStore(cache);
            store.chunkCache = cache;
            RecordFunction.register(store.connection(), cache);
            s.execute("CREATE TEMP VIEW cloudtrail AS SELECT * EXCLUDE (rowid, raw_chunk, raw_offset, raw_length,"
                    + " raw_data, raw_inline), " + EventSearch.RECORD + " AS record FROM events");
            List<String> lake = store.lakeFiles();
            if (!lake.isEmpty()) {
                // the lake's files stay readable through the events view once other files no longer are
                StringBuilder paths = new StringBuilder("SET allowed_paths = [");
                for (int i = 0; i < lake.size(); i++) {
                    paths.append(i == 0 ? "" : ", ").append("'").append(lake.get(i).replace("'", "''")).append("'");
                }
                s.execute(paths.append("]").toString());
            }
            s.execute("SET enable_external_access = false");
            if (streaming) {
                s.execute("SET jdbc_stream_results = true");
            }
            s.execute("SET lock_configuration = true");
            store.sqlPrepared = true;
        } catch (SQLException e) {
            throw new TrailKeeperException(ErrorCode.STORE_UNREADABLE, "reading the store " + store.path()
                    + " failed: " + EventStore.firstLine(e.getMessage()), null, e);
        }
    }

    /** Why user SQL failed: a file outside the store, a change to the store, or an error in the SQL itself. */
    static TrailKeeperException refused(SQLException e) {
        String message = EventStore.firstLine(e.getMessage());
        // DuckDB's enable_external_access=false: "Cannot access file ...: file system operations are disabled"
        if (message.contains("Cannot access file") || message.contains("file system operations are disabled")) {
            return new TrailKeeperException(ErrorCode.SQL_NOT_READ_ONLY, "--sql reads only the store: " + message,
                    "files outside the store cannot be read or written with --sql: load CloudTrail files with"
                            + " `trailkeeper ingest`, or read other files with DuckDB itself", e);
        }
        // events is a view on a store opened for reading: changing it is refused as "not a base table"
        if (message.contains("read-only") || message.contains("read only") || message.contains("disabled")
                || message.contains("locked") || message.contains("base table") || message.contains("is not an table")
                || message.contains("is not a table")) {
            return new TrailKeeperException(ErrorCode.SQL_NOT_READ_ONLY, "--sql is read-only: " + message,
                    "use SELECT (or WITH, DESCRIBE, SUMMARIZE); change the store with ingest and prune", e);
        }
        return new TrailKeeperException(ErrorCode.SQL_ERROR, "the SQL failed: " + message,
                "the tables and columns are listed under `trailkeeper query --help` and in the README", e);
    }
}
