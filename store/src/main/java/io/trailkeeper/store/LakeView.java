package io.trailkeeper.store;

import io.trailkeeper.store.lake.LakeLayout;
import io.trailkeeper.store.lake.LakePartition;
import io.trailkeeper.store.lake.LakeSql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Hot and cold as one: on a store opened for reading, a TEMP VIEW named {@code events} (it hides the table of the
 * same name for this connection only) shows the store's events and, when {@code prune} has moved partitions into a
 * local Parquet lake, their events read from the lake's files. Everything that reads {@code events} (query,
 * investigate, detect, coverage, report, --sql) then answers from both without knowing. The view adds two columns:
 * {@code rowid} (the table's row id; a negative id for a lake row, stable within a session) and {@code raw_inline}
 * (a lake row's original record; NULL for the store's rows, whose record tk_record reads from the raw chunks).
 * Lake partitions whose file is missing or is not local are not read: {@link #unread} says which, for the coverage
 * warnings.
 */
final class LakeView {
    private final List<String> files = new ArrayList<>();
    /** The UTC day of each of {@link #files}' partitions ({@link LakeLayout#NONE} for events without a time). */
    private final List<String> dates = new ArrayList<>();
    private final List<String> unread = new ArrayList<>();
    private final List<LakePartition> unreadPartitions = new ArrayList<>();
    /** The select of the store's rows as the view shows them. */
    private String storeRows;
    /** The condition that leaves out a lake row the store also holds ("" when there is none). */
    private String notInStore = "";

    /** Installs the view on a read-only connection of the store. */
    static LakeView install(org.duckdb.DuckDBConnection connection) throws SQLException {
        LakeView view = new LakeView();
        String db;
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT current_database()")) {
            r.next();
            db = r.getString(1);
        }
        if (hasPruned(connection)) {
            try (Statement s = connection.createStatement();
                 ResultSet r = s.executeQuery("SELECT lake, account, region, date, path, rows FROM lake_pruned"
                         + " WHERE removed_at IS NULL ORDER BY path")) {
                while (r.next()) {
                    String path = r.getString(5);
                    String why = path.contains("://") ? "not a local lake" : damage(Path.of(path));
                    if (why == null) {
                        view.files.add(path);
                        view.dates.add(r.getString(4));
                    } else {
                        view.unread.add(r.getString(2) + "/" + r.getString(3) + "/" + r.getString(4) + " in "
                                + r.getString(1) + " (" + why + ")");
                        view.unreadPartitions.add(new LakePartition(r.getString(2), r.getString(3), r.getString(4),
                                r.getLong(6), null));
                    }
                }
            }
        }
        String table = quote(db) + ".main.events";
        // a store from before schema 8, opened for reading (not upgraded): its key_hash computed as it is read
        String keyHash = hasColumn(connection, "key_hash") ? "" : " " + KeyHash.of("access_key_id") + " AS key_hash,";
        // a store from before schema 13, opened for reading: its events were stored without their source identity
        String sourceIdentity = hasColumn(connection, "source_identity") ? ""
                : " CAST(NULL AS VARCHAR) AS source_identity,";
        view.storeRows = "SELECT rowid AS rowid, *," + keyHash + sourceIdentity
                + " CAST(NULL AS VARCHAR) AS raw_inline FROM " + table;
        view.notInStore = view.files.isEmpty() ? "" : duplicates(connection, table);
        if (!view.files.isEmpty()) {
            RecordFunction.registerJson(connection); // the source identity of a file from before its column
        }
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE OR REPLACE TEMP VIEW events AS " + view.select(view.files));
        }
        return view;
    }

    /**
     * The events view's rows, with only {@code readFiles} (of {@link #files}) read from the lake: all of them for the
     * view, a page's for a page ({@link #relation}). A lake row's rowid is the same in both.
     */
    private String select(List<String> readFiles) {
        if (readFiles.isEmpty()) {
            return storeRows;
        }
        StringBuilder columns = new StringBuilder();
        for (String[] c : LakeLayout.COLUMNS) {
            switch (c[0]) {
                case "record_hash" -> columns.append("CAST(record_hash AS UUID) AS record_hash, ");
                case "raw", "source_identity" -> { }
                default -> columns.append(c[0]).append(", ");
            }
        }
        return storeRows + " UNION ALL BY NAME SELECT -1 - ((list_position(" + list(files)
                + ", filename) - 1) * 4294967296 + file_row_number) AS rowid, " + columns
                + "CAST(NULL AS BIGINT) AS raw_chunk, CAST(NULL AS INTEGER) AS raw_offset,"
                + " CAST(NULL AS INTEGER) AS raw_length, CAST(NULL AS BLOB) AS raw_data, raw AS raw_inline, "
                + KeyHash.of("access_key_id") + " AS key_hash, " + LakeSql.SOURCE_IDENTITY
                + " AS source_identity FROM " + LakeSql.withAddedColumns("read_parquet(" + list(readFiles)
                + ", filename = true, file_row_number = true, hive_partitioning = false, union_by_name = true)")
                + notInStore;
    }

    private static String list(List<String> paths) {
        return "[" + String.join(", ", paths.stream().map(LakeSql::quote).toList()) + "]";
    }

    /**
     * The files of the moved partitions of the UTC days from {@code first} up to {@code end} (exclusive; null: no
     * bound), and of the partitions of events without a time when {@code undated}.
     */
    List<String> filesOfDays(java.time.LocalDate first, java.time.LocalDate end, boolean undated) {
        List<String> read = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String date = dates.get(i);
            boolean in = LakeLayout.NONE.equals(date) ? undated
                    : (first == null || !java.time.LocalDate.parse(date).isBefore(first))
                    && (end == null || java.time.LocalDate.parse(date).isBefore(end));
            if (in) {
                read.add(files.get(i));
            }
        }
        return read;
    }

    /**
     * The events view's rows with only {@code readFiles} (of {@link #files}) read from the lake, as a relation for a
     * FROM clause: the store's rows all there (the caller bounds their time).
     */
    String relation(List<String> readFiles) {
        return "(" + select(readFiles) + ")";
    }

    /**
     * Why a moved partition's file cannot be read, or null: missing, or not a whole Parquet file (cut short by a copy
     * or a restore that did not finish: it would make every read of the store fail, not only this partition's).
     */
    static String damage(Path file) {
        if (!Files.isRegularFile(file)) {
            return "file missing";
        }
        try (java.nio.channels.SeekableByteChannel c = Files.newByteChannel(file)) {
            java.nio.ByteBuffer end = java.nio.ByteBuffer.allocate(4);
            if (c.size() < 12) {
                return "file damaged: " + c.size() + " bytes";
            }
            c.position(c.size() - 4);
            while (end.hasRemaining() && c.read(end) >= 0) {
                // reads the last four bytes
            }
            return new String(end.array(), java.nio.charset.StandardCharsets.US_ASCII).equals("PAR1") ? null
                    : "file damaged: no Parquet footer";
        } catch (java.io.IOException e) {
            return "file unreadable: " + e.getMessage();
        }
    }

    /**
     * Records both in the store and in a moved partition's file (an event that arrived after its day was moved,
     * then exported with the day): the view shows the store's copy only. Found once, when the store is opened.
     */
    private static String duplicates(Connection connection, String table) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE OR REPLACE TEMP TABLE tk_lake_dupes AS SELECT e.record_hash FROM (SELECT record_hash, "
                    + LakeLayout.PARTITION_SQL + " FROM " + table + " WHERE event_time < (SELECT max(CAST(date AS"
                    + " DATE)) + 1 FROM lake_pruned WHERE removed_at IS NULL)) e JOIN lake_pruned p"
                    + " USING (account, region, date) WHERE p.removed_at IS NULL");
            try (ResultSet r = s.executeQuery("SELECT EXISTS (SELECT 1 FROM tk_lake_dupes)")) {
                r.next();
                return !r.getBoolean(1) ? "" : " WHERE CAST(record_hash AS UUID) NOT IN (SELECT record_hash FROM"
                        + " tk_lake_dupes)";
            }
        }
    }

    private static boolean hasColumn(Connection connection, String column) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("SELECT count(*) FROM duckdb_columns() WHERE table_name"
                + " = 'events' AND column_name = ? AND database_name = current_database()")) {
            p.setString(1, column);
            try (ResultSet r = p.executeQuery()) {
                return r.next() && r.getLong(1) > 0;
            }
        }
    }

    private static boolean hasPruned(Connection connection) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("SELECT count(*) FROM duckdb_tables() WHERE table_name"
                + " = 'lake_pruned' AND database_name = current_database()"); ResultSet r = p.executeQuery()) {
            return r.next() && r.getLong(1) > 0;
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }


    /** The lake files the view reads. */
    List<String> files() {
        return List.copyOf(files);
    }

    /** Pruned partitions the view cannot read, with the rows moved there. */
    List<LakePartition> unreadPartitions() {
        return List.copyOf(unreadPartitions);
    }

    /** Pruned partitions the view cannot read, in words. */
    List<String> unread() {
        return List.copyOf(unread);
    }
}
