package io.trailkeeper.store.ocsf;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Turns a file of OCSF JSON lines into a zstd Parquet file with DuckDB (an in-memory database of its own, not the
 * store's connection). The columns are {@link #COLUMNS}, fixed rather than inferred, so that every file of the
 * export has the same schema whatever its events hold: objects are STRUCTs, attributes of OCSF type json_t
 * (api.request.data, api.response.data) and unmapped are JSON, time values are epoch milliseconds (BIGINT), time_dt
 * a UTC timestamp (TIMESTAMPTZ: Parquet's timestamp adjusted to UTC, as Athena and Spark read it).
 */
final class OcsfParquet implements AutoCloseable {
    private static final String ACCOUNT = "STRUCT(uid VARCHAR, type VARCHAR, type_id INTEGER)";
    private static final String USER = "STRUCT(type VARCHAR, uid VARCHAR, uid_alt VARCHAR, name VARCHAR,"
            + " credential_uid VARCHAR, account " + ACCOUNT + ")";

    /** The DuckDB columns of an OCSF event as {@link OcsfMapper} writes it, in the order of the Parquet file. */
    static final String COLUMNS = "{"
            + "class_uid: 'INTEGER', class_name: 'VARCHAR', category_uid: 'INTEGER', category_name: 'VARCHAR',"
            + " activity_id: 'INTEGER', activity_name: 'VARCHAR', type_uid: 'BIGINT', type_name: 'VARCHAR',"
            + " time: 'BIGINT', time_dt: 'TIMESTAMPTZ', severity_id: 'INTEGER', severity: 'VARCHAR',"
            + " status_id: 'INTEGER',"
            + " status: 'VARCHAR', status_code: 'VARCHAR', status_detail: 'VARCHAR', message: 'VARCHAR',"
            + " metadata: 'STRUCT(version VARCHAR, product STRUCT(name VARCHAR, vendor_name VARCHAR,"
            + " version VARCHAR, feature STRUCT(name VARCHAR)), uid VARCHAR, event_code VARCHAR, original_time VARCHAR,"
            + " profiles VARCHAR[])',"
            + " cloud: 'STRUCT(provider VARCHAR, region VARCHAR, account " + ACCOUNT + ")',"
            + " actor: 'STRUCT(\"user\" " + USER + ", session STRUCT(created_time BIGINT, is_mfa BOOLEAN,"
            + " issuer VARCHAR, credential_uid VARCHAR), invoked_by VARCHAR, idp STRUCT(name VARCHAR))',"
            + " src_endpoint: 'STRUCT(ip VARCHAR, domain VARCHAR, name VARCHAR, uid VARCHAR, svc_name VARCHAR)',"
            + " http_request: 'STRUCT(user_agent VARCHAR)',"
            + " api: 'STRUCT(operation VARCHAR, service STRUCT(name VARCHAR), version VARCHAR,"
            + " request STRUCT(uid VARCHAR, data JSON), response STRUCT(error VARCHAR, message VARCHAR, data JSON))',"
            + " resources: 'STRUCT(uid VARCHAR, type VARCHAR, name VARCHAR, owner STRUCT(account " + ACCOUNT + "))[]',"
            + " \"user\": '" + USER + "', is_mfa: 'BOOLEAN', service: 'STRUCT(name VARCHAR)',"
            + " policy: 'STRUCT(uid VARCHAR, name VARCHAR)', unmapped: 'JSON', raw_data: 'VARCHAR'}";

    private final Connection db;

    OcsfParquet() throws SQLException {
        db = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = db.createStatement()) {
            s.execute("SET threads = 1");
            s.execute("SET preserve_insertion_order = true");
        }
    }

    /** Writes {@code jsonLines} as {@code parquet} (zstd), rows in the order of the lines. */
    void convert(Path jsonLines, Path parquet) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("COPY (SELECT * FROM " + reader(jsonLines) + ") TO " + literal(parquet)
                    + " (FORMAT parquet, COMPRESSION zstd)");
        }
    }

    /** The read_json call that reads an export's JSON lines with the Parquet file's columns. */
    static String reader(Path jsonLines) {
        return "read_json(" + literal(jsonLines) + ", format = 'newline_delimited', columns = " + COLUMNS
                + ", maximum_object_size = 268435456)";
    }

    /** A path as a SQL string literal (a quote in a folder name is doubled, never interpreted). */
    static String literal(Path path) {
        return "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }
}
