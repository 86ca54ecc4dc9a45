package io.trailkeeper.aws.s3;

import io.trailkeeper.aws.AwsClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A test class against the shared {@link S3MockServer}: clients made before its first test and closed after its
 * last. A subclass's own {@code @BeforeAll} (filling its buckets) runs after this one, with {@link #s3} ready.
 */
abstract class S3MockTest {
    static AwsClients clients;
    static S3Client s3;

    @BeforeAll
    static void startS3Clients() {
        clients = S3MockServer.get().clients();
        s3 = clients.s3("us-east-1");
    }

    @AfterAll
    static void closeS3Clients() {
        clients.close();
    }
}
