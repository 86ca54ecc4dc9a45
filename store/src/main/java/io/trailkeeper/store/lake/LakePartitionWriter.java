package io.trailkeeper.store.lake;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes one partition's file: its store rows (and, when the lake already holds the partition, the file's rows of the
 * partition the store no longer has, so that a pruned day is never lost to a late event) copied by DuckDB to a temporary file,
 * put in place atomically, read back, and only when its row count and checksum are what was meant recorded in
 * {@code lake_exports} with {@code verified_at}, the file's checksum, and the store's (what the next export compares
 * the store with: they differ when the file also holds rows prune moved out of the store).
 */
final class LakePartitionWriter {
    private final Connection connection;
    private final LakeTarget target;
    private final Clock clock;

    LakePartitionWriter(Connection connection, LakeTarget target, Clock clock) {
        this.connection = connection;
        this.target = target;
        this.clock = clock;
    }

    /** What was written: the partition, the file's rows and its size. */
    record Written(LakePartition partition, long rows, long bytes) {
    }

    /** The lake holds a file at a partition's place that is not a lake file: it is left as it is, never merged. */
    static final class ForeignFile extends IOException {
        ForeignFile(String message) {
            super(message);
        }
    }

    Written write(LakePartition p) throws SQLException, IOException {
        return write(p, List.of());
    }

    /**
     * Writes the partition with, besides its store rows, the rows of {@code moved} (local files of the partition
     * prune moved to other lakes, which the store's readers read) that the store does not hold.
     */
    Written write(LakePartition p, List<Path> moved) throws SQLException, IOException {
        String file = p.file();
        boolean previous = target.exists(file);
        Path temporary = target.temporary(file);
        try {
            // the old file read once (a remote lake's object fetched once): a lake file, then its rows merged
            String expected = previous ? target.read(file, old -> {
                String missing = missingColumns(old);
                if (!missing.isEmpty()) {
                    throw new ForeignFile(target.location() + "/" + file + " (" + missing + ")");
                }
                return copy(p, concat(old, moved), temporary);
            }) : copy(p, moved, temporary);
            long bytes = target.put(temporary, file);
            String found = target.read(file, this::checksum);
            if (!found.equals(expected)) {
                throw new TrailKeeperException(ErrorCode.STORE_WRITE_FAILED, "the lake file " + target.location() + "/"
                        + file + " read back as " + found + " (checksum:rows), not " + expected
                        + "; it was not recorded as exported",
                        "run the export again: an unrecorded partition is written again");
            }
            record(p, file, found);
            return new Written(p, Long.parseLong(found.substring(found.lastIndexOf(':') + 1)), bytes);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static List<Path> concat(Path old, List<Path> moved) {
        List<Path> all = new java.util.ArrayList<>(moved);
        all.add(0, old);
        return all;
    }

    /**
     * Copies the partition to {@code into}, with the rows of {@code others} (lake files of it) the store does not
     * hold, each once, and returns the checksum its rows must have.
     */
    private String copy(LakePartition p, List<Path> others, Path into) throws IOException {
        String rows = "SELECT " + LakeSql.STORE_COLUMNS + " FROM events WHERE " + p.where();
        String hashes = "SELECT CAST(record_hash AS VARCHAR) AS record_hash FROM events WHERE " + p.where();
        if (!others.isEmpty()) {
            // only the files' rows of this partition: a file of another day put in its place (an older copy of
            // the lake restored) must not spread that day's rows into this one; a row in two files taken once
            String kept = " FROM (SELECT " + oldColumns() + " FROM " + LakeSql.readParquet(others) + " WHERE "
                    + p.where() + " AND CAST(record_hash AS VARCHAR) NOT IN (" + hashes + ")"
                    + " QUALIFY row_number() OVER (PARTITION BY record_hash ORDER BY raw) = 1)";
            rows = "(" + rows + ") UNION ALL (SELECT *" + kept + ")";
            hashes = "(" + hashes + ") UNION ALL (SELECT record_hash" + kept + ")";
        }
        try (Statement s = connection.createStatement()) {
            String expected;
            try (ResultSet r = s.executeQuery("SELECT " + LakeLayout.CHECKSUM_SQL + " FROM (" + hashes + ")")) {
                r.next();
                expected = r.getString(1);
            }
            // zstd level 1: half the time of the default level 3 for the same size (the raw JSON dominates both)
            s.execute("COPY (SELECT * FROM (" + rows + ") ORDER BY event_time, record_hash) TO "
                    + LakeSql.quote(into.toAbsolutePath().toString())
                    + " (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1)");
            return expected;
        } catch (SQLException e) {
            throw new IOException("writing " + into + " failed: " + e.getMessage(), e);
        }
    }

    /** The lake's columns of rows read from lake files, those of a file from before source_identity computed. */
    private static String oldColumns() {
        return LakeLayout.COLUMNS.stream().map(c -> "CAST(" + (c[0].equals("source_identity") ? LakeSql.SOURCE_IDENTITY
                : c[0]) + " AS " + c[1] + ") AS " + c[0]).collect(Collectors.joining(", "));
    }

    /**
     * The lake's columns a Parquet file lacks, in words (empty for a lake file): a file someone else put at a
     * partition's place, or no Parquet at all.
     */
    private String missingColumns(Path file) {
        java.util.Set<String> found = new java.util.HashSet<>();
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("DESCRIBE SELECT * FROM " + LakeSql.readParquet(file))) {
            while (r.next()) {
                found.add(r.getString(1));
            }
        } catch (SQLException e) {
            String m = e.getMessage() == null ? "unreadable" : e.getMessage().lines().findFirst().orElse("");
            return "not a Parquet file DuckDB reads: " + m;
        }
        List<String> missing = LakeLayout.COLUMNS.stream().map(c -> c[0])
                .filter(c -> !found.contains(c) && !LakeLayout.ADDED_LATER.contains(c)).toList();
        return missing.isEmpty() ? "" : "no column " + String.join(", ", missing.subList(0, Math.min(3,
                missing.size()))) + (missing.size() > 3 ? " and " + (missing.size() - 3) + " more" : "");
    }

    /** The checksum of a local Parquet file's rows. */
    String checksum(Path file) throws IOException {
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT " + LakeLayout.CHECKSUM_SQL + " FROM (SELECT CAST(record_hash AS"
                     + " VARCHAR) AS record_hash FROM " + LakeSql.readParquet(file) + ")")) {
            r.next();
            return r.getString(1);
        } catch (SQLException e) {
            throw new IOException("reading back " + file + " failed: " + e.getMessage(), e);
        }
    }

    private void record(LakePartition p, String file, String checksum) throws SQLException {
        String now = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).toString().replace('T', ' ');
        try (PreparedStatement s = connection.prepareStatement("INSERT OR REPLACE INTO lake_exports (lake, account,"
                + " region, date, path, rows, checksum, exported_at, verified_at, store_checksum) VALUES (?, ?, ?, ?,"
                + " ?, ?, ?, CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP), ?)")) {
            s.setString(1, target.location());
            s.setString(2, p.account());
            s.setString(3, p.region());
            s.setString(4, p.date());
            s.setString(5, file);
            s.setLong(6, Long.parseLong(checksum.substring(checksum.lastIndexOf(':') + 1)));
            s.setString(7, checksum);
            s.setString(8, now);
            s.setString(9, now);
            s.setString(10, p.checksum());
            s.executeUpdate();
        }
    }
}
