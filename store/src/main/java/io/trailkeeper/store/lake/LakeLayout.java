package io.trailkeeper.store.lake;

import java.time.LocalDate;
import java.util.List;

/**
 * The Parquet lake's layout, shared by {@code export parquet}, {@code prune}, the hot-and-cold reading of the store
 * and the Spark job, so that all of them write and read the same thing.
 *
 * <pre>
 * LAKE/events/account=ACCOUNT/region=REGION/date=YYYY-MM-DD/events.parquet    one file per partition, zstd
 * LAKE/_tables/athena.sql, trino.sql, spark.sql                              table definitions for the lake
 * </pre>
 *
 * A partition's file is replaced whole when it is exported again (written under a temporary name, then moved into
 * place): a reader sees the old file or the new one, never half of one. A missing account, region or time is
 * {@link #NONE} (Hive's name for a null partition value, read back as NULL by Athena, Trino, Spark and DuckDB).
 * Columns, in order: {@link #COLUMNS}; {@code raw} is the original record exactly as ingested (JSON text),
 * {@code record_hash} the store's key as text, {@code source_identity} the person behind a role session as the store
 * keeps it (since schema 13; files written before have no such column: {@link #ADDED_LATER}). The partition values are in the path, not in the file.
 */
public final class LakeLayout {
    public static final String EVENTS = "events";
    public static final String TABLES = "_tables";
    public static final String FILE = "events.parquet";
    public static final String NONE = "__HIVE_DEFAULT_PARTITION__";

    /** The file's columns, in order, with their DuckDB types (TIMESTAMP is UTC). */
    public static final List<String[]> COLUMNS = List.of(
            new String[] {"record_hash", "VARCHAR"},
            new String[] {"event_time", "TIMESTAMP"},
            new String[] {"event_id", "VARCHAR"},
            new String[] {"event_source", "VARCHAR"},
            new String[] {"event_name", "VARCHAR"},
            new String[] {"aws_region", "VARCHAR"},
            new String[] {"recipient_account_id", "VARCHAR"},
            new String[] {"identity_type", "VARCHAR"},
            new String[] {"principal_arn", "VARCHAR"},
            new String[] {"user_name", "VARCHAR"},
            new String[] {"access_key_id", "VARCHAR"},
            new String[] {"session_issuer_arn", "VARCHAR"},
            new String[] {"source_ip", "VARCHAR"},
            new String[] {"user_agent", "VARCHAR"},
            new String[] {"error_code", "VARCHAR"},
            new String[] {"read_only", "BOOLEAN"},
            new String[] {"event_category", "VARCHAR"},
            new String[] {"event_type", "VARCHAR"},
            new String[] {"resources", "VARCHAR[]"},
            new String[] {"source_kind", "VARCHAR"},
            new String[] {"source_name", "VARCHAR"},
            new String[] {"source_index", "BIGINT"},
            new String[] {"source_identity", "VARCHAR"},
            new String[] {"raw", "VARCHAR"});

    /**
     * Columns of {@link #COLUMNS} added after the lake's first files were written: a file written before lacks them,
     * and is read with them NULL (DuckDB {@code union_by_name}; Athena, Trino and Spark read Parquet columns by name),
     * or computed from its {@code raw} record where TrailKeeper reads it ({@link LakeSql#SOURCE_IDENTITY_OF_RAW}).
     */
    public static final java.util.Set<String> ADDED_LATER = java.util.Set.of("source_identity");

    /**
     * The partition columns of a store row, as SQL over the events table: the account (recipient_account_id), the
     * region (aws_region) and the UTC date of event_time, each {@link #NONE} when missing or empty.
     */
    public static final String PARTITION_SQL = "coalesce(nullif(recipient_account_id, ''), '" + NONE + "') AS account,"
            + " coalesce(nullif(aws_region, ''), '" + NONE + "') AS region,"
            + " coalesce(CAST(CAST(event_time AS DATE) AS VARCHAR), '" + NONE + "') AS date";

    /**
     * The checksum of a set of rows, as an aggregate over a {@code record_hash} column of text: the same rows give
     * the same value whatever their order, in the store and in a Parquet file. Compared at the time of checking, by
     * the same DuckDB, so its value never needs to outlive one version.
     */
    public static final String CHECKSUM_SQL = "CAST(coalesce(bit_xor(hash(record_hash)), 0) AS VARCHAR)"
            + " || ':' || CAST(count(*) AS VARCHAR)";

    private LakeLayout() {
    }

    /** {@code events/account=A/region=R/date=D/}: the folder of one partition (values as {@link #value}). */
    public static String partition(String account, String region, LocalDate date) {
        return EVENTS + "/account=" + value(account) + "/region=" + value(region) + "/date="
                + (date == null ? NONE : date.toString()) + "/";
    }

    /**
     * A partition value as a path segment: {@link #NONE} for null or empty; characters other than letters, digits,
     * '-', '_' and '.' percent-encoded as Hive does (an account id and a region never need it; an odd value in a
     * record can never make a path leave the lake).
     */
    public static String value(String v) {
        if (v == null || v.isEmpty()) {
            return NONE;
        }
        StringBuilder b = new StringBuilder(v.length());
        for (byte c : v.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || (c == '.' && b.length() > 0)) {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c & 0xff));
            }
        }
        return b.toString();
    }

    /** The value a path segment made by {@link #value} stands for ({@link #NONE} stays as it is). */
    public static String decode(String segment) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%' && i + 2 < segment.length()) {
                bytes.write(Integer.parseInt(segment.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
