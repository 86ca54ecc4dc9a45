package io.trailkeeper.store;

import static io.trailkeeper.store.TestStores.execute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.CloudTrailReader;
import io.trailkeeper.store.investigate.InvestigationArgs;
import io.trailkeeper.store.investigate.InvestigationResult;
import io.trailkeeper.store.investigate.Investigator;
import io.trailkeeper.store.investigate.SqlText;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's lists of events: destructive_events (schema 9) and s3_object_calls (schema 11). After ingests in many
 * small transactions on two reader threads (chunk ids taken out of order), a second ingest of the same files, an
 * upgrade from an older schema, each list holds what its definition picks exactly once and nothing else (for the S3
 * list: for every bucket name, the calls that name it as the events' resources do); and who-deleted and s3 answer
 * the same from the lists and, on an older store opened for reading only, from the events.
 */
class EventListsTest {
    private static final String BUCKET = "stratus-red-team-ctlr-bucket-zqfsvooxqj";
    private static final String ROLE_ARN = "arn:aws:iam::123837392027:role/stratus-red-team-usr-data-role";
    /** Buckets with S3 data events in ../shared/data: reads and lists; copies and deletes, with objects. */
    private static final List<String> DATA_BUCKETS = List.of("mordors3stack-s3bucket-llp2yingx64a", "example-bucket",
            "victim-data-bucket");

    @TempDir
    Path dir;

    private void ingest(EventStore s, boolean rescan) {
        Ingest.Options small = new Ingest.Options(2, rescan, CloudTrailReader.DEFAULT_MAX_RECORD_BYTES, 300);
        TestStores.ingest(s, small, new ArrayList<>(), TestStores.shared("invictus-ir-aws_dataset/CloudTrail"),
                TestStores.shared("stratus-red-team"), TestStores.shared("panther-analysis/rule_test_events.records.json"),
                TestStores.shared("lookup-events"), TestStores.shared("otrf-security-datasets"));
    }

    /** Both lists hold what they should, each event once (see {@link #assertDestructiveListed}, {@link #assertS3Listed}). */
    static void assertListed(EventStore s) {
        assertDestructiveListed(s);
        assertS3Listed(s);
    }

    /** The list and the store's destructive events are the same set of raw record places, none listed twice. */
    private static void assertDestructiveListed(EventStore s) {
        String destructive = "SELECT raw_chunk, raw_offset FROM events WHERE " + EventList.DESTRUCTIVE.condition();
        long calls = TestStores.scalar(s, "SELECT count(*) FROM (" + destructive + ")");
        assertEquals(calls, TestStores.scalar(s, "SELECT count(*) FROM destructive_events"), "listed");
        assertEquals(calls, TestStores.scalar(s, "SELECT count(*) FROM (SELECT DISTINCT raw_chunk, raw_offset"
                + " FROM destructive_events)"), "listed once");
        assertEquals(0, TestStores.scalar(s, "SELECT count(*) FROM (" + destructive + " EXCEPT SELECT raw_chunk,"
                + " raw_offset FROM destructive_events)"), "a destructive event not listed");
        assertEquals(0, TestStores.scalar(s, "SELECT count(*) FROM destructive_events d WHERE NOT EXISTS (SELECT 1"
                + " FROM events e WHERE e.raw_chunk = d.raw_chunk AND e.raw_offset = d.raw_offset AND e.event_time"
                + " IS NOT DISTINCT FROM d.event_time AND e.resources IS NOT DISTINCT FROM d.resources)"),
                "a listed call that is no event of the store, or not as stored");
    }

    /**
     * For every name an S3 data or network activity event mentions (an ARN's bucket part), the list's calls of that
     * bucket are the S3 data and network activity events whose resources hold the name or its arn:aws:s3::: ARN, each
     * once, with the event's columns (its event_category too).
     */
    private static void assertS3Listed(EventStore s) {
        String data = "FROM events WHERE event_category IN ('Data', 'NetworkActivity') AND event_source ="
                + " 's3.amazonaws.com'";
        List<String> names = new ArrayList<>();
        try (var st = s.connection().createStatement(); var r = st.executeQuery("SELECT DISTINCT CASE WHEN"
                + " starts_with(x, 'arn:aws:s3:::') THEN x[14:] ELSE x END FROM (SELECT unnest(resources) AS x " + data
                + ")")) {
            while (r.next()) {
                if (!r.getString(1).contains("/") && !r.getString(1).isEmpty()) {
                    names.add(r.getString(1));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        long rows = 0;
        for (String name : names) {
            String b = name.replace("'", "''");
            String named = "SELECT raw_chunk, raw_offset " + data + " AND list_has_any(resources, ['" + b
                    + "', 'arn:aws:s3:::" + b + "'])";
            String listed = "SELECT raw_chunk, raw_offset FROM s3_object_calls WHERE bucket = '" + b + "'";
            long calls = TestStores.scalar(s, "SELECT count(*) FROM (" + named + ")");
            assertTrue(calls > 0, name);
            assertEquals(calls, TestStores.scalar(s, "SELECT count(*) FROM (" + listed + ")"), name + ": listed once");
            assertEquals(0, TestStores.scalar(s, "SELECT count(*) FROM ((" + named + ") EXCEPT (" + listed + "))"), name);
            rows += calls;
        }
        assertEquals(rows, TestStores.scalar(s, "SELECT count(*) FROM s3_object_calls"), "rows of no bucket " + names);
        assertEquals(0, TestStores.scalar(s, "SELECT count(*) FROM s3_object_calls o WHERE NOT EXISTS (SELECT 1"
                + " FROM events e WHERE e.raw_chunk = o.raw_chunk AND e.raw_offset = o.raw_offset AND e.raw_length ="
                + " o.raw_length AND e.event_time IS NOT DISTINCT FROM o.event_time AND e.event_name = o.event_name"
                + " AND e.principal_arn IS NOT DISTINCT FROM o.principal_arn AND e.event_category = o.event_category"
                + " AND e.source_ip IS NOT DISTINCT FROM"
                + " o.source_ip AND e.read_only IS NOT DISTINCT FROM o.read_only AND (o.resources IS NULL AND NOT"
                + " starts_with(e.event_name, 'Delete') OR e.resources = o.resources))"),
                "a listed call that is no event of the store, or not as stored");
    }

    /** who-deleted and s3 of the data's buckets, and whether the store was read from its lists or its events. */
    private String answers() {
        try (EventStore s = TestStores.openReadOnly(dir)) {
            Investigator inv = new Investigator(s, Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC));
            StringBuilder b = new StringBuilder(s.lists(EventList.DESTRUCTIVE) ? "listed " : "scanned ")
                    .append(s.lists(EventList.S3_OBJECT_CALLS) ? "listed\n" : "scanned\n");
            List<InvestigationResult> results = new ArrayList<>();
            results.add(inv.run("who-deleted", InvestigationArgs.of(BUCKET)));
            // found by its bare name (roleName): in the list, tested for its service once found again in events
            results.add(inv.run("who-deleted", InvestigationArgs.of(ROLE_ARN)));
            for (String bucket : DATA_BUCKETS) {
                results.add(inv.run("s3", InvestigationArgs.of(bucket)));
            }
            for (InvestigationResult r : results) {
                b.append(TestStores.answer(r)).append('\n');
            }
            return b.toString();
        }
    }

    @Test
    void everyEventIsListedOnceWhateverTheTransactions() {
        try (EventStore s = TestStores.open(dir)) {
            ingest(s, false);
            assertTrue(TestStores.scalar(s, "SELECT count(*) FROM destructive_events") > 100);
            assertTrue(TestStores.scalar(s, "SELECT count(DISTINCT raw_chunk) FROM destructive_events") > 5,
                    "the calls are spread over many chunks: " + TestStores.scalar(s,
                            "SELECT count(DISTINCT raw_chunk) FROM destructive_events"));
            assertTrue(TestStores.scalar(s, "SELECT count(DISTINCT raw_chunk) FROM s3_object_calls") > 1,
                    "S3 calls in many chunks");
            assertListed(s);
            long listed = TestStores.scalar(s, "SELECT count(*) FROM destructive_events");
            long objectCalls = TestStores.scalar(s, "SELECT count(*) FROM s3_object_calls");
            ingest(s, true);
            assertEquals(listed, TestStores.scalar(s, "SELECT count(*) FROM destructive_events"), "read again");
            assertEquals(objectCalls, TestStores.scalar(s, "SELECT count(*) FROM s3_object_calls"), "read again");
            assertListed(s);
        }
    }

    @Test
    void anOlderStoreIsListedWhenUpgradedAndReadWithoutItsListsUntilThen() {
        try (EventStore s = TestStores.open(dir)) {
            ingest(s, false);
        }
        String listed = answers();
        assertTrue(listed.startsWith("listed listed") && listed.contains("DeleteBucket"), listed);
        assertTrue(listed.contains("DeleteRole"), listed);
        for (String bucket : DATA_BUCKETS) {
            assertTrue(listed.contains("object calls on bucket " + bucket), listed);
        }
        assertTrue(listed.contains("DeleteObject"), listed);
        try (EventStore s = TestStores.open(dir)) {
            // what a store from before schema 9 has: neither list nor the definitions they were made with
            for (EventList list : EventList.ALL) {
                execute(s, "DROP TABLE " + list.table());
                execute(s, "DELETE FROM store_meta WHERE key = '" + list.metaKey() + "'");
            }
            execute(s, "UPDATE store_meta SET value = '8' WHERE key = 'schema_version'");
        }
        String scanned = answers();
        assertTrue(scanned.startsWith("scanned scanned"), scanned);
        assertEquals(listed.substring("listed listed".length()), scanned.substring("scanned scanned".length()));
        try (EventStore s = TestStores.open(dir)) {
            assertEquals(EventStore.SCHEMA_VERSION, TestStores.scalar(s,
                    "SELECT CAST(value AS INTEGER) FROM store_meta WHERE key = 'schema_version'"));
            assertListed(s);
        }
        assertEquals(listed, answers());
    }

    @Test
    void aListMadeUnderAnotherDefinitionIsNotReadAndIsMadeAgain() {
        try (EventStore s = TestStores.open(dir)) {
            ingest(s, false);
        }
        String listed = answers();
        try (EventStore s = TestStores.open(dir)) {
            // as if an earlier version had picked fewer calls: the lists lack the DeleteBucket and the bucket's reads
            execute(s, "DELETE FROM destructive_events WHERE list_contains(resources, '" + BUCKET + "')");
            execute(s, "DELETE FROM s3_object_calls WHERE bucket = '" + DATA_BUCKETS.get(0) + "'");
            for (EventList list : EventList.ALL) {
                execute(s, "UPDATE store_meta SET value = 'event_name = ''DeleteTrail''' WHERE key = '"
                        + list.metaKey() + "'");
            }
        }
        String read = answers();
        assertTrue(read.startsWith("scanned scanned"), read);
        assertEquals(listed.substring("listed listed".length()), read.substring("scanned scanned".length()));
        try (EventStore s = TestStores.open(dir)) {
            assertListed(s);
        }
        assertEquals(listed, answers());
    }

    @Test
    void aSchema13StoreListsItsS3NetworkActivityEventsOnceUpgraded() {
        try (EventStore s = TestStores.open(dir)) {
            ingest(s, false);
        }
        String listed = answers();
        // Panther's example-bucket: 4 GetObject through vpce-EXAMPLE08c1b6b9b7 (one record without the endpoint's id),
        // 1 denied there
        assertTrue(listed.contains("name bucket example-bucket at any time: 4 reads, 0 writes, 0 deletes that went"
                + " through; 1 read denied by the VPC endpoint's policy (VpceAccessDenied): it never reached S3"), listed);
        try (EventStore s = TestStores.open(dir)) {
            // what schema 13 kept: the S3 data events only, without their category, under another definition
            execute(s, "DELETE FROM s3_object_calls WHERE event_category <> 'Data'");
            execute(s, "ALTER TABLE s3_object_calls DROP COLUMN event_category");
            execute(s, "UPDATE store_meta SET value = 'SELECT bucket FROM events WHERE event_category = ''Data'''"
                    + " WHERE key = '" + EventList.S3_OBJECT_CALLS.metaKey() + "'");
            execute(s, "UPDATE store_meta SET value = '13' WHERE key = 'schema_version'");
        }
        String read = answers();
        assertTrue(read.startsWith("listed scanned"), read);
        assertEquals(listed.substring("listed listed".length()), read.substring("listed scanned".length()));
        try (EventStore s = TestStores.open(dir)) {
            assertEquals(EventStore.SCHEMA_VERSION, TestStores.scalar(s,
                    "SELECT CAST(value AS INTEGER) FROM store_meta WHERE key = 'schema_version'"));
            assertTrue(TestStores.scalar(s, "SELECT count(*) FROM s3_object_calls WHERE event_category ="
                    + " 'NetworkActivity'") >= 5);
            assertListed(s);
        }
        assertEquals(listed, answers());
    }

    @Test
    void theS3ListIsPutInBucketOrderOnceManyRowsWereWrittenAtItsEnd() throws java.sql.SQLException {
        EventList s3 = EventList.S3_OBJECT_CALLS;
        assertTrue(OrderedTable.due(1_000_000, 0, OrderedTable.AFTER_ROWS));
        assertFalse(OrderedTable.due(1_000_000, 900_000, OrderedTable.AFTER_ROWS), "a tail under a quarter");
        assertFalse(OrderedTable.due(99_999, 0, OrderedTable.AFTER_ROWS), "a tail under the rows that pay");
        assertFalse(OrderedTable.due(500, 500, 1), "nothing written since");
        assertEquals(null, EventList.DESTRUCTIVE.ordered(), "kept in the order written");
        try (EventStore s = TestStores.open(dir)) {
            ingest(s, false);
        }
        String before = answers();
        String order = "ORDER BY bucket, event_time, raw_chunk, raw_offset";
        String byPlace = "SELECT list(bucket ORDER BY rowid) FROM s3_object_calls";
        try (EventStore s = TestStores.open(dir)) {
            String written = TestStores.text(s, byPlace);
            String sorted = TestStores.text(s, "SELECT list(bucket " + order + ") FROM s3_object_calls");
            assertFalse(sorted.equals(written), "written in bucket order already: " + written);
            long rows = TestStores.scalar(s, "SELECT count(*) FROM s3_object_calls");
            execute(s, "CREATE TEMP TABLE was AS SELECT * FROM s3_object_calls");
            s.keepUp(1);
            assertEquals(sorted, TestStores.text(s, byPlace), "the rows in bucket order");
            assertEquals(0, TestStores.scalar(s, "SELECT count(*) FROM ((SELECT * FROM was EXCEPT ALL SELECT * FROM"
                    + " s3_object_calls) UNION ALL (SELECT * FROM s3_object_calls EXCEPT ALL SELECT * FROM was))"));
            assertEquals(rows, TestStores.scalar(s, "SELECT CAST(value AS BIGINT) FROM store_meta WHERE key = '"
                    + s3.ordered().orderedKey() + "'"));
            assertListed(s);
        }
        assertEquals(before, answers());
    }

    @Test
    void anAccessPointArnIsLookedUpInTheEventsAsNamed() throws java.io.IOException {
        java.nio.file.Path file = dir.resolve("access-point.json");
        java.nio.file.Files.writeString(file, """
                {"Records":[{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLEREADER01",\
                "arn":"arn:aws:iam::123456789012:user/ap-reader","accountId":"123456789012",\
                "accessKeyId":"AKIAEXAMPLEAPREADER1","userName":"ap-reader"},"eventTime":"2024-05-01T10:00:00Z",\
                "eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1",\
                "sourceIPAddress":"198.51.100.7","userAgent":"aws-cli/2.15.0","requestParameters":{"bucketName":\
                "ap-backed-bucket","key":"report.csv","Host":"ap1-123456789012.s3-accesspoint.us-east-1.amazonaws.com"},\
                "responseElements":null,"additionalEventData":{"bytesTransferredOut":2048},"requestID":"R1",\
                "eventID":"8a7d0c35-1d55-4c1e-9a4b-2f0e6f9f0a01","readOnly":true,"resources":[{"type":"AWS::S3::Object",\
                "ARN":"arn:aws:s3:::ap-backed-bucket/report.csv"},{"accountId":"123456789012","type":\
                "AWS::S3::AccessPoint","ARN":"arn:aws:s3:us-east-1:123456789012:accesspoint/ap1"}],\
                "eventType":"AwsApiCall","managementEvent":false,"recipientAccountId":"123456789012",\
                "eventCategory":"Data"}]}
                """);
        try (EventStore s = TestStores.open(dir)) {
            TestStores.ingest(s, file);
        }
        try (EventStore s = TestStores.openReadOnly(dir)) {
            assertTrue(s.lists(EventList.S3_OBJECT_CALLS));
            Investigator inv = new Investigator(s, Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC));
            for (String subject : List.of("arn:aws:s3:us-east-1:123456789012:accesspoint/ap1", "ap-backed-bucket")) {
                InvestigationResult r = inv.run("s3", InvestigationArgs.of(subject));
                assertEquals(1, r.section("operations").rows().size(), subject + ": " + r.notes());
                assertTrue(r.notes().get(0).startsWith("1 object call on bucket "), r.notes().toString());
                assertTrue(r.notes().get(0).endsWith("2,048 bytes read out (bytesTransferredOut)"), r.notes().toString());
            }
        }
    }

    @Test
    void theDefinitionIsReadWithoutItsComments() {
        assertEquals("a = '--x'", SqlText.withoutComments("a = '--x' -- a note", "test"));
        assertEquals("", SqlText.withoutComments("-- only a note", "test"));
        for (EventList list : EventList.ALL) {
            assertFalse(list.definition().contains("--") || list.definition().contains("\n"), list.definition());
        }
        assertTrue(EventList.DESTRUCTIVE.condition().contains("'PutRetentionPolicy'"), EventList.DESTRUCTIVE.condition());
        assertEquals("event_source = 's3.amazonaws.com' AND event_category IN ('Data', 'NetworkActivity')",
                EventList.S3_OBJECT_CALLS.condition());
    }
}
