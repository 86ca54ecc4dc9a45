package io.trailkeeper.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailException;
import software.amazon.awssdk.services.cloudtrail.model.EventDataStore;
import software.amazon.awssdk.services.cloudtrail.model.EventDataStoreArnInvalidException;
import software.amazon.awssdk.services.cloudtrail.model.EventDataStoreNotFoundException;
import software.amazon.awssdk.services.cloudtrail.model.GetEventDataStoreResponse;
import software.amazon.awssdk.services.cloudtrail.model.ListEventDataStoresResponse;

/** ListEventDataStores (regional, paged) and GetEventDataStore (by ARN or ID), through the real SDK. */
class EventDataStoresTest {
    private static Scenario scenario(boolean denied) {
        ScenarioBuilder b = Scenario.builder().now(Instant.parse("2026-11-20T00:00:00Z"))
                .eventDataStore("{\"Name\":\"a\",\"HomeRegion\":\"us-east-1\"}")
                .eventDataStore("{\"Name\":\"b\",\"HomeRegion\":\"us-east-1\",\"BillingMode\":\"FIXED_RETENTION_PRICING\"}")
                .eventDataStore("{\"Name\":\"c\",\"HomeRegion\":\"us-east-1\",\"Status\":\"STOPPED_INGESTION\"}")
                .eventDataStore("{\"Name\":\"paris\",\"HomeRegion\":\"eu-west-3\"}");
        return (denied ? b.eventDataStoresDenied() : b).build();
    }

    @Test
    void theHomeRegionsStoresComeInPagesAndEachIsFoundByArnOrId() {
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(scenario(false)).build());
             CloudTrailClient client = SdkClients.cloudTrail(emulator, "us-east-1")) {
            ListEventDataStoresResponse first = client.listEventDataStores(r -> r.maxResults(5));
            assertEquals(List.of("a", "b"), first.eventDataStores().stream().map(EventDataStore::name).toList());
            ListEventDataStoresResponse second = client.listEventDataStores(r -> r.nextToken(first.nextToken()));
            assertEquals(List.of("c"), second.eventDataStores().stream().map(EventDataStore::name).toList());
            assertNull(second.nextToken());

            String arn = first.eventDataStores().get(1).eventDataStoreArn();
            assertTrue(arn.matches("arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/[0-9a-f-]{36}"), arn);
            GetEventDataStoreResponse b = client.getEventDataStore(r -> r.eventDataStore(arn));
            assertEquals("ENABLED", b.statusAsString());
            assertEquals(2557, b.retentionPeriod(), "FIXED_RETENTION_PRICING's default");
            assertEquals(true, b.multiRegionEnabled());
            assertEquals("Management", b.advancedEventSelectors().get(0).fieldSelectors().get(0).equalsValue().get(0));
            String id = arn.substring(arn.lastIndexOf('/') + 1);
            assertEquals("b", client.getEventDataStore(r -> r.eventDataStore(id)).name());
            assertEquals(366, client.getEventDataStore(r -> r.eventDataStore(
                    first.eventDataStores().get(0).eventDataStoreArn())).retentionPeriod());

            assertThrows(EventDataStoreArnInvalidException.class,
                    () -> client.getEventDataStore(r -> r.eventDataStore("arn:aws:s3:::not-a-store")));
            try (CloudTrailClient paris = SdkClients.cloudTrail(emulator, "eu-west-3")) {
                assertEquals(List.of("paris"), paris.listEventDataStores(r -> { }).eventDataStores().stream()
                        .map(EventDataStore::name).toList());
                assertThrows(EventDataStoreNotFoundException.class,
                        () -> paris.getEventDataStore(r -> r.eventDataStore(arn)), "a store lives in its region");
            }
        }
    }

    @Test
    void scenarioJsonCarriesStoresAndRefusesAMisspeltMember(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("scenario.json"), """
                {"account": "123456789012", "eventDataStoresDenied": true,
                 "eventDataStores": [{"Name": "org-archive", "HomeRegion": "us-east-1", "RetentionPeriod": 30}]}""");
        Scenario loaded = Scenario.load(dir);
        assertEquals(List.of("org-archive"), loaded.eventDataStores().stream().map(EventDataStoreDefinition::name)
                .toList());
        assertTrue(loaded.eventDataStoresDenied());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scenario.builder()
                .eventDataStore("{\"Name\":\"x\",\"HomeRegion\":\"us-east-1\",\"Retention\":30}").build());
        assertTrue(e.getMessage().startsWith("eventDataStores[0]: unknown event data store member \"Retention\""),
                e.getMessage());
    }

    @Test
    void aScenarioThatDeniesStoresAnswersAccessDenied() {
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(scenario(true)).build());
             CloudTrailClient client = SdkClients.cloudTrail(emulator, "us-east-1")) {
            CloudTrailException e = assertThrows(CloudTrailException.class, () -> client.listEventDataStores(r -> { }));
            assertEquals("AccessDeniedException", e.awsErrorDetails().errorCode());
            assertTrue(e.getMessage().contains("cloudtrail:ListEventDataStores"), e.getMessage());
        }
    }
}
