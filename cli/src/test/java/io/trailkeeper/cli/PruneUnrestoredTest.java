package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.aws.auto.DenyingS3Proxy;
import io.trailkeeper.aws.s3.S3MockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A moved partition whose object went from the S3 lake within the retention is put back from its local copy; when the
 * lake refuses the write, its events are still read from that copy. prune said so as lost evidence: "cannot be read
 * from the lake or from a local copy, so no answer includes their events", a false alarm; it is now said as what it
 * is, the copy being the only one left, still an error (exit 4), and the events stay in every answer.
 */
class PruneUnrestoredTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2024-05-06T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void aPartitionTheLakeRefusesToTakeBackIsReadFromItsCopyAndSaidAsNotPutBack() throws Exception {
        Path store = dir.resolve("store.duckdb");
        var s3 = S3MockServer.get().clients().s3("us-east-1");
        s3.createBucket(b -> b.bucket("prune-unrestored"));
        assertEquals(0, Cli.run(store, "ingest", Cli.shared("invictus-ir-aws_dataset/CloudTrail").toString()).code());
        String count = "SELECT count(*) FROM events";
        String before = Cli.runAt(NOW, store, "--format", "csv", "query", "--sql", count).out();
        Path keepAll = Files.writeString(dir.resolve("keep-all.yaml"), "retention:\n  total_days: 5000\n");
        try (DenyingS3Proxy proxy = new DenyingS3Proxy(S3MockServer.get().endpoint())) {
            String[] prune = {"prune", "--config", keepAll.toString(), "--lake", "s3://prune-unrestored/ct",
                "--endpoint-url", proxy.endpoint().toString()};
            Cli.Result moved = Cli.runAt(NOW, store, prune);
            assertEquals(0, moved.code(), moved.err());
            String day = "ct/events/account=123837392027/region=us-east-1/date=2023-07-10/events.parquet";
            assertEquals(1, s3.listObjectsV2(b -> b.bucket("prune-unrestored").prefix(day)).keyCount(), moved.out());

            s3.deleteObject(b -> b.bucket("prune-unrestored").key(day));
            proxy.denyWrites("2023-07-10");
            Cli.Result refused = Cli.runAt(NOW, store, prune);

            assertEquals(4, refused.code(), refused.toString());
            assertTrue(refused.out().contains("not put back in lake"), refused.out());
            assertTrue(refused.err().contains("could not be put back; their events are still read from the local"
                    + " copies") && refused.err().contains("123837392027/us-east-1/2023-07-10")
                    && refused.err().contains("[TK-201]"), refused.err());
            assertFalse(refused.err().contains("cannot be read from the lake"), "nothing is lost: " + refused.err());
            assertEquals(before, Cli.runAt(NOW, store, "--format", "csv", "query", "--sql", count).out(),
                    "the day's events are read from the copy");
        }
    }
}
