package io.trailkeeper.store;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import io.trailkeeper.store.lake.LakeTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * What a lake holds at a partition's path, read with SQL through a local file: the file itself in a local lake, a
 * copy read for the purpose from a remote one. Used by {@link PartitionMove} and {@link TotalRetention}.
 */
final class LakeFileReader {
    /** Work on the local file that throws what JDBC and file reads throw. */
    @FunctionalInterface
    interface SqlReading<T> {
        T apply(Path file) throws SQLException, IOException;
    }

    /** An SQLException carried out of a {@link LakeTarget.Reading}. */
    private static final class SqlFailure extends RuntimeException {
        SqlFailure(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    private final LakeTarget target;
    private final String lake;

    LakeFileReader(LakeTarget target) {
        this.target = target;
        this.lake = target.location();
    }

    /** Runs {@code check} on a local file with what the lake holds at {@code relative}; a read failure stops prune. */
    <T> T read(String relative, SqlReading<T> check) throws SQLException {
        try {
            return readOrThrow(relative, check);
        } catch (IOException e) {
            throw new TrailKeeperException(ErrorCode.STORE_WRITE_FAILED, "cannot read " + lake + "/" + relative + ": "
                    + e.getMessage(), "run prune again; nothing of this partition was changed", e);
        }
    }

    /**
     * Runs {@code check} on a local file with what the lake holds at {@code relative}; SQL failures come out as such.
     */
    <T> T readOrThrow(String relative, SqlReading<T> check) throws SQLException, IOException {
        try {
            return target.read(relative, file -> {
                try {
                    return check.apply(file);
                } catch (SQLException e) {
                    throw new SqlFailure(e);
                }
            });
        } catch (SqlFailure e) {
            throw e.getCause();
        }
    }
}
