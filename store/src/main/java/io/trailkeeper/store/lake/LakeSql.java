package io.trailkeeper.store.lake;

import java.util.stream.Collectors;

/** The SQL the lake is written and checked with: the file's select list over the events table, and quoting. */
public final class LakeSql {
    /** The lake file's columns computed from the events table, in {@link LakeLayout#COLUMNS}' order. */
    static final String STORE_COLUMNS = LakeLayout.COLUMNS.stream().map(c -> switch (c[0]) {
        case "record_hash" -> "CAST(record_hash AS VARCHAR) AS record_hash";
        case "raw" -> "tk_record(raw_chunk, raw_offset, raw_length) AS raw";
        default -> "CAST(" + c[0] + " AS " + c[1] + ") AS " + c[0];
    }).collect(Collectors.joining(", "));


    private LakeSql() {
    }

    /** A SQL string literal: DuckDB's literals know no escape but the doubled quote. */
    public static String quote(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a value with a NUL character cannot be a partition or a path");
        }
        return "'" + value.replace("'", "''") + "'";
    }

    /** {@code read_parquet('file')} for a local file. */
    static String readParquet(java.nio.file.Path file) {
        return "read_parquet(" + quote(file.toAbsolutePath().toString()) + ")";
    }

    /** {@code read_parquet([...])} for local files of the same columns. */
    public static String readParquet(java.util.List<java.nio.file.Path> files) {
        return "read_parquet([" + String.join(", ", files.stream().map(f -> quote(f.toAbsolutePath().toString()))
                .toList()) + "])";
    }

}
