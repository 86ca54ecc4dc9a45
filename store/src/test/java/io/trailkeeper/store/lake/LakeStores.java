package io.trailkeeper.store.lake;

import io.trailkeeper.store.EventQuery;
import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.Ingest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/** The lake tests' helpers: a store of shared data, exports, and a DuckDB of its own reading the lake back. */
final class LakeStores {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);
    static final LakeExport.Listener QUIET = new LakeExport.Listener() {
        @Override
        public void planned(int partitions, int unchanged, long events) {
        }

        @Override
        public void written(int partitionsDone, long eventsDone) {
        }
    };

    private LakeStores() {
    }

    static Path shared(String relative) {
        Path p = Path.of(System.getProperty("trailkeeper.shared", "../../shared"), "data", relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("test data missing: " + p.toAbsolutePath());
        }
        return p;
    }

    static Supplier<EventStore> opener(Path store) {
        return () -> EventStore.openForWriting(store, EventStore.StoreOptions.defaults().withClock(CLOCK));
    }

    static void ingest(Path store, Path... inputs) {
        try (EventStore s = opener(store).get()) {
            new Ingest(s, Ingest.Options.defaults(), new Ingest.Listener() {
            }).run(List.of(inputs));
        }
    }

    static LakeExport.Summary export(Path store, LakeTarget lake) {
        return new LakeExport(opener(store), lake, CLOCK, Duration.ofSeconds(30)).run(null, null, QUIET);
    }

    /** The store's original records, as query writes them, sorted. */
    static List<String> storeRecords(Path store) {
        List<String> out = new ArrayList<>();
        try (EventStore s = EventStore.openForReading(store, EventStore.StoreOptions.defaults())) {
            new EventSearch(s).records(EventQuery.all(), b -> out.add(new String(b, StandardCharsets.UTF_8)));
        }
        out.sort(null);
        return out;
    }

    /** One value of a query over the store's events table. */
    static String storeValue(Path store, String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + store.toAbsolutePath(), readOnly())) {
            return value(c, sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static java.util.Properties readOnly() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("access_mode", "READ_ONLY");
        return p;
    }

    /** One value of a query run by an in-memory DuckDB (the lake read as any user would). */
    static String lakeValue(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            return value(c, sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> lakeColumn(String sql) {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static String value(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    /** {@code read_parquet} over every partition file of a local lake, with the partition columns. */
    static String lake(Path root) {
        return "read_parquet('" + root.toAbsolutePath().toString().replace("'", "''") + "/events/*/*/*/*.parquet',"
                + " hive_partitioning = true)";
    }

    /** A copy of the first of the store's records holding {@code from}, with it replaced and a new eventID. */
    static Path variant(Path store, Path dir, String from, String to) throws IOException {
        String record = storeRecords(store).stream().filter(r -> r.contains(from)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no record with " + from + " in the store"));
        String changed = record.replaceFirst("\"eventID\":\"[^\"]*\"", "\"eventID\":\"" + UUID.randomUUID() + "\"")
                .replace(from, to);
        Path file = dir.resolve(UUID.randomUUID() + ".json");
        Files.writeString(file, "{\"Records\":[" + changed + "]}");
        return file;
    }
}
