package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.aws.s3.S3MockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** export parquet from the command line: the lake holds query's records byte for byte, incrementally, locally and on S3. */
class ExportParquetCommandTest {
    @TempDir
    Path dir;

    private Path store() {
        Path store = dir.resolve("store.duckdb");
        Cli.Result r = Cli.run(store, "ingest", Cli.shared("invictus-ir-aws_dataset/CloudTrail").toString());
        assertEquals(0, r.code(), r.toString());
        return store;
    }

    @Test
    void theLakeHoldsWhatQueryPrintsAndASecondExportWritesNothing() throws Exception {
        Path store = store();
        Path lake = dir.resolve("lake");
        Cli.Result first = Cli.run(store, "export", "parquet", "--out", lake.toString());
        assertEquals(0, first.code(), first.toString());
        String partitions = storeValue(store, "SELECT count(*) FROM (SELECT DISTINCT recipient_account_id,"
                + " aws_region, CAST(event_time AS DATE) FROM events)");
        assertTrue(first.out().startsWith("exported " + partitions + " partitions (0 unchanged) to "
                + lake.toAbsolutePath() + ": 2,900 events, "), first.out());
        assertTrue(first.out().matches("(?s).* bytes; [0-9.]+ s, [0-9,]+ events/s\n"), first.out());

        Cli.Result jsonl = Cli.run(store, "--format", "jsonl", "query");
        assertEquals(0, jsonl.code(), jsonl.toString());
        List<String> records = new ArrayList<>(Arrays.asList(jsonl.out().split("\n")));
        records.sort(null);
        assertEquals(2900, records.size());
        assertEquals(records, lakeColumn("SELECT raw FROM read_parquet('" + lake.toAbsolutePath()
                + "/events/*/*/*/*.parquet', hive_partitioning = true) ORDER BY raw"));

        Cli.Result again = Cli.run(store, "export", "parquet", "--out", lake.toString());
        assertEquals("nothing new to export: " + partitions + " partitions unchanged in " + lake.toAbsolutePath()
                + "\n", again.out());
        Cli.Result json = Cli.run(store, "--format", "json", "export", "parquet", "--out", lake.toString());
        assertTrue(json.out().contains("\"partitions_written\" : 0") && json.out().contains("\"partitions_unchanged\" : "
                + partitions), json.out());
    }

    @Test
    void toS3WithTheAwsOptions() throws Exception {
        Path store = store();
        S3MockServer.get().clients().s3("us-east-1").createBucket(b -> b.bucket("cli-lake"));
        Cli.Result r = Cli.run(store, "export", "parquet", "--out", "s3://cli-lake/ct",
                "--endpoint-url", S3MockServer.get().endpoint().toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith("exported ") && r.out().contains(" to s3://cli-lake/ct: 2,900 events"), r.out());
        assertTrue(S3MockServer.get().clients().s3("us-east-1").listObjectsV2(b -> b.bucket("cli-lake")
                .prefix("ct/_tables/athena.sql")).keyCount() == 1);
    }

    /** An S3 lake that cannot be used is an AWS failure with its cause and fix, not the store's write failure. */
    @Test
    void aMissingLakeBucketIsSaidAsAnAwsErrorWithItsFix() throws Exception {
        Path store = store();
        Cli.Result r = Cli.run(store, "export", "parquet", "--out", "s3://no-such-cli-lake/ct",
                "--endpoint-url", S3MockServer.get().endpoint().toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("exporting to the lake s3://no-such-cli-lake/ct failed: listing"
                + " s3://no-such-cli-lake/ct/events/ failed: the bucket no-such-cli-lake does not exist")
                && r.err().contains("[TK-303]") && r.err().contains("to fix: create it, or correct the lake's"
                + " s3://BUCKET/PREFIX"), r.err());
        assertTrue(!r.err().contains("[TK-104]") && !r.err().contains("check that the lake is writable"), r.err());
    }

    @Test
    void withoutAStoreItSaysSo() {
        Cli.Result r = Cli.run(dir.resolve("none.duckdb"), "export", "parquet", "--out", dir.resolve("lake").toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("there is no store at " + dir.resolve("none.duckdb")), r.err());
        assertTrue(!Files.exists(dir.resolve("none.duckdb")));
    }

    private static String storeValue(Path store, String sql) throws Exception {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("access_mode", "READ_ONLY");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + store.toAbsolutePath(), p);
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    private static List<String> lakeColumn(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }
}
