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


    /**
     * A lake row's source identity computed from its record, as the store's writer takes it
     * (sessionContext.sourceIdentity, else onBehalfOf.userId): for the rows of a file written before the lake had the
     * column. The record is read by tk_json (a lone surrogate escape as U+FFFD), which the connection must have.
     */
    public static final String SOURCE_IDENTITY_OF_RAW = "coalesce(json_extract_string(tk_json(raw),"
            + " '$.userIdentity.sessionContext.sourceIdentity'),"
            + " json_extract_string(tk_json(raw), '$.userIdentity.onBehalfOf.userId'))";

    /** A lake row's source identity: its file's column, else (a file from before the column) from its record. */
    public static final String SOURCE_IDENTITY = "coalesce(source_identity, " + SOURCE_IDENTITY_OF_RAW + ")";

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

    /**
     * {@code read_parquet([...])} for local lake files, their columns matched by name: a file written before a column
     * was added ({@link LakeLayout#ADDED_LATER}) gives NULL for it.
     */
    public static String readParquet(java.util.List<java.nio.file.Path> files) {
        return withAddedColumns("read_parquet([" + String.join(", ", files.stream().map(f -> quote(f.toAbsolutePath()
                .toString())).toList()) + "], union_by_name = true)");
    }

    /**
     * The rows of {@code readParquet} (a read_parquet of lake files with {@code union_by_name}) as a relation that has
     * every column of {@link LakeLayout#ADDED_LATER}, NULL where no file has it: union_by_name gives NULL for a
     * column that some files have, but no column at all when none of them has it.
     */
    public static String withAddedColumns(String readParquet) {
        String later = LakeLayout.COLUMNS.stream().filter(c -> LakeLayout.ADDED_LATER.contains(c[0]))
                .map(c -> "CAST(NULL AS " + c[1] + ") AS " + c[0]).collect(Collectors.joining(", "));
        return "(SELECT * FROM " + readParquet + " UNION ALL BY NAME SELECT " + later + " WHERE false)";
    }

}
