package io.trailkeeper.aws.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.aws.AwsOptions;
import io.trailkeeper.aws.auto.DenyingS3Proxy;
import io.trailkeeper.events.Coverage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Trail files as servers other than S3 may send them, at the wire: one cut short (its whole Content-Length announced,
 * the connection dropped part-way: the SDK's client just ends the body) is tried again and, still cut, a failure
 * naming the key and the bytes that arrived, never a file loaded as if whole; one served decoded (a server or proxy
 * undoing its Content-Encoding: gzip) is read whole, as JSON.
 */
class DownloadFaultsTest extends S3MockTest {
    private static final String ACCOUNT = "111111111111";
    private static final String FOLDER = "AWSLogs/" + ACCOUNT + "/";
    private static final Instant T = Instant.parse("2024-05-06T10:00:00Z");

    /** The bucket collected through the proxy, with short retry pauses. */
    private static S3TrailCollector.Summary collect(DenyingS3Proxy proxy, TrailFiles bucket, MemoryCollectSink sink) {
        try (AwsClients clients = new AwsClients(AwsOptions.defaults().withRegion("us-east-1")
                .withServiceEndpoint("s3", proxy.endpoint()))) {
            return new S3TrailCollector(clients.s3("us-east-1"), sink,
                    Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC), 1000, Duration.ofMillis(5))
                    .collect(S3TrailCollector.Request.of(bucket.bucket()));
        }
    }

    @Test
    void aFileCutShortIsFailedNamingItsKeyAndTheRestLoaded() {
        TrailFiles bucket = new TrailFiles(s3, "cut-downloads");
        bucket.putLog(FOLDER, ACCOUNT, "us-east-1", T, "whole", 4);
        String cut = bucket.putLog(FOLDER, ACCOUNT, "us-east-1", T.plusSeconds(300), "CUTSHORT", 300);
        int half = TrailFiles.gzip(TrailFiles.logJson(ACCOUNT, "us-east-1", T.plusSeconds(300), "CUTSHORT", 300))
                .length / 2;
        try (DenyingS3Proxy proxy = new DenyingS3Proxy(S3MockServer.get().endpoint()).cutObjects("CUTSHORT", half)) {
            MemoryCollectSink sink = new MemoryCollectSink();
            S3TrailCollector.Summary s = collect(proxy, bucket, sink);
            assertEquals(1, s.objectsLoaded());
            assertEquals(1, s.objectsFailed());
            assertFalse(s.complete());
            Coverage region = s.coverage().stream().filter(c -> !c.complete()).findFirst().orElseThrow();
            assertTrue(region.reason().contains(cut) && region.reason().contains("ended after " + half + " of"),
                    region.reason());
            assertEquals(4, sink.events().size(), "the records read before the cut are not stored as a whole file's");
        }
    }

    @Test
    void aFileServedDecodedIsReadWhole() {
        TrailFiles bucket = new TrailFiles(s3, "decoded-downloads");
        bucket.putLog(FOLDER, ACCOUNT, "us-east-1", T, "gzipped", 4);
        bucket.putLog(FOLDER, ACCOUNT, "us-east-1", T.plusSeconds(300), "DECODED", 30);
        try (DenyingS3Proxy proxy = new DenyingS3Proxy(S3MockServer.get().endpoint()).decodeObjects("DECODED")) {
            MemoryCollectSink sink = new MemoryCollectSink();
            S3TrailCollector.Summary s = collect(proxy, bucket, sink);
            assertEquals(2, s.objectsLoaded());
            assertTrue(s.complete(), () -> s.coverage().toString());
            assertEquals(34, sink.events().size());
            assertEquals(0, sink.problems().size(), () -> sink.problems().toString());
        }
    }

    @Test
    void slowDownIsRetriedWithBackoffForObjectsAndListings() {
        TrailFiles bucket = new TrailFiles(s3, "slow-down");
        bucket.putLog(FOLDER, ACCOUNT, "us-east-1", T, "SLOWOBJECT", 4);
        bucket.putLog(FOLDER, ACCOUNT, "eu-west-1", T, "other", 2);
        // more SlowDowns in a row than the SDK's own 3 attempts, for an object and for a day folder's listing
        try (DenyingS3Proxy proxy = new DenyingS3Proxy(S3MockServer.get().endpoint()).slowDown("SLOWOBJECT", 4)
                .slowDown("CloudTrail/eu-west-1/2024/05/06/", 4)) {
            MemoryCollectSink sink = new MemoryCollectSink();
            S3TrailCollector.Summary s = collect(proxy, bucket, sink);
            assertTrue(s.complete(), () -> s.coverage().toString());
            assertEquals(2, s.objectsLoaded());
            assertEquals(6, sink.events().size());
        }
    }

    @Test
    void aServerRefusingTheRestoreStatusAttributeIsListedWithoutIt() {
        TrailFiles bucket = new TrailFiles(s3, "no-optional-attributes");
        bucket.putLog(FOLDER, ACCOUNT, "us-east-1", T, "first", 4);
        bucket.putLog(FOLDER, ACCOUNT, "us-east-1", T.plusSeconds(86_400), "second", 3);
        bucket.putLog(FOLDER, ACCOUNT, "eu-west-1", T, "third", 2);
        // S3Proxy answers ListObjectsV2 with x-amz-optional-object-attributes: RestoreStatus 501 NotImplemented
        try (DenyingS3Proxy proxy = new DenyingS3Proxy(S3MockServer.get().endpoint())
                .refuseHeader("x-amz-optional-object-attributes")) {
            MemoryCollectSink sink = new MemoryCollectSink();
            S3TrailCollector.Summary s = collect(proxy, bucket, sink);
            assertTrue(s.complete(), () -> s.coverage().toString());
            assertEquals(3, s.objectsLoaded());
            assertEquals(9, sink.events().size());
            assertEquals(1, proxy.refusals(), "asked once with the attribute, then without it");
        }
    }

    @Test
    void anErrorDocumentSentWithA200IsTriedAgainNeverLoadedAsTheFile() {
        TrailFiles bucket = new TrailFiles(s3, "error-in-200");
        bucket.putLog(FOLDER, ACCOUNT, "us-east-1", T, "ONCE", 4);
        String always = bucket.putLog(FOLDER, ACCOUNT, "us-east-1", T.plusSeconds(300), "ALWAYS", 3);
        // S3 may fail after sending its 200: the body is then an error document, which the SDK sees in XML
        // answers (listings) but not in an object's bytes
        try (DenyingS3Proxy proxy = new DenyingS3Proxy(S3MockServer.get().endpoint()).errorIn200("ONCE", 1)
                .errorIn200("ALWAYS", 100)) {
            MemoryCollectSink sink = new MemoryCollectSink();
            S3TrailCollector.Summary s = collect(proxy, bucket, sink);
            assertEquals(1, s.objectsLoaded());
            assertEquals(1, s.objectsFailed());
            assertEquals(4, sink.events().size());
            Coverage region = s.coverage().stream().filter(c -> !c.complete()).findFirst().orElseThrow();
            assertTrue(region.reason().contains(always) && region.reason().contains("200 with an error document")
                    && region.reason().contains("InternalError: We encountered an internal error"), region.reason());

            // not checkpointed: the next run asks for it again, and reads it once the server answers
            proxy.errorIn200("ALWAYS", 0);
            S3TrailCollector.Summary again = collect(proxy, bucket, sink);
            assertTrue(again.complete(), () -> again.coverage().toString());
            assertEquals(7, sink.events().size());
        }
    }

    @Test
    void aBucketInAnotherRegionIsFollowedThere() {
        TrailFiles bucket = new TrailFiles(s3, "bucket-elsewhere");
        bucket.putLog(FOLDER, ACCOUNT, "us-east-1", T, "redirected", 4);
        // asked in us-east-1, S3 answers 301 PermanentRedirect with x-amz-bucket-region: eu-west-1
        try (DenyingS3Proxy proxy = new DenyingS3Proxy(S3MockServer.get().endpoint())
                .bucketIn("bucket-elsewhere", "eu-west-1")) {
            MemoryCollectSink sink = new MemoryCollectSink();
            S3TrailCollector.Summary s = collect(proxy, bucket, sink);
            assertTrue(s.complete(), () -> s.coverage().toString());
            assertEquals(4, sink.events().size());
        }
    }

    @Test
    void aServerWithoutListObjectsV2IsAnErrorNamingItsAnswerAndTheWayOut() {
        try (io.trailkeeper.aws.CannedHttpServer server = io.trailkeeper.aws.CannedHttpServer.always(501,
                "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NotImplemented</Code>"
                        + "<Message>A header you provided implies functionality that is not implemented</Message>"
                        + "</Error>");
             AwsClients clients = new AwsClients(AwsOptions.defaults().withRegion("us-east-1")
                     .withServiceEndpoint("s3", server.endpoint()))) {
            io.trailkeeper.events.TrailKeeperException e = org.junit.jupiter.api.Assertions.assertThrows(
                    io.trailkeeper.events.TrailKeeperException.class, () -> new S3TrailCollector(clients.s3("us-east-1"),
                            new MemoryCollectSink(), Clock.systemUTC(), 1000, Duration.ofMillis(5))
                            .collect(S3TrailCollector.Request.of("old-server")));
            assertEquals("listing s3://old-server/AWSLogs/ failed: NotImplemented (HTTP 501): A header you provided"
                    + " implies functionality that is not implemented", e.getMessage());
            assertTrue(String.valueOf(e.hint()).contains("ListObjectsV2") && e.hint().contains("ingest"), e.hint());
        }
    }
}
