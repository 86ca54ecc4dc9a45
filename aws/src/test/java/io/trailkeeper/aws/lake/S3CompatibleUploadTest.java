package io.trailkeeper.aws.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.aws.AwsOptions;
import io.trailkeeper.aws.CannedHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a lake upload puts on the wire when an endpoint is given (an S3-compatible server): no checksum trailer
 * and no checksum headers, which Ceph RGW and others refuse when the SDK adds them by default.
 */
class S3CompatibleUploadTest {
    @TempDir
    Path dir;

    @Test
    void aPutToACustomEndpointCarriesNoChecksumTheServerDidNotAskFor() throws IOException {
        try (CannedHttpServer server = CannedHttpServer.always(200, "application/xml", "");
             AwsClients clients = new AwsClients(AwsOptions.defaults().withRegion("us-east-1")
                     .withServiceEndpoint("s3", server.endpoint()))) {
            Path file = dir.resolve("part.parquet");
            Files.writeString(file, "parquet bytes, as they are");
            new S3LakeTarget(clients.s3("us-east-1"), "s3://lake/events", dir.resolve("staging"))
                    .put(file, "year=2026/part.parquet");

            CannedHttpServer.Request put = server.requests().get(0);
            assertEquals("PUT", put.method());
            assertEquals("/lake/events/year%3D2026/part.parquet", put.path());
            assertNull(put.header("x-amz-trailer"), () -> put.headers().toString());
            assertNull(put.header("x-amz-sdk-checksum-algorithm"), () -> put.headers().toString());
            // over plain HTTP the body is still signed in chunks (SigV4 streaming), but without a checksum trailer
            assertTrue(!put.header("x-amz-content-sha256").endsWith("-TRAILER"), put.header("x-amz-content-sha256"));
            assertTrue(put.headers().keySet().stream().noneMatch(h -> h.startsWith("x-amz-checksum-")),
                    () -> put.headers().toString());
            String body = new String(put.body(), StandardCharsets.UTF_8);
            assertTrue(body.contains("parquet bytes, as they are") && !body.contains("x-amz-checksum"), body);
        }
    }
}
