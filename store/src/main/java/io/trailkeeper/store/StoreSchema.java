package io.trailkeeper.store;

import static io.trailkeeper.store.EventStore.SCHEMA_VERSION;
import static io.trailkeeper.store.EventStore.resource;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import org.duckdb.DuckDBConnection;

/**
 * The store's schema at open: a new store gets every schema step ({@code schema-N.sql}) up to {@link
 * EventStore#SCHEMA_VERSION}, an older one opened for writing the steps it lacks; a store newer than this TrailKeeper
 * is refused, and a file without store_meta opened for reading is no store.
 */
final class StoreSchema {
    private final DuckDBConnection connection;
    private final Path path;
    private final boolean readOnly;
    private final Clock clock;

    StoreSchema(DuckDBConnection connection, Path path, boolean readOnly, Clock clock) {
        this.connection = connection;
        this.path = path;
        this.readOnly = readOnly;
        this.clock = clock;
    }

    /** Creates, checks or upgrades the schema through {@code s}, a statement of the store's connection. */
    void ensure(Statement s) throws SQLException {
        boolean exists;
        try (ResultSet r = s.executeQuery("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'store_meta'"
                + " AND database_name = current_database()")) {
            r.next();
            exists = r.getLong(1) > 0;
        }
        if (!exists) {
            if (readOnly) {
                throw new TrailKeeperException(ErrorCode.STORE_UNREADABLE, path + " is not a TrailKeeper store",
                        "point --store at a store that `trailkeeper ingest` created");
            }
            createSchema(s);
        }
        checkVersion(s);
    }

    private void createSchema(Statement s) throws SQLException {
        StoreSql.inTransaction(connection, () -> {
            for (int v = 1; v <= SCHEMA_VERSION; v++) {
                s.execute(resource("schema-" + v + ".sql"));
            }
            s.execute("INSERT INTO store_meta VALUES ('schema_version', '" + SCHEMA_VERSION + "'), ('created_at', '"
                    + clock.instant() + "')");
            s.execute(ColumnRules.atCreate());
        });
    }

    private void checkVersion(Statement s) throws SQLException {
        int version;
        try (ResultSet r = s.executeQuery("SELECT value FROM store_meta WHERE key = 'schema_version'")) {
            version = r.next() ? Integer.parseInt(r.getString(1)) : 0;
        }
        if (version < SCHEMA_VERSION && !readOnly) {
            upgrade(s, version);
        } else if (version > SCHEMA_VERSION) {
            throw new TrailKeeperException(ErrorCode.STORE_NEWER, "the store " + path + " has schema version "
                    + version + ", newer than this TrailKeeper understands (" + SCHEMA_VERSION + ")",
                    "use a newer TrailKeeper");
        }
    }

    /** Brings an older store up to this version; each step only adds, so older data stays as it was. */
    private void upgrade(Statement s, int from) throws SQLException {
        StoreSql.inTransaction(connection, () -> {
            for (int v = from + 1; v <= SCHEMA_VERSION; v++) {
                s.execute(resource("schema-" + v + ".sql"));
            }
            if (from < 13) {
                // the events stored so far have no source_identity: person searches say so (SourceIdentityCoverage)
                s.execute(SourceIdentityCoverage.recordAtUpgrade());
            }
            s.execute("UPDATE store_meta SET value = '" + SCHEMA_VERSION + "' WHERE key = 'schema_version'");
        });
    }
}
