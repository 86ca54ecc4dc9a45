package io.trailkeeper.aws.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.aws.CannedHttpServer;
import io.trailkeeper.aws.s3.S3MockServer;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.Ingest;
import io.trailkeeper.store.lake.LakeAccessException;
import io.trailkeeper.store.lake.LakeExport;
import io.trailkeeper.store.lake.LakeLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** export parquet to S3 (S3Mock): the objects under the prefix are the store's rows, and a second export sends none. */
class S3LakeTargetTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);
    private static final LakeExport.Listener QUIET = new LakeExport.Listener() {
        @Override
        public void planned(int partitions, int unchanged, long events) {
        }

        @Override
        public void written(int partitionsDone, long eventsDone) {
        }
    };
    private static final String CHECKSUM = "SELECT " + LakeLayout.CHECKSUM_SQL
            + " FROM (SELECT CAST(record_hash AS VARCHAR) AS record_hash FROM ";

    @TempDir
    Path dir;

    @Test
    void theInvictusSetLandsUnderThePrefixOnceAndReadsBackEqual() throws IOException, SQLException {
        Path store = dir.resolve("store.duckdb");
        Supplier<EventStore> opener = () -> EventStore.openForWriting(store,
                EventStore.StoreOptions.defaults().withClock(CLOCK));
        try (EventStore s = opener.get()) {
            new Ingest(s, Ingest.Options.defaults(), new Ingest.Listener() {
            }).run(List.of(Path.of(System.getProperty("trailkeeper.shared"), "data", "invictus-ir-aws_dataset",
                    "CloudTrail")));
        }
        try (AwsClients clients = S3MockServer.get().clients()) {
            S3Client s3 = clients.s3("us-east-1");
            s3.createBucket(b -> b.bucket("lake-export"));
            S3LakeTarget lake = new S3LakeTarget(s3, "s3://lake-export/trail/lake/", dir.resolve("staging"));
            assertEquals("s3://lake-export/trail/lake", lake.location());
            LakeExport.Summary first = new LakeExport(opener, lake, CLOCK, Duration.ofSeconds(30)).run(null, null, QUIET);
            assertTrue(first.written() > 0);
            List<String> files = lake.list("events/");
            assertEquals(first.written(), files.size(), files.toString());
            assertTrue(files.stream().allMatch(f -> f.matches("events/account=[^/]+/region=[^/]+/date=[^/]+/"
                    + LakeLayout.FILE)), files.toString());
            assertEquals(List.of("_tables/athena.sql", "_tables/spark.sql", "_tables/trino.sql"), lake.list("_tables/"));
            String athena = lake.read("_tables/athena.sql", Files::readString);
            assertTrue(athena.contains("LOCATION 's3://lake-export/trail/lake/events/'"), athena);
            // everything in the bucket is under the prefix; nothing temporary was left anywhere
            assertEquals(files.size() + 3, s3.listObjectsV2(b -> b.bucket("lake-export")).keyCount());
            try (var staged = Files.list(dir.resolve("staging"))) {
                assertEquals(0, staged.count());
            }

            Path copy = dir.resolve("copy");
            for (String f : files) {
                Files.createDirectories(copy.resolve(f).getParent());
                lake.read(f, local -> Files.copy(local, copy.resolve(f)));
            }
            assertEquals(value(store, CHECKSUM + "events)"), value(null, CHECKSUM + "read_parquet('" + copy
                    + "/events/*/*/*/*.parquet', hive_partitioning = true))"));
            assertEquals(first.written(), Long.parseLong(value(store, "SELECT count(*) FROM lake_exports WHERE lake ="
                    + " 's3://lake-export/trail/lake' AND verified_at IS NOT NULL")));

            LakeExport.Summary again = new LakeExport(opener, lake, CLOCK, Duration.ofSeconds(30)).run(null, null, QUIET);
            assertEquals(0, again.written());
            assertEquals(first.written(), again.unchanged());
        }
    }

    private static String value(Path store, String sql) throws SQLException {
        java.util.Properties p = new java.util.Properties();
        if (store != null) {
            p.setProperty("access_mode", "READ_ONLY");
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + (store == null ? "" : store), p);
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    @Test
    void aMissingBucketIsSaidAsMissingWithItsName() {
        try (AwsClients clients = S3MockServer.get().clients()) {
            S3LakeTarget lake = new S3LakeTarget(clients.s3("us-east-1"), "s3://no-such-lake-bucket/tk",
                    dir.resolve("staging"));
            IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> lake.list("events/"));
            assertEquals("listing s3://no-such-lake-bucket/tk/events/ failed: the bucket no-such-lake-bucket does not"
                    + " exist (create it, or correct the lake's s3://BUCKET/PREFIX)", e.getMessage());
            IOException put = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                    () -> lake.write("events/x.parquet", new byte[]{1}));
            assertTrue(put.getMessage().startsWith("PUT s3://no-such-lake-bucket/tk/events/x.parquet failed: the"
                    + " bucket no-such-lake-bucket does not exist"), put.getMessage());
            assertEquals(io.trailkeeper.events.ErrorCode.AWS_ERROR, ((LakeAccessException) e).code());
        }
    }

    /**
     * S3 answers 403 both to credentials it does not accept and to a call the credentials may not make: only the
     * second is fixed by a grant. And S3 not reached is neither.
     */
    @Test
    void refusedCredentialsADeniedCallAndNoAnswerAreToldApart() throws IOException {
        String invalidKey = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InvalidAccessKeyId</Code><Message>The"
                + " AWS Access Key Id you provided does not exist in our records.</Message></Error>";
        LakeAccessException refused = failure(CannedHttpServer.always(403, "application/xml", invalidKey));
        assertEquals(io.trailkeeper.events.ErrorCode.AWS_CREDENTIALS, refused.code());
        assertTrue(refused.getMessage().startsWith("listing s3://lake-bucket/tk/events/ failed: S3 refused the"
                + " credentials: InvalidAccessKeyId") && refused.hint().contains("renew them")
                && !refused.getMessage().contains("grant"), refused.getMessage());

        String denied = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code><Message>Access"
                + " Denied</Message></Error>";
        LakeAccessException grant = failure(CannedHttpServer.always(403, "application/xml", denied));
        assertEquals(io.trailkeeper.events.ErrorCode.AWS_CREDENTIALS, grant.code());
        assertEquals("grant s3:ListBucket on arn:aws:s3:::lake-bucket", grant.hint(), grant.getMessage());

        CannedHttpServer closed = CannedHttpServer.always(200, "application/xml", "");
        closed.close(); // nothing listens at its address any more
        LakeAccessException unreachable = failure(closed);
        assertEquals(io.trailkeeper.events.ErrorCode.AWS_UNREACHABLE, unreachable.code(), unreachable.getMessage());
        assertTrue(unreachable.getMessage().contains("S3 could not be reached")
                && unreachable.hint().equals("check the network and --endpoint-url"), unreachable.getMessage());
    }

    private LakeAccessException failure(CannedHttpServer server) {
        try (server; AwsClients clients = new AwsClients(io.trailkeeper.aws.AwsOptions.defaults().withRegion("us-east-1")
                .withServiceEndpoint("s3", server.endpoint()))) {
            S3LakeTarget lake = new S3LakeTarget(clients.s3("us-east-1"), "s3://lake-bucket/tk", dir.resolve("staging"));
            return org.junit.jupiter.api.Assertions.assertThrows(LakeAccessException.class, () -> lake.list("events/"));
        }
    }

    @Test
    void localCopiesAreFetchedOnceKeptWhileTheObjectIsUnchangedAndDeletedWithIt() throws IOException {
        try (AwsClients clients = S3MockServer.get().clients()) {
            S3Client s3 = clients.s3("us-east-1");
            s3.createBucket(b -> b.bucket("lake-copies"));
            Path mirror = dir.resolve("mirror");
            S3LakeTarget lake = new S3LakeTarget(s3, "s3://lake-copies/p", dir.resolve("staging"), mirror);
            String relative = "events/account=1/region=r/date=2024-01-01/events.parquet";
            assertEquals(null, lake.local(relative), "not in the lake");
            lake.write(relative, "first".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Path copy = lake.local(relative);
            assertEquals(mirror.resolve(relative), copy);
            assertEquals("first", Files.readString(copy));
            // unchanged object: the copy is kept as it is (a local edit shows it was not fetched again)
            Files.writeString(copy, "local");
            assertEquals("local", Files.readString(lake.local(relative)));
            // a changed object (another ETag) or a copy gone: fetched again
            lake.write(relative, "second".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals("second", Files.readString(lake.local(relative)));
            Files.delete(copy);
            assertEquals("second", Files.readString(lake.local(relative)));
            lake.delete(relative);
            assertTrue(!Files.exists(copy));
            assertEquals(0, s3.listObjectsV2(b -> b.bucket("lake-copies").prefix("p/events/")).keyCount());
            assertEquals(null, lake.local(relative));
            try (var left = Files.walk(mirror)) {
                assertEquals(List.of(), left.filter(Files::isRegularFile).toList(), "no tag or partial file left");
            }
        }
    }
}
