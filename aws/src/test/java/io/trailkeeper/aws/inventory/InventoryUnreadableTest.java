package io.trailkeeper.aws.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.aws.AwsOptions;
import io.trailkeeper.emulator.Emulator;
import io.trailkeeper.emulator.EmulatorConfig;
import io.trailkeeper.emulator.Faults;
import io.trailkeeper.emulator.Scenario;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshots;
import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What could not be read is kept with its reason and never confused with "not configured": a denied region,
 * a denied bucket, another account's bucket, a deleted one, a denied KMS key, a missing log group, IAM denied.
 * And the snapshot survives its JSON form unchanged.
 */
class InventoryUnreadableTest {
    private static final Set<String> BUCKET_ATTRIBUTES = Set.of("location", "lifecycle", "versioning", "objectLock",
            "policy", "acl", "publicAccessBlock", "logging", "encryption");

    private static Scenario lockedOutAccount() {
        return Scenario.builder().account("123456789012").now(Collected.NOW)
                .enabledRegions("eu-west-1", "us-east-1").deniedRegions("eu-west-3")
                .trail("""
                        {"Name":"paris","HomeRegion":"eu-west-3","IsMultiRegionTrail":true,"S3BucketName":"sealed-logs",
                         "KmsKeyId":"arn:aws:kms:us-east-1:123456789012:key/locked",
                         "CloudWatchLogsLogGroupArn":"arn:aws:logs:us-east-1:123456789012:log-group:deleted-group:*"}""")
                .bucket("{\"name\":\"sealed-logs\",\"region\":\"eu-west-3\",\"denied\":true}")
                .bucket("{\"name\":\"org-logs\",\"ownerAccount\":\"999999999999\",\"versioning\":\"Enabled\"}")
                .kmsKey("{\"keyId\":\"locked\",\"region\":\"us-east-1\",\"denied\":true}")
                .iam("{\"denied\":true}")
                .build();
    }

    @Test
    void everyUnreadableThingHasItsReason() {
        Collected c = Collected.from(lockedOutAccount(), Inventory.defaults().withExtraBuckets(List.of("gone", "org-logs")));
        AccountSnapshot s = c.snapshot();

        assertTrue(c.unreadable("cloudtrail eu-west-3").startsWith("AccessDeniedException: "), c.unreadable("cloudtrail eu-west-3"));
        AccountSnapshot.Region paris = c.region("eu-west-3");
        assertTrue(paris.enabled());
        assertNull(paris.recentEvents(), "a history that could not be read is not an empty one");
        // its DeleteTrail events (a deleted trail) could not be looked for either
        assertEquals(Set.of("trails", "recentEvents", "trailDeletions"), paris.errors().keySet());
        assertEquals(0L, c.region("us-east-1").recentEvents());

        // the trail is known from its shadows; its home region refuses to say more
        AccountSnapshot.Trail trail = c.trail("paris");
        assertEquals(List.of("eu-west-1", "us-east-1"), trail.regionsSeen());
        assertNull(trail.logging());
        assertEquals(Set.of("status", "eventSelectors"), trail.errors().keySet());
        assertTrue(trail.errors().get("status").contains("AccessDenied"), trail.errors().toString());

        AccountSnapshot.Bucket sealed = c.bucket("sealed-logs");
        assertTrue(sealed.exists());
        assertEquals(BUCKET_ATTRIBUTES, sealed.errors().keySet());
        sealed.errors().values().forEach(reason -> assertTrue(reason.startsWith("AccessDenied: "), reason));
        assertEquals(List.of(), sealed.lifecycleRules());
        AccountSnapshot.Bucket gone = c.bucket("gone");
        assertFalse(gone.exists());
        assertEquals(Map.of(), gone.errors());
        AccountSnapshot.Bucket foreign = c.bucket("org-logs");
        assertNull(foreign.ownerAccount());
        assertEquals(Set.of("ownerAccount"), foreign.errors().keySet());
        assertTrue(foreign.errors().get("ownerAccount").contains("not in account 123456789012"), foreign.errors().toString());
        assertEquals("Enabled", foreign.versioning());
        assertEquals("us-east-1", foreign.region());

        AccountSnapshot.KmsKey key = s.kmsKeys().get(0);
        assertEquals("arn:aws:kms:us-east-1:123456789012:key/locked", key.arn());
        assertEquals(Set.of("key", "rotation", "policy"), key.errors().keySet());
        assertNull(key.rotationEnabled());
        AccountSnapshot.LogGroup group = s.logGroups().get(0);
        assertEquals("deleted-group", group.name());
        assertEquals(Set.of("logGroup"), group.errors().keySet());
        assertTrue(group.errors().get("logGroup").contains("does not exist"), group.errors().toString());

        assertNull(s.iam());
        assertTrue(c.unreadable("iam").startsWith("AccessDenied: "), c.unreadable("iam"));
        Set<String> unreadable = new TreeSet<>();
        s.unreadable().forEach(u -> unreadable.add(u.what()));
        assertEquals(Set.of("cloudtrail eu-west-3", "iam"), unreadable);
    }

    @Test
    void aFlakyEventHistoryIsRetriedNotReportedUnreadable() {
        Scenario scenario = Scenario.bundled("audit-no-trail");
        Faults faults = Faults.none().withServerErrorShare(0.2).withResetShare(0.05).withSeed(7);
        // AWS's own LookupEvents rate; one region after another, so the seeded faults fall the same way each run
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(scenario).faults(faults).build());
             AwsClients clients = new AwsClients(AwsOptions.defaults().withRegion("us-east-1")
                     .withEndpoint(emulator.endpoint()))) {
            AccountSnapshot s = Inventory.defaults().withThreads(1).collect(clients, Clock.systemUTC());
            assertEquals(List.of(), s.unreadable());
            s.regions().stream().filter(AccountSnapshot.Region::enabled)
                    .forEach(r -> assertEquals(Map.of(), r.errors(), r.name()));
            assertEquals(2L, s.regions().stream().filter(r -> r.name().equals("ap-northeast-1")).findFirst()
                    .orElseThrow().recentEvents());
            assertTrue(emulator.counters().faults(Faults.Kind.SERVER_ERROR) + emulator.counters().faults(Faults.Kind.RESET)
                    > 0, "the faults happened, and were retried");
        }
    }

    @Test
    void theSnapshotIsTheSameAfterItsJsonForm() {
        for (AccountSnapshot s : List.of(Collected.bundled("audit-good").snapshot(),
                Collected.from(lockedOutAccount(), Inventory.defaults().withExtraBuckets(List.of("gone"))).snapshot())) {
            String json = AccountSnapshots.toJson(s);
            assertEquals(s, AccountSnapshots.fromJson(json, "test"));
            assertEquals(json, AccountSnapshots.toJson(AccountSnapshots.fromJson(json, "test")));
        }
    }

    @Test
    void withoutAReachableEndpointNothingIsCollected() {
        URI endpoint;
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(Scenario.builder().build()))) {
            endpoint = emulator.endpoint();
        }
        try (AwsClients clients = new AwsClients(AwsOptions.defaults().withRegion("us-east-1").withEndpoint(endpoint))) {
            TrailKeeperException e = assertThrows(TrailKeeperException.class,
                    () -> Inventory.defaults().collect(clients, Clock.systemUTC()));
            assertEquals(ErrorCode.AWS_UNREACHABLE, e.code());
            assertTrue(e.getMessage().contains("sts:GetCallerIdentity"), e.getMessage());
        }
    }
}
