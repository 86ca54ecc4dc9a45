package io.trailkeeper.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.lake.LakeLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job merges new records into a partition whose file was written before the lake had source_identity: the rows it
 * keeps from that file get the column from their records (sessionContext.sourceIdentity, else onBehalfOf.userId), as
 * export parquet gives them, not NULL.
 */
class SourceIdentityMergeTest {
    @TempDir
    static Path tmp;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = TrailLakeJob.settings(SparkSession.builder().master("local[1]").appName("trailkeeper-source-identity")
                        .config("spark.ui.enabled", "false")
                        .config("spark.driver.host", "127.0.0.1")
                        .config("spark.driver.bindAddress", "127.0.0.1")
                        .config("spark.sql.shuffle.partitions", "2")
                        .config("spark.default.parallelism", "2"))
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void rowsKeptFromAFileWithoutTheColumnGetItFromTheirRecords() throws Exception {
        Path lake = tmp.resolve("lake");
        TrailLakeJob job = new TrailLakeJob(spark, System.out);
        job.run(JobArguments.parse("--input", records("first.jsonl", record("s-1", "alice", null),
                record("s-2", null, "user-7")).toString(), "--lake", lake.toString()));
        Path file = lake.resolve(LakeLayout.partition("111122223333", "us-east-1", LocalDate.parse("2026-03-10"))
                + LakeLayout.FILE);
        assertEquals("alice user-7", identities(file));
        withoutSourceIdentity(file);

        job.run(JobArguments.parse("--input", records("second.jsonl", record("s-3", null, null)).toString(),
                "--lake", lake.toString()));
        assertEquals("alice user-7 -", identities(file), "the partition merged: the old file's rows keep theirs");
    }

    private static String identities(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT string_agg(coalesce(source_identity, '-'), ' ' ORDER BY event_id)"
                     + " FROM read_parquet('" + file + "')")) {
            assertTrue(r.next());
            return r.getString(1);
        }
    }

    /** The file as a TrailKeeper from before the column wrote it: the same rows, without source_identity. */
    private static void withoutSourceIdentity(Path file) throws SQLException, IOException {
        Path older = file.resolveSibling("older.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT * EXCLUDE (source_identity) FROM read_parquet('" + file + "')) TO '" + older
                    + "' (FORMAT parquet)");
        }
        Files.move(older, file, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Path records(String name, String... records) throws IOException {
        Path file = Files.createDirectories(tmp.resolve("input-" + name)).resolve(name);
        Files.writeString(file, String.join("\n", records) + "\n");
        return file;
    }

    /** A role session's call with a source identity, an Identity Center user on whose behalf it ran, or neither. */
    private static String record(String id, String sourceIdentity, String onBehalfOf) {
        return "{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"AssumedRole\","
                + "\"principalId\":\"AROAEXAMPLE:s1\",\"arn\":\"arn:aws:sts::111122223333:assumed-role/Admin/s1\","
                + "\"accountId\":\"111122223333\",\"sessionContext\":{"
                + (sourceIdentity == null ? "" : "\"sourceIdentity\":\"" + sourceIdentity + "\",")
                + "\"sessionIssuer\":{\"type\":\"Role\",\"arn\":\"arn:aws:iam::111122223333:role/Admin\"}}"
                + (onBehalfOf == null ? "" : ",\"onBehalfOf\":{\"userId\":\"" + onBehalfOf + "\","
                + "\"identityStoreArn\":\"arn:aws:identitystore::111122223333:identitystore/d-1234567890\"}")
                + "},\"eventTime\":\"2026-03-10T08:00:00Z\",\"eventSource\":\"iam.amazonaws.com\","
                + "\"eventName\":\"ListUsers\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"203.0.113.9\","
                + "\"eventID\":\"" + id + "\",\"readOnly\":true,\"eventType\":\"AwsApiCall\","
                + "\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Management\"}";
    }
}
