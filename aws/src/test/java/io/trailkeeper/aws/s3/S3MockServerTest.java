package io.trailkeeper.aws.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** The shared S3Mock answers the SDK the way the collectors' tests rely on: path style, plain HTTP, loopback. */
class S3MockServerTest {
    @Test
    void servesTheSdkOnLoopback() {
        S3MockServer server = S3MockServer.get();
        assertEquals("127.0.0.1", server.endpoint().getHost());
        try (var clients = server.clients()) {
            var s3 = clients.s3("us-east-1");
            s3.createBucket(b -> b.bucket("s3mock-smoke"));
            s3.putObject(b -> b.bucket("s3mock-smoke").key("a/b.txt"), RequestBody.fromString("hi"));
            assertEquals(1, s3.listObjectsV2(b -> b.bucket("s3mock-smoke").prefix("a/")).keyCount());
            assertEquals("hi", s3.getObjectAsBytes(b -> b.bucket("s3mock-smoke").key("a/b.txt")).asUtf8String());
        }
    }
}
