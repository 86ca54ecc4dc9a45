package io.trailkeeper.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;

/**
 * What a GetObject puts on the wire, by where the endpoint comes from. An S3-compatible server named in a profile's
 * {@code endpoint_url} (as the AWS CLI reads it) is addressed as one named with --endpoint-url: the bucket on the
 * path, and no {@code x-amz-checksum-mode}, which S3Proxy answers 501 NotImplemented. The endpoint is written with
 * a host name, not an address, as the SDK puts buckets on the path by itself for an address.
 */
class S3CompatibleEndpointTest {
    @TempDir
    Path dir;

    @AfterEach
    void forget() {
        System.clearProperty("aws.configFile");
        System.clearProperty("aws.sharedCredentialsFile");
    }

    private static CannedHttpServer objectServer() {
        return CannedHttpServer.always(200, "application/octet-stream", "{\"Records\":[]}");
    }

    private static String localhost(CannedHttpServer server) {
        return "http://localhost:" + server.endpoint().getPort();
    }

    @Test
    void aProfilesEndpointIsAddressedAsAnS3CompatibleServer() throws IOException {
        try (CannedHttpServer server = objectServer()) {
            Files.writeString(dir.resolve("config"), "[profile s3-compatible]\nregion = us-east-1\nendpoint_url = "
                    + localhost(server) + "\n");
            Files.writeString(dir.resolve("credentials"),
                    "[s3-compatible]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n");
            System.setProperty("aws.configFile", dir.resolve("config").toString());
            System.setProperty("aws.sharedCredentialsFile", dir.resolve("credentials").toString());
            try (AwsClients clients = new AwsClients(AwsOptions.defaults().withProfile("s3-compatible"))) {
                String body = clients.s3("us-east-1").getObjectAsBytes(b -> b.bucket("trail").key("a b+c.json.gz"))
                        .asString(StandardCharsets.UTF_8);
                assertEquals("{\"Records\":[]}", body);
            }
            CannedHttpServer.Request get = server.requests().get(0);
            assertEquals("/trail/a%20b%2Bc.json.gz", get.path(), "the bucket on the path");
            assertNull(get.header("x-amz-checksum-mode"), () -> get.headers().toString());
        }
    }

    @Test
    void anEndpointOptionIsAddressedAlike() {
        try (CannedHttpServer server = objectServer();
             AwsClients clients = new AwsClients(AwsOptions.defaults().withRegion("us-east-1")
                     .withEndpoint(java.net.URI.create(localhost(server))))) {
            clients.s3("us-east-1").getObjectAsBytes(b -> b.bucket("trail").key("k.json.gz"));
            CannedHttpServer.Request get = server.requests().get(0);
            assertEquals("/trail/k.json.gz", get.path());
            assertNull(get.header("x-amz-checksum-mode"), () -> get.headers().toString());
        }
    }

    /**
     * An endpoint of AWS's own given as the endpoint (a regional or FIPS endpoint, an interface VPC endpoint) is no
     * S3-compatible server: GetObject's answer stays checked against S3's CRC and buckets stay host names. Built
     * only, never called: no network.
     */
    @Test
    void anAwsEndpointKeepsTheDownloadChecksumCheck() {
        for (String url : new String[] {"https://s3.us-east-1.amazonaws.com",
                "https://s3-fips.us-east-1.amazonaws.com",
                "https://bucket.vpce-1a2b3c4d-5e6f.s3.us-east-1.vpce.amazonaws.com",
                "https://s3.cn-north-1.amazonaws.com.cn"}) {
            try (AwsClients clients = new AwsClients(AwsOptions.defaults().withRegion("us-east-1")
                    .withEndpoint(java.net.URI.create(url)))) {
                var config = clients.s3("us-east-1").serviceClientConfiguration();
                assertEquals(java.util.Optional.of(java.net.URI.create(url)), config.endpointOverride(), url);
                assertNotEquals(ResponseChecksumValidation.WHEN_REQUIRED, config.responseChecksumValidation(), url);
            }
        }
        try (CannedHttpServer server = objectServer();
             AwsClients clients = new AwsClients(AwsOptions.defaults().withRegion("us-east-1")
                     .withEndpoint(java.net.URI.create(localhost(server))))) {
            assertEquals(ResponseChecksumValidation.WHEN_REQUIRED,
                    clients.s3("us-east-1").serviceClientConfiguration().responseChecksumValidation());
        }
    }
}
