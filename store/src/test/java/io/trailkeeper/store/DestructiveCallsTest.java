package io.trailkeeper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.CloudTrailReader;
import io.trailkeeper.events.Table;
import io.trailkeeper.store.investigate.InvestigationArgs;
import io.trailkeeper.store.investigate.InvestigationResult;
import io.trailkeeper.store.investigate.Investigator;
import io.trailkeeper.store.investigate.SqlText;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * destructive_events (schema 9): after ingests in many small transactions on two reader threads (chunk ids taken out
 * of order), a second ingest of the same files, an upgrade from schema 8, the list holds each destructive event of
 * the store exactly once and nothing else; and who-deleted answers the same from the list and, on an older store
 * opened for reading only, from the events.
 */
class DestructiveCallsTest {
    private static final String BUCKET = "stratus-red-team-ctlr-bucket-zqfsvooxqj";

    @TempDir
    Path dir;

    private void ingest(EventStore s, boolean rescan) {
        Ingest.Options small = new Ingest.Options(2, rescan, CloudTrailReader.DEFAULT_MAX_RECORD_BYTES, 300);
        TestStores.ingest(s, small, new ArrayList<>(), TestStores.shared("invictus-ir-aws_dataset/CloudTrail"),
                TestStores.shared("stratus-red-team"), TestStores.shared("panther-analysis/rule_test_events.records.json"),
                TestStores.shared("lookup-events"));
    }

    /** The list and the store's destructive events are the same set of raw record places, none listed twice. */
    static void assertListed(EventStore s) {
        String destructive = "SELECT raw_chunk, raw_offset FROM events WHERE " + DestructiveCalls.PREDICATE;
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

    private String whoDeleted() {
        try (EventStore s = TestStores.openReadOnly(dir)) {
            InvestigationResult r = new Investigator(s, Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"),
                    ZoneOffset.UTC)).run("who-deleted", InvestigationArgs.of(BUCKET));
            StringBuilder b = new StringBuilder(s.listsDestructiveCalls() ? "listed\n" : "scanned\n");
            for (Table t : r.sections()) {
                b.append(t.name()).append(t.columns()).append(t.rows()).append('\n');
            }
            return b.append(r.notes()).toString();
        }
    }

    private static void execute(EventStore s, String sql) {
        try (var st = s.connection().createStatement()) {
            st.execute(sql);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyDestructiveEventIsListedOnceWhateverTheTransactions() {
        try (EventStore s = TestStores.open(dir)) {
            ingest(s, false);
            assertTrue(TestStores.scalar(s, "SELECT count(*) FROM destructive_events") > 100);
            assertTrue(TestStores.scalar(s, "SELECT count(DISTINCT raw_chunk) FROM destructive_events") > 5,
                    "the calls are spread over many chunks: " + TestStores.scalar(s,
                            "SELECT count(DISTINCT raw_chunk) FROM destructive_events"));
            assertListed(s);
            long listed = TestStores.scalar(s, "SELECT count(*) FROM destructive_events");
            ingest(s, true);
            assertEquals(listed, TestStores.scalar(s, "SELECT count(*) FROM destructive_events"), "read again");
            assertListed(s);
        }
    }

    @Test
    void anOlderStoreIsListedWhenUpgradedAndReadWithoutItsListUntilThen() {
        try (EventStore s = TestStores.open(dir)) {
            ingest(s, false);
        }
        String listed = whoDeleted();
        assertTrue(listed.startsWith("listed") && listed.contains("DeleteBucket"), listed);
        try (EventStore s = TestStores.open(dir)) {
            // what a store from before schema 9 has: neither the list nor the definition it was made with
            execute(s, "DROP TABLE destructive_events");
            execute(s, "DELETE FROM store_meta WHERE key = '" + DestructiveCalls.META_KEY + "'");
            execute(s, "UPDATE store_meta SET value = '8' WHERE key = 'schema_version'");
        }
        String scanned = whoDeleted();
        assertTrue(scanned.startsWith("scanned"), scanned);
        assertEquals(listed.substring("listed".length()), scanned.substring("scanned".length()));
        try (EventStore s = TestStores.open(dir)) {
            assertEquals(EventStore.SCHEMA_VERSION, TestStores.scalar(s,
                    "SELECT CAST(value AS INTEGER) FROM store_meta WHERE key = 'schema_version'"));
            assertListed(s);
        }
        assertEquals(listed, whoDeleted());
    }

    @Test
    void aListMadeUnderAnotherDefinitionIsNotReadAndIsMadeAgain() {
        try (EventStore s = TestStores.open(dir)) {
            ingest(s, false);
        }
        String listed = whoDeleted();
        try (EventStore s = TestStores.open(dir)) {
            // as if an earlier version's destructive.sql had picked fewer calls: the list lacks the DeleteBucket
            execute(s, "DELETE FROM destructive_events WHERE list_contains(resources, '" + BUCKET + "')");
            execute(s, "UPDATE store_meta SET value = 'event_name = ''DeleteTrail''' WHERE key = '"
                    + DestructiveCalls.META_KEY + "'");
        }
        String read = whoDeleted();
        assertTrue(read.startsWith("scanned"), read);
        assertEquals(listed.substring("listed".length()), read.substring("scanned".length()));
        try (EventStore s = TestStores.open(dir)) {
            assertListed(s);
        }
        assertEquals(listed, whoDeleted());
    }

    @Test
    void theDefinitionIsReadWithoutItsComments() {
        assertEquals("a = '--x'", SqlText.withoutComments("a = '--x' -- a note", "test"));
        assertEquals("", SqlText.withoutComments("-- only a note", "test"));
        assertTrue(DestructiveCalls.PREDICATE.contains("'PutRetentionPolicy'") && !DestructiveCalls.PREDICATE
                .contains("--"), DestructiveCalls.PREDICATE);
    }
}
