package io.trailkeeper.aws.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trailkeeper.emulator.Scenario;
import io.trailkeeper.emulator.ScenarioBuilder;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshots;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * CloudTrail Lake event data stores, read through the real SDK from the emulator: every page of the home region's
 * list, each store's details from GetEventDataStore, and "could not look" kept apart from "there is none".
 */
class InventoryEventDataStoresTest {
    private static final String ARCHIVE = """
            {"Name":"org-archive","HomeRegion":"us-east-1","RetentionPeriod":2557,"OrganizationEnabled":true,
             "BillingMode":"FIXED_RETENTION_PRICING","TerminationProtectionEnabled":true,
             "AdvancedEventSelectors":[
               {"Name":"Management events","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]},
               {"Name":"S3 objects","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},
                                                     {"Field":"resources.type","Equals":["AWS::S3::Object"]}]}]}""";

    private static ScenarioBuilder account() {
        return Scenario.builder().account("123456789012").now(Collected.NOW).enabledRegions("us-east-1", "eu-west-1");
    }

    @Test
    void everyPageOfTheHomeRegionIsReadWithEachStoresDetails() {
        Collected c = Collected.from(account().eventDataStore(ARCHIVE)
                .eventDataStore("{\"Name\":\"stopped\",\"HomeRegion\":\"us-east-1\",\"Status\":\"STOPPED_INGESTION\","
                        + "\"MultiRegionEnabled\":false,\"RetentionPeriod\":30}")
                .eventDataStore("{\"Name\":\"config-items\",\"HomeRegion\":\"us-east-1\",\"AdvancedEventSelectors\":"
                        + "[{\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"ConfigurationItem\"]}]}]}")
                .eventDataStore("{\"Name\":\"elsewhere\",\"HomeRegion\":\"eu-west-1\"}")
                .build(), Inventory.defaults());
        AccountSnapshot s = c.snapshot();

        assertEquals(List.of("org-archive", "stopped", "config-items"), s.eventDataStores().stream()
                .map(AccountSnapshot.EventDataStore::name).toList(), "three stores over two pages; eu-west-1's is"
                + " not the home region's");
        assertEquals(List.of(), s.unreadable());
        AccountSnapshot.EventDataStore archive = s.eventDataStores().get(0);
        assertTrue(archive.arn().startsWith("arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/"), archive.arn());
        assertEquals("us-east-1", archive.homeRegion());
        assertEquals("ENABLED", archive.status());
        assertTrue(archive.multiRegion() && archive.organization());
        assertEquals(2557, archive.retentionDays());
        assertEquals(true, archive.terminationProtection());
        assertEquals("FIXED_RETENTION_PRICING", archive.billingMode());
        assertEquals(List.of(new AccountSnapshot.FieldSelector("eventCategory", List.of("Data"), null, null, null,
                        null, null), new AccountSnapshot.FieldSelector("resources.type", List.of("AWS::S3::Object"),
                        null, null, null, null, null)),
                archive.advancedEventSelectors().get(1).fieldSelectors());
        assertEquals(Map.of(), archive.errors());
        AccountSnapshot.EventDataStore stopped = s.eventDataStores().get(1);
        assertEquals("STOPPED_INGESTION", stopped.status());
        assertEquals(30, stopped.retentionDays());
        assertEquals(false, stopped.multiRegion());
        assertEquals(List.of("ConfigurationItem"), s.eventDataStores().get(2).advancedEventSelectors().get(0)
                .fieldSelectors().get(0).equalsValues(), "a Config store is read as it is; the audit decides");
    }

    @Test
    void aDeniedListIsCouldNotLookNotNone() {
        Collected c = Collected.from(account().eventDataStore(ARCHIVE).eventDataStoresDenied().build(),
                Inventory.defaults());
        assertEquals(List.of(), c.snapshot().eventDataStores());
        String reason = c.unreadable(AccountSnapshot.EVENT_DATA_STORES);
        assertTrue(reason != null && reason.startsWith("AccessDeniedException: ")
                && reason.contains("cloudtrail:ListEventDataStores in us-east-1"), reason);
    }

    @Test
    void aStoreWhoseDetailsAreDeniedKeepsWhatTheListSaidAndWhy() {
        Collected c = Collected.from(account().eventDataStore("{\"Name\":\"sealed\",\"HomeRegion\":\"us-east-1\","
                + "\"denied\":true}").build(), Inventory.defaults());
        AccountSnapshot.EventDataStore sealed = c.snapshot().eventDataStores().get(0);
        assertEquals("sealed", sealed.name());
        assertNull(sealed.status(), "the list no longer says (AWS deprecates its fields)");
        assertNull(sealed.retentionDays());
        assertTrue(sealed.errors().get("details").startsWith("AccessDeniedException: "), sealed.errors().toString());
    }

    @Test
    void storesSurviveTheJsonFormAndAnOldSnapshotSaysItDidNotLook() throws IOException {
        AccountSnapshot s = Collected.from(account().eventDataStore(ARCHIVE).build(), Inventory.defaults()).snapshot();
        String json = AccountSnapshots.toJson(s);
        assertEquals(s, AccountSnapshots.fromJson(json, "test"));

        ObjectNode tree = (ObjectNode) new ObjectMapper().readTree(json);
        tree.remove("eventDataStores");
        String old = tree.put("version", 1).toString();
        AccountSnapshot before = AccountSnapshots.fromJson(old, "old.json");
        assertEquals(List.of(), before.eventDataStores());
        assertTrue(before.unreadable().stream().anyMatch(u -> u.what().equals(AccountSnapshot.EVENT_DATA_STORES)
                && u.reason().contains("version 1")), before.unreadable().toString());
    }
}
