package io.trailkeeper.store.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table definitions, checked by their structure: columns and types, partitions, location, projection. */
class LakeTablesTest {
    @TempDir
    Path dir;

    private static final List<LakePartition> PARTITIONS = List.of(
            new LakePartition("123837392027", "us-east-1", "2023-07-10", 5, "1:5"),
            new LakePartition("123837392027", "eu-west-1", "2023-07-11", 5, "1:5"),
            new LakePartition("0'; DROP TABLE x; --", LakeLayout.NONE, "2021-03-04", 1, "1:1"),
            new LakePartition("111122223333", "us-east-1", LakeLayout.NONE, 1, "1:1"));

    private String write(LakeTarget target, String file) throws IOException {
        new LakeTables(target).write(PARTITIONS);
        return target.read(LakeLayout.TABLES + "/" + file, Files::readString);
    }

    @Test
    void athenaWithProjectionOnS3() throws IOException {
        String sql = write(s3(), "athena.sql");
        assertEquals(expectedColumns("hive"), columns(sql, "CREATE EXTERNAL TABLE IF NOT EXISTS trailkeeper_events ("));
        assertTrue(sql.contains("resources array<string>") && sql.contains("event_time timestamp,"), sql);
        assertTrue(sql.contains("\nPARTITIONED BY (account string, region string, `date` string)\nSTORED AS PARQUET\n"
                + "LOCATION 's3://lake-bucket/cloudtrail/events/'\nTBLPROPERTIES ("), sql);
        assertEquals("0%27%3B%20DROP%20TABLE%20x%3B%20--,111122223333,123837392027", property(sql, "projection.account.values"));
        assertEquals(LakeLayout.NONE + ",eu-west-1,us-east-1", property(sql, "projection.region.values"));
        assertEquals("2021-03-04,NOW", property(sql, "projection.date.range"));
        assertEquals("yyyy-MM-dd", property(sql, "projection.date.format"));
        assertEquals("date", property(sql, "projection.date.type"));
        assertEquals("true", property(sql, "projection.enabled"));
        assertFalse(sql.contains("DROP TABLE x"), "a record's value enters only percent-encoded");
        assertBalanced(sql);
    }

    @Test
    void aLocalLakeGetsAPlaceholderAndSaysSo() throws IOException {
        LocalLakeTarget local = new LocalLakeTarget(dir.resolve("lake"));
        for (String file : List.of("athena.sql", "trino.sql")) {
            String sql = write(local, file);
            assertTrue(sql.contains("'" + LakeTables.PLACEHOLDER + "/events/'"), sql);
            assertTrue(sql.contains("-- This lake was written to a local folder"), sql);
        }
        String spark = write(local, "spark.sql");
        assertTrue(spark.contains("LOCATION '" + dir.resolve("lake/events").toUri() + "'"), spark);
    }

    @Test
    void trinoHiveConnectorWithPartitionSync() throws IOException {
        String sql = write(s3(), "trino.sql");
        List<String> expected = new ArrayList<>(expectedColumns("trino"));
        expected.addAll(List.of("account varchar", "region varchar", "\"date\" varchar"));
        assertEquals(expected, columns(sql, "CREATE TABLE IF NOT EXISTS hive.default.trailkeeper_events ("));
        assertTrue(sql.contains("resources array(varchar)"), sql);
        assertTrue(sql.contains("external_location = 's3://lake-bucket/cloudtrail/events/',\n  format = 'PARQUET',\n"
                + "  partitioned_by = ARRAY['account', 'region', 'date']\n"), sql);
        assertTrue(sql.endsWith("CALL hive.system.sync_partition_metadata('default', 'trailkeeper_events', 'FULL');\n"));
        assertBalanced(sql);
    }

    @Test
    void sparkSqlWithRepair() throws IOException {
        String sql = write(s3(), "spark.sql");
        List<String> expected = new ArrayList<>(expectedColumns("spark"));
        expected.addAll(List.of("account STRING", "region STRING", "`date` STRING"));
        assertEquals(expected, columns(sql, "CREATE TABLE IF NOT EXISTS trailkeeper_events ("));
        assertTrue(sql.contains("resources ARRAY<STRING>"), sql);
        // Spark's partition type inference reads account=012345678901 as the number 12345678901
        assertTrue(sql.contains("spark.sql.sources.partitionColumnTypeInference.enabled=false"), sql);
        assertTrue(sql.contains(")\nUSING parquet\nPARTITIONED BY (account, region, `date`)\n"
                + "LOCATION 's3a://lake-bucket/cloudtrail/events/';\nMSCK REPAIR TABLE trailkeeper_events;\n"), sql);
        assertBalanced(sql);
    }

    /** Each lake column with its type in the engine, as {@code name type}, in order. */
    private static List<String> expectedColumns(String engine) {
        List<String> out = new ArrayList<>();
        for (String[] c : LakeLayout.COLUMNS) {
            out.add(c[0] + " " + switch (engine + " " + c[1]) {
                case "hive VARCHAR" -> "string";
                case "hive VARCHAR[]" -> "array<string>";
                case "hive TIMESTAMP" -> "timestamp";
                case "trino VARCHAR" -> "varchar";
                case "trino VARCHAR[]" -> "array(varchar)";
                case "trino TIMESTAMP" -> "timestamp(6)";
                case "spark VARCHAR" -> "STRING";
                case "spark VARCHAR[]" -> "ARRAY<STRING>";
                case "spark TIMESTAMP" -> "TIMESTAMP_NTZ";
                case "spark BOOLEAN", "spark BIGINT" -> c[1];
                default -> c[1].toLowerCase(java.util.Locale.ROOT);
            });
        }
        return out;
    }

    /** The column definitions after {@code head} up to the closing parenthesis, one per line. */
    private static List<String> columns(String sql, String head) {
        int start = sql.indexOf(head + "\n");
        assertTrue(start >= 0, sql);
        int end = sql.indexOf("\n)", start);
        List<String> out = new ArrayList<>();
        for (String line : sql.substring(start + head.length() + 1, end).split("\n")) {
            out.add(line.strip().replaceAll(",$", ""));
        }
        return out;
    }

    private static String property(String sql, String key) {
        Matcher m = Pattern.compile("'" + Pattern.quote(key) + "' = '([^']*)'").matcher(sql);
        assertTrue(m.find(), key + " in " + sql);
        return m.group(1);
    }

    /** Parentheses balance and quotes pair outside comments: the statements are whole. */
    private static void assertBalanced(String sql) {
        int depth = 0;
        int quotes = 0;
        for (String line : sql.split("\n")) {
            if (line.startsWith("--")) {
                continue;
            }
            for (char c : line.toCharArray()) {
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                quotes += c == '\'' ? 1 : 0;
                assertTrue(depth >= 0, sql);
            }
        }
        assertEquals(0, depth, sql);
        assertEquals(0, quotes % 2, sql);
    }

    /** The lake as on S3 (its files kept in a folder here): the definitions name its location. */
    private LakeTarget s3() {
        return new DelegatingLakeTarget(dir.resolve("s3")) {
            @Override
            public String location() {
                return "s3://lake-bucket/cloudtrail";
            }

            @Override
            public boolean remote() {
                return true;
            }
        };
    }
}
