package io.trailkeeper.aws.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code --keep-raw}: every object fetched is kept byte for byte with its S3 metadata beside it, so that the
 * digest chain can be verified offline; digests are counted, never taken for events; a copy that a changed
 * object would replace is kept aside; keys never choose a place outside the folder.
 */
class KeepRawTest extends S3MockTest {
    private static final String ACCOUNT = "444444444444";
    private static final String FOLDER = "trail/AWSLogs/" + ACCOUNT + "/";
    private static final Instant T = Instant.parse("2024-09-30T23:55:00Z");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-10-02T00:00:00Z"), ZoneOffset.UTC);
    private static final String SIGNATURE = "abc0123456789def".repeat(16);

    @Test
    void keepsEveryObjectByteForByteWithItsMetadata(@TempDir Path dir) throws IOException {
        TrailFiles bucket = new TrailFiles(s3, "keep-raw");
        String log = bucket.putLog(FOLDER, ACCOUNT, "us-east-1", T, "first", 6);
        bucket.putLog(FOLDER, ACCOUNT, "us-east-1", T.plusSeconds(600), "second", 4);
        String digest = bucket.putDigest(FOLDER, ACCOUNT, "us-east-1", T.plusSeconds(300), log,
                Map.of("signature", SIGNATURE, "signature-algorithm", "SHA256withRSA"));

        MemoryCollectSink sink = new MemoryCollectSink();
        S3TrailCollector.Summary summary = new S3TrailCollector(s3, sink, CLOCK).collect(
                S3TrailCollector.Request.of(bucket.bucket()).withPrefix("trail").withKeepRaw(dir).withParallelism(2));

        assertEquals(10, summary.events(), "the digest is not an event");
        assertEquals(1, summary.digests());
        assertEquals(10, sink.hashes().size());
        assertEquals("digest", sink.checkpoints().get(digest).type());
        List<S3Object> objects = s3.listObjectsV2(b -> b.bucket(bucket.bucket())).contents();
        assertEquals(3, objects.size());
        for (S3Object o : objects) {
            byte[] original = s3.getObjectAsBytes(b -> b.bucket(bucket.bucket()).key(o.key())).asByteArray();
            Path copy = dir.resolve("keep-raw").resolve(o.key());
            assertArrayEquals(original, Files.readAllBytes(copy), o.key());
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket.bucket()).key(o.key()));
            JsonNode meta = new ObjectMapper().readTree(copy.resolveSibling(copy.getFileName() + ".s3meta.json")
                    .toFile());
            assertEquals("keep-raw", meta.get("Bucket").asText());
            assertEquals(o.key(), meta.get("Key").asText());
            assertEquals(head.eTag(), meta.get("ETag").asText());
            assertEquals(head.lastModified(), Instant.parse(meta.get("LastModified").asText()));
            assertEquals(original.length, meta.get("ContentLength").asLong());
            assertEquals("application/json", meta.get("ContentType").asText());
            assertEquals(head.contentEncoding(), meta.get("ContentEncoding").asText()); // S3Mock adds aws-chunked
            assertEquals(sha256(original), meta.get("SHA256").asText());
            assertEquals(CLOCK.instant().toString(), meta.get("RetrievedAt").asText());
            assertEquals(o.key().equals(digest) ? Map.of("signature", SIGNATURE, "signature-algorithm", "SHA256withRSA")
                    : Map.of(), new ObjectMapper().convertValue(meta.get("Metadata"), Map.class), o.key());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".part")).toList(), "no temporary files");
        }

        // the object changes in the bucket (CloudTrail never does that; an intruder might): the first copy stays
        byte[] before = Files.readAllBytes(dir.resolve("keep-raw").resolve(log));
        bucket.put(log, TrailFiles.gzip(TrailFiles.logJson(ACCOUNT, "us-east-1", T, "replaced", 1)), Map.of());
        S3TrailCollector.Summary again = new S3TrailCollector(s3, sink, CLOCK).collect(
                S3TrailCollector.Request.of(bucket.bucket()).withPrefix("trail").withKeepRaw(dir));
        assertEquals(1, again.objectsLoaded());
        Path aside = dir.resolve("keep-raw").resolve(log + ".before-20241002T000000Z");
        assertArrayEquals(before, Files.readAllBytes(aside));
        assertTrue(Files.exists(aside.resolveSibling(aside.getFileName() + ".s3meta.json")));
        assertFalse(java.util.Arrays.equals(before, Files.readAllBytes(dir.resolve("keep-raw").resolve(log))));
    }

    @Test
    void anObjectWhoseKeyCannotBeKeptIsStillCollected(@TempDir Path dir) throws IOException {
        TrailFiles bucket = new TrailFiles(s3, "odd-keys");
        String odd = TrailFiles.key(FOLDER, "CloudTrail", ACCOUNT, "us-east-1", T, "odd").replace("/30/", "/30//");
        bucket.put(odd, TrailFiles.gzip(TrailFiles.logJson(ACCOUNT, "us-east-1", T, "odd", 2)), Map.of());

        MemoryCollectSink sink = new MemoryCollectSink();
        S3TrailCollector.Summary summary = new S3TrailCollector(s3, sink, CLOCK).collect(
                S3TrailCollector.Request.of(bucket.bucket()).withPrefix("trail").withKeepRaw(dir));

        assertEquals(2, summary.events());
        assertTrue(summary.complete());
        assertEquals(1, sink.problems().size());
        assertTrue(sink.problems().get(0).message().startsWith("no evidence copy was kept"),
                sink.problems().get(0).message());
        try (Stream<Path> files = Files.walk(dir)) {
            assertEquals(0, files.filter(Files::isRegularFile).count());
        }
    }

    @Test
    void keysNeverLeaveTheFolder(@TempDir Path dir) {
        Path root = dir.toAbsolutePath().normalize().resolve("b");
        assertEquals(root.resolve("AWSLogs/1/x.json.gz"), RawCopy.target(dir, "b", "AWSLogs/1/x.json.gz"));
        for (String key : List.of("../x", "AWSLogs/../../x", "/etc/passwd", "a//b", "a/./b", "a\\..\\b", "", "a/",
                "..", "a/..")) {
            assertNull(RawCopy.target(dir, "b", key), key);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
