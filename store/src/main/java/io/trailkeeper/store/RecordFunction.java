package io.trailkeeper.store;

import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBColumnType;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDataChunkReader;
import org.duckdb.DuckDBFunctions;
import org.duckdb.DuckDBReadableVector;
import org.duckdb.DuckDBWritableVector;

/**
 * The SQL function {@code tk_record(raw_chunk, raw_offset, raw_length)}: the original record (text) behind a
 * row's place in the raw chunks, NULL for a NULL chunk. It reads chunks through a connection of its own (the
 * calling one is busy with the query); DuckDB may call it from several threads. And {@code tk_json(text)}, a
 * record's text as JSON ({@link EventSearch#RECORD}): a text DuckDB's JSON reader refuses for a lone surrogate
 * escape is read with U+FFFD in its place ({@link SurrogateEscapes}), where it made the whole statement fail; only
 * such a text costs more than the cast it always was (TRY_CAST, then the repair).
 */
final class RecordFunction {
    private final ChunkCache chunks;

    private RecordFunction(ChunkCache chunks) {
        this.chunks = chunks;
    }

    /** Registers tk_record on {@code target}, reading chunks through {@code chunks}. */
    static void register(DuckDBConnection target, ChunkCache chunks) throws SQLException {
        RecordFunction f = new RecordFunction(chunks);
        DuckDBFunctions.scalarFunction()
                .withName("tk_record")
                .withParameters(DuckDBColumnType.BIGINT, DuckDBColumnType.INTEGER, DuckDBColumnType.INTEGER)
                .withReturnType(DuckDBColumnType.VARCHAR)
                .withVectorizedFunction(f::apply)
                .register(target);
        registerJson(target);
    }

    /**
     * Registers tk_json on {@code target}, once: {@link LakeView} needs it for a lake file's records before tk_record
     * is registered.
     */
    static void registerJson(DuckDBConnection target) throws SQLException {
        try (Statement s = target.createStatement();
             java.sql.ResultSet r = s.executeQuery("SELECT count(*) FROM duckdb_functions()"
                     + " WHERE function_name = 'tk_json'")) {
            r.next();
            if (r.getLong(1) > 0) {
                return;
            }
        }
        DuckDBFunctions.scalarFunction()
                .withName("tk_surrogates_repaired")
                .withParameters(DuckDBColumnType.VARCHAR)
                .withReturnType(DuckDBColumnType.VARCHAR)
                .withVectorizedFunction(RecordFunction::repair)
                .register(target);
        try (Statement s = target.createStatement()) {
            s.execute("CREATE TEMP MACRO tk_json(text) AS coalesce(TRY_CAST(text AS JSON),"
                    + " CAST(tk_surrogates_repaired(text) AS JSON))");
        }
    }

    private static void repair(DuckDBDataChunkReader input, DuckDBWritableVector output) throws SQLException {
        DuckDBReadableVector text = input.vector(0);
        for (long i = 0; i < input.rowCount(); i++) {
            output.setString(i, text.isNull(i) ? null : SurrogateEscapes.repaired(text.getString(i)));
        }
    }

    private synchronized void apply(DuckDBDataChunkReader input, DuckDBWritableVector output) throws SQLException {
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
