package io.trailkeeper.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * DuckDB's own JSON reader loading trail files into a table with TrailKeeper's typed columns, without the raw
 * record, without deduplication and without provenance: the bar that ingest must clear.
 */
final class DuckDbBaseline {
    private static final String RECORD = "STRUCT(eventTime TIMESTAMP, eventID VARCHAR, eventSource VARCHAR,"
            + " eventName VARCHAR, awsRegion VARCHAR, recipientAccountId VARCHAR, userIdentity STRUCT(type VARCHAR,"
            + " arn VARCHAR, userName VARCHAR, accessKeyId VARCHAR, sessionContext STRUCT(sessionIssuer"
            + " STRUCT(arn VARCHAR), sourceIdentity VARCHAR), onBehalfOf STRUCT(userId VARCHAR)),"
            + " sourceIPAddress VARCHAR, userAgent VARCHAR, errorCode VARCHAR, readOnly BOOLEAN,"
            + " eventCategory VARCHAR, eventType VARCHAR, resources STRUCT(\"ARN\" VARCHAR, \"ARNPrefix\" VARCHAR)[])";

    private DuckDbBaseline() {
    }

    /** Loads every .json.gz under dir into a new database file; returns the rows loaded. */
    static long load(Path dir, Path database, int threads) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + database.toAbsolutePath());
             Statement s = c.createStatement()) {
            s.execute("SET threads = " + threads);
            s.execute("SET preserve_insertion_order = false");
            String glob = dir.toAbsolutePath() + "/**/*.json.gz";
            s.execute("CREATE TABLE events AS SELECT r.eventTime AS event_time, r.eventID AS event_id,"
                    + " r.eventSource AS event_source, r.eventName AS event_name, r.awsRegion AS aws_region,"
                    + " r.recipientAccountId AS recipient_account_id, r.userIdentity.type AS identity_type,"
                    + " r.userIdentity.arn AS principal_arn, r.userIdentity.userName AS user_name,"
                    + " r.userIdentity.accessKeyId AS access_key_id,"
                    + " r.userIdentity.sessionContext.sessionIssuer.arn AS session_issuer_arn,"
                    + " r.sourceIPAddress AS source_ip, r.userAgent AS user_agent, r.errorCode AS error_code,"
                    + " r.readOnly AS read_only, r.eventCategory AS event_category, r.eventType AS event_type,"
                    + " list_transform(r.resources, lambda x: coalesce(x.\"ARN\", x.\"ARNPrefix\")) AS resources,"
                    + " coalesce(r.userIdentity.sessionContext.sourceIdentity, r.userIdentity.onBehalfOf.userId)"
                    + " AS source_identity"
                    + " FROM (SELECT unnest(Records) AS r FROM read_json('" + glob.replace("'", "''") + "',"
                    + " records = true, format = 'auto', columns = {Records: '" + RECORD + "[]'}))");
            s.execute("CHECKPOINT");
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM events")) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    static long size(Path database) throws java.io.IOException {
        Path wal = Path.of(database + ".wal");
        return Files.size(database) + (Files.exists(wal) ? Files.size(wal) : 0);
    }
}
