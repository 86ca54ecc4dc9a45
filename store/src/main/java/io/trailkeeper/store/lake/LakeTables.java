package io.trailkeeper.store.lake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The lake's table definitions, written under {@code _tables/}: Amazon Athena (partition projection: accounts and
 * regions as enums of the values present, dates from the first to NOW, so no crawler and no MSCK), Trino's Hive
 * connector (with the partition sync call) and Spark SQL. Partition values enter them only as path segments
 * ({@link LakeLayout#value}: letters, digits and {@code -_.%}), so a record's text can never become SQL.
 */
public final class LakeTables {
    public static final String TABLE = "trailkeeper_events";
    public static final List<String> FILES = List.of("athena.sql", "trino.sql", "spark.sql");
    static final String PLACEHOLDER = "s3://YOUR-BUCKET/YOUR-PREFIX";

    private final LakeTarget target;

    public LakeTables(LakeTarget target) {
        this.target = target;
    }

    /** Writes the three files for the partitions the lake holds and returns their relative paths. */
    public List<String> write(List<LakePartition> partitions) throws IOException {
        List<String> out = new ArrayList<>();
        for (String name : FILES) {
            String relative = LakeLayout.TABLES + "/" + name;
            String sql = switch (name) {
                case "athena.sql" -> athena(partitions);
                case "trino.sql" -> trino();
                default -> spark();
            };
            target.write(relative, sql.getBytes(StandardCharsets.UTF_8));
            out.add(relative);
        }
        return out;
    }

    /** The events folder as the engines name it: the lake's S3 location, else the placeholder. */
    private String location() {
        return (target.remote() ? target.location() : PLACEHOLDER) + "/" + LakeLayout.EVENTS + "/";
    }

    private String localNote(String engine) {
        if (target.remote()) {
            return "";
        }
        return "-- This lake was written to a local folder: copy it to S3 (aws s3 sync LAKE s3://bucket/prefix, LAKE\n"
                + "-- being the folder `export parquet --out` named) and replace " + PLACEHOLDER + " below with that\n"
                + "-- place before running this in " + engine + ".\n";
    }

    String athena(List<LakePartition> partitions) {
        TreeSet<String> accounts = new TreeSet<>();
        TreeSet<String> regions = new TreeSet<>();
        String first = null;
        for (LakePartition p : partitions) {
            accounts.add(LakeLayout.value(p.account()));
            regions.add(LakeLayout.value(p.region()));
            if (!LakeLayout.NONE.equals(p.date()) && (first == null || p.date().compareTo(first) < 0)) {
                first = p.date();
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("-- Amazon Athena: the TrailKeeper lake as one table. Partition projection finds the partitions\n")
                .append("-- from the path (no crawler, no MSCK REPAIR): accounts and regions as listed here, dates from\n")
                .append("-- the first exported to today. An account or region added later: export again (this file is\n")
                .append("-- rewritten) and ALTER TABLE ... SET TBLPROPERTIES with the new lists. Times are UTC. Events\n")
                .append("-- without a time (date=" + LakeLayout.NONE + ") are outside the projection: Trino and\n")
                .append("-- Spark read them.\n")
                .append(localNote("Athena"))
                .append("CREATE EXTERNAL TABLE IF NOT EXISTS ").append(TABLE).append(" (\n")
                .append(columns("hive")).append("\n)\n")
                .append("PARTITIONED BY (account string, region string, `date` string)\n")
                .append("STORED AS PARQUET\n")
                .append("LOCATION ").append(LakeSql.quote(location())).append("\n")
                .append("TBLPROPERTIES (\n")
                .append("  'projection.enabled' = 'true',\n")
                .append("  'projection.account.type' = 'enum',\n")
                .append("  'projection.account.values' = '").append(String.join(",", accounts)).append("',\n")
                .append("  'projection.region.type' = 'enum',\n")
                .append("  'projection.region.values' = '").append(String.join(",", regions)).append("',\n")
                .append("  'projection.date.type' = 'date',\n")
                .append("  'projection.date.format' = 'yyyy-MM-dd',\n")
                .append("  'projection.date.range' = '").append(first == null ? "NOW" : first).append(",NOW',\n")
                .append("  'projection.date.interval' = '1',\n")
                .append("  'projection.date.interval.unit' = 'DAYS',\n")
                .append("  'parquet.compression' = 'ZSTD'\n")
                .append(");\n");
        return b.toString();
    }

    String trino() {
        return "-- Trino (Hive connector, here a catalog named hive): the TrailKeeper lake as one table, then its\n"
                + "-- partitions registered from the folders (run the CALL again after each export). Times are UTC.\n"
                + localNote("Trino")
                + "CREATE TABLE IF NOT EXISTS hive.default." + TABLE + " (\n" + columns("trino") + ",\n"
                + "  account varchar,\n  region varchar,\n  \"date\" varchar\n)\nWITH (\n"
                + "  external_location = " + LakeSql.quote(location()) + ",\n"
                + "  format = 'PARQUET',\n"
                + "  partitioned_by = ARRAY['account', 'region', 'date']\n);\n"
                + "CALL hive.system.sync_partition_metadata('default', '" + TABLE + "', 'FULL');\n";
    }

    String spark() {
        String where = target.remote() ? location().replaceFirst("^s3://", "s3a://")
                : java.nio.file.Path.of(target.location(), LakeLayout.EVENTS).toUri().toString();
        return "-- Spark SQL: the TrailKeeper lake as one table, then its partitions registered from the folders\n"
                + "-- (run MSCK REPAIR again after each export). Times are UTC: set spark.sql.session.timeZone=UTC.\n"
                + "-- Read the lake through this table: spark.read.parquet on the folders types the partitions from\n"
                + "-- their values, account as a number (account=012345678901 becomes 12345678901) unless\n"
                + "-- spark.sql.sources.partitionColumnTypeInference.enabled=false.\n"
                + "CREATE TABLE IF NOT EXISTS " + TABLE + " (\n" + columns("spark") + ",\n"
                + "  account STRING,\n  region STRING,\n  `date` STRING\n)\nUSING parquet\n"
                + "PARTITIONED BY (account, region, `date`)\n"
                + "LOCATION " + LakeSql.quote(where) + ";\n"
                + "MSCK REPAIR TABLE " + TABLE + ";\n";
    }

    /** The file's columns in an engine's types, one a line. */
    static String columns(String engine) {
        List<String> lines = new ArrayList<>();
        for (String[] c : LakeLayout.COLUMNS) {
            lines.add("  " + c[0] + " " + type(engine, c[1]));
        }
        return String.join(",\n", lines);
    }

    static String type(String engine, String duckdb) {
        boolean trino = engine.equals("trino");
        boolean spark = engine.equals("spark");
        String t = switch (duckdb) {
            case "VARCHAR" -> trino ? "varchar" : "string";
            case "VARCHAR[]" -> trino ? "array(varchar)" : "array<string>";
            case "TIMESTAMP" -> trino ? "timestamp(6)" : spark ? "timestamp_ntz" : "timestamp";
            case "BOOLEAN" -> "boolean";
            case "BIGINT" -> "bigint";
            default -> throw new IllegalArgumentException("no mapping for the lake column type " + duckdb);
        };
        return spark ? t.toUpperCase(java.util.Locale.ROOT) : t;
    }
}
