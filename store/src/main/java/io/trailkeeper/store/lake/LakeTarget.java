package io.trailkeeper.store.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a Parquet lake lives: a local folder or an S3 prefix. Paths are relative to the lake's root, in
 * {@link LakeLayout}'s layout, always with '/'.
 *
 * <p>Contract: {@link #put} replaces a file atomically (a reader sees the previous file or the new one, never a
 * part of one), and a file that is still being written is only ever a {@link #temporary} one, whose name starts with
 * '.' so that DuckDB, Athena, Trino, Spark and Hive pass it over.
 */
public interface LakeTarget {
    /** The lake as the user named it and as {@code lake_exports} keys it: an absolute folder or s3://bucket/prefix. */
    String location();

    /** Whether the lake is on S3 (its table definitions can name it), not in a local folder. */
    boolean remote();

    /** A new local file to write the future {@code relative} into before {@link #put}; it does not exist yet. */
    Path temporary(String relative) throws IOException;

    /** Puts {@code temporary} in place as {@code relative}, atomically, and returns its size; the temporary is gone. */
    long put(Path temporary, String relative) throws IOException;

    /** Whether the lake holds {@code relative}. */
    boolean exists(String relative) throws IOException;

    /** Calls {@code check} with a local file holding what the lake holds at {@code relative} (it or a copy). */
    <T> T read(String relative, Reading<T> check) throws IOException;

    /** The relative paths of the files under {@code prefix} (a folder, ending in '/'), temporaries included, sorted. */
    List<String> list(String prefix) throws IOException;

    /**
     * A local file holding what the lake holds at {@code relative}, that stays for readers (DuckDB reads it): the
     * file itself in a local lake, a kept copy of a remote lake's object (fetched when missing or changed); null
     * when the lake does not hold {@code relative}.
     */
    Path local(String relative) throws IOException;

    /** Deletes {@code relative} from the lake, and its local copy; nothing when it is not there. */
    void delete(String relative) throws IOException;

    /** Writes a small file whole (a table definition), atomically as {@link #put} does. */
    default long write(String relative, byte[] content) throws IOException {
        Path temporary = temporary(relative);
        try {
            Files.write(temporary, content);
            return put(temporary, relative);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** What is done with a local copy of a lake file. */
    @FunctionalInterface
    interface Reading<T> {
        T apply(Path local) throws IOException;
    }
}
