package io.trailkeeper.aws.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.aws.AwsOptions;
import io.trailkeeper.aws.auto.DenyingS3Proxy;
import io.trailkeeper.emulator.Emulator;
import io.trailkeeper.emulator.EmulatorConfig;
import io.trailkeeper.emulator.Scenario;
import io.trailkeeper.events.AccountSnapshot;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * The trail's bucket on a server that does not implement S3's expected-owner check: S3Proxy answers GetBucketLocation
 * with x-amz-expected-bucket-owner 501 NotImplemented. The bucket is located without the check, its configuration
 * read, and only its owner is unknown; the location was an error, which made every bucket check UNKNOWN.
 */
class InventoryS3CompatibleTest {
    private static final String BUCKET = "acme-cloudtrail-logs-123456789012";

    @Test
    void aServerWithoutTheExpectedOwnerCheckLeavesOnlyTheOwnerUnknown() {
        AccountSnapshot snapshot;
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(Scenario.bundled("audit-good"))
                .lookupRatePerSecond(100).build());
             DenyingS3Proxy proxy = new DenyingS3Proxy(emulator.endpoint())
                     .refuseHeader("x-amz-expected-bucket-owner");
             AwsClients clients = new AwsClients(AwsOptions.defaults().withRegion("us-east-1")
                     .withEndpoint(proxy.endpoint()))) {
            snapshot = Inventory.defaults().collect(clients, Clock.fixed(Collected.NOW, ZoneOffset.UTC));
            assertTrue(proxy.refusals() > 0, "the server was asked with the header");
        }
        AccountSnapshot.Bucket bucket = new Collected(snapshot).bucket(BUCKET);
        assertFalse(bucket.errors().containsKey("location"), () -> bucket.errors().toString());
        assertEquals("us-east-1", bucket.region());
        assertNull(bucket.ownerAccount());
        assertTrue(bucket.errors().get("ownerAccount").contains("does not implement the expected-owner check"),
                () -> bucket.errors().toString());
        assertEquals(java.util.Set.of("ownerAccount"), bucket.errors().keySet());
        assertEquals("Enabled", bucket.versioning());
    }
}
