package io.trailkeeper.store;

import static io.trailkeeper.store.TestStores.execute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * source_identity (schema 13): a store of the previous schema, without the column, still opens for reading (its
 * events are searched without it) and is upgraded when opened for writing, after which events ingested carry it.
 */
class SourceIdentitySchemaTest {
    @TempDir
    Path dir;

    @Test
    void aStoreOfThePreviousSchemaOpensForReadingAndIsUpgradedForWriting() throws IOException {
        try (EventStore s = TestStores.open(dir)) {
            TestStores.ingest(s, records("old.jsonl", "old-1"));
            // the store as schema 12 left it
            execute(s, "ALTER TABLE events DROP COLUMN source_identity");
            execute(s, "UPDATE store_meta SET value = '12' WHERE key = 'schema_version'");
        }
        try (EventStore s = TestStores.openReadOnly(dir)) {
            assertEquals(0, TestStores.count(s, byUser("alice")), "stored before the column: not known by it");
            assertEquals(1, TestStores.count(s, byUser("Admin")), "the rest of the filter still reads the old store");
        }
        try (EventStore s = TestStores.open(dir)) {
            assertEquals(EventStore.SCHEMA_VERSION, TestStores.scalar(s,
                    "SELECT CAST(value AS INTEGER) FROM store_meta WHERE key = 'schema_version'"));
            assertTrue(EventStore.SCHEMA_VERSION >= 13);
            TestStores.ingest(s, records("new.jsonl", "new-1"));
            assertEquals("alice", TestStores.text(s, "SELECT source_identity FROM events WHERE event_id = 'new-1'"));
        }
        try (EventStore s = TestStores.openReadOnly(dir)) {
            assertEquals(1, TestStores.count(s, byUser("ALICE")));
            assertEquals(2, TestStores.count(s, byUser("Admin")));
        }
    }

    private static EventQuery byUser(String user) {
        return new EventQuery(null, null, List.of(), List.of(), List.of(), user, null, null, null, null, null, null,
                null);
    }

    private Path records(String name, String id) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"AssumedRole\","
                + "\"principalId\":\"AROAEXAMPLE:s1\",\"arn\":\"arn:aws:sts::111122223333:assumed-role/Admin/s1\","
                + "\"accountId\":\"111122223333\",\"accessKeyId\":\"ASIAEXAMPLE0000001\",\"sessionContext\":{"
                + "\"sourceIdentity\":\"alice\",\"sessionIssuer\":{\"type\":\"Role\",\"principalId\":\"AROAEXAMPLE\","
                + "\"arn\":\"arn:aws:iam::111122223333:role/Admin\",\"accountId\":\"111122223333\",\"userName\":"
                + "\"Admin\"},\"attributes\":{\"creationDate\":\"2026-03-10T07:59:00Z\",\"mfaAuthenticated\":"
                + "\"false\"}}},\"eventTime\":\"2026-03-10T08:00:00Z\",\"eventSource\":\"iam.amazonaws.com\","
                + "\"eventName\":\"ListUsers\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"203.0.113.9\","
                + "\"userAgent\":\"aws-cli/2.15.30\",\"requestParameters\":null,\"responseElements\":null,"
                + "\"eventID\":\"" + id + "\",\"readOnly\":true,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,"
                + "\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Management\"}\n");
        return file;
    }
}
