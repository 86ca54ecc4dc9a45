package io.trailkeeper.store;

import static io.trailkeeper.store.TestStores.execute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rederive recomputes the derived columns of stored events from their raw records: events stored before schema 13
 * get their source_identity, a column stored under another derivation gets this version's value with day_counts and
 * the event lists kept true to it, a record that cannot be parsed again is counted, named and kept, and a pass
 * stopped midway goes on from where it stopped.
 */
class RederiveTest {
    /** The day_counts sums that differ from the events counted afresh (0 when they agree). */
    private static final String COUNTED = "SELECT region, day, source_kind, data, sum(events) AS n FROM day_counts"
            + " GROUP BY ALL HAVING n <> 0";
    private static final String FRESH = "SELECT coalesce(aws_region, '') AS region, CAST(event_time AS DATE) AS day,"
            + " source_kind, coalesce(event_category = 'Data', false) AS data, count(*) AS n FROM events GROUP BY ALL";
    private static final String DAY_COUNTS = "SELECT count(*) FROM (" + COUNTED + ") c FULL JOIN (" + FRESH + ") f"
            + " ON c.region = f.region AND c.day IS NOT DISTINCT FROM f.day AND c.source_kind = f.source_kind"
            + " AND c.data = f.data AND c.n = f.n WHERE c.region IS NULL OR f.region IS NULL";

    @TempDir
    Path dir;

    @Test
    void eventsStoredBeforeSchema13GetTheirSourceIdentityAndTheWarningGoes() throws IOException {
        schema12Store("old-1", "old-2");
        try (EventStore s = TestStores.open(dir)) {
            assertEquals(0, TestStores.count(s, byUser("alice")), "upgraded, the old events have no source identity");
            assertNotNull(SourceIdentityCoverage.caveat(s, null, null, Set.of()));
            String posted = TestStores.text(s, "SELECT value FROM store_meta WHERE key = 'key_postings_covered'");
            assertNotNull(posted);
            Rederive.Summary summary = new Rederive(s, new Rederive.Listener() { }).run();
            assertEquals(posted, TestStores.text(s, "SELECT value FROM store_meta WHERE key = 'key_postings_covered'"),
                    "a person's name changes no posting: the postings are kept");
            assertEquals(2, summary.events());
            assertEquals(2, summary.changed());
            assertEquals(Map.of("source_identity", 2L), summary.changedByColumn());
            assertEquals(0, summary.unreadable());
            assertFalse(summary.resumed());
            assertEquals(2, TestStores.count(s, byUser("alice")));
            assertNull(SourceIdentityCoverage.caveat(s, null, null, Set.of()));
            assertEquals(0, TestStores.scalar(s, "SELECT count(*) FROM store_meta WHERE key LIKE 'rederive%'"
                    + " OR key = '" + SourceIdentityCoverage.UNREAD_THROUGH_CHUNK + "'"));
            Rederive.Summary again = new Rederive(s, new Rederive.Listener() { }).run();
            assertEquals(2, again.events());
            assertEquals(0, again.changed(), "nothing left to change");
        }
        try (EventStore s = TestStores.openReadOnly(dir)) {
            assertEquals(2, TestStores.count(s, byUser("ALICE")));
            assertNull(SourceIdentityCoverage.caveat(s, null, null, Set.of()));
        }
    }

    @Test
    void aColumnStoredUnderAnotherDerivationIsRecomputedWithItsCountsAndLists() throws IOException {
        try (EventStore s = TestStores.open(dir)) {
            TestStores.ingest(s, records("a.jsonl", "e1", "e2", "e3"));
            String listed = TestStores.text(s, "SELECT string_agg(raw_offset::VARCHAR, ',' ORDER BY raw_offset)"
                    + " FROM destructive_events");
            assertEquals(3, listed.split(",").length, "DeleteRole is a destructive call: " + listed);
            // as an older TrailKeeper might have stored them: another region, category and name, no resources
            execute(s, "UPDATE events SET aws_region = 'eu-west-9', event_name = 'ListUsers', resources = [],"
                    + " user_name = NULL, event_category = 'Data' WHERE event_id IN ('e1', 'e2')");
            execute(s, "DELETE FROM destructive_events");
            // and counted them so
            execute(s, "DELETE FROM day_counts");
            execute(s, "INSERT INTO day_counts SELECT coalesce(aws_region, ''), CAST(event_time AS DATE), source_kind,"
                    + " coalesce(event_category = 'Data', false), count(*) FROM events GROUP BY ALL");
            Rederive.Summary summary = new Rederive(s, new Rederive.Listener() { }).run();
            assertEquals(2, summary.changed());
            assertEquals(Map.of("event_name", 2L, "aws_region", 2L, "user_name", 2L, "event_category", 2L,
                    "resources", 2L), summary.changedByColumn());
            assertEquals(0, TestStores.scalar(s, "SELECT count(*) FROM events WHERE aws_region <> 'us-east-1'"
                    + " OR event_name <> 'DeleteRole' OR user_name IS NULL OR len(resources) = 0"));
            assertEquals(listed, TestStores.text(s, "SELECT string_agg(raw_offset::VARCHAR, ',' ORDER BY raw_offset)"
                    + " FROM destructive_events"), "the list holds the events again");
            assertEquals(0, TestStores.scalar(s, DAY_COUNTS), "the day counts follow the events");
        }
        try (EventStore s = TestStores.open(dir)) {
            // rows whose resources were set have new row ids: the close wrote the postings anew
            assertEquals(KeyPostings.coverage(s.connection()), TestStores.text(s, "SELECT value FROM store_meta"
                    + " WHERE key = 'key_postings_covered'"));
            assertEquals(3, TestStores.scalar(s, "SELECT count(*) FROM key_postings p JOIN events e"
                    + " ON e.rowid = p.rid AND e.key_hash = p.key_hash"));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aTimeTheIngestTookFromOutsideTheRecordIsKept() throws IOException {
        // a LookupEvents item whose record has no eventTime: the ingest takes the item's EventTime
        String record = Files.readAllLines(records("r.jsonl", "lookup-1")).get(0)
                .replace("\"eventTime\":\"2026-03-10T08:00:00Z\",", "").replace("\"", "\\\"");
        Path file = dir.resolve("lookup.json");
        Files.writeString(file, "{\"Events\":[{\"EventId\":\"lookup-1\",\"EventName\":\"DeleteRole\","
                + "\"EventTime\":\"2026-03-09T07:00:00Z\",\"CloudTrailEvent\":\"" + record + "\"}]}");
        try (EventStore s = TestStores.open(dir)) {
            TestStores.ingest(s, file);
            execute(s, "UPDATE events SET source_identity = NULL");
            Rederive.Summary summary = new Rederive(s, new Rederive.Listener() { }).run();
            assertEquals(Map.of("source_identity", 1L), summary.changedByColumn());
            assertEquals("2026-03-09 07:00:00", TestStores.text(s, "SELECT strftime(event_time, '%Y-%m-%d %H:%M:%S')"
                    + " FROM events"));
        }
    }

    @Test
    void aRecordThatCannotBeParsedAgainIsCountedNamedAndKept() throws IOException {
        schema12Store("old-1", "old-2");
        try (EventStore s = TestStores.open(dir)) {
            // its place points one byte into its record: what is there is no longer a JSON object
            execute(s, "UPDATE events SET raw_offset = raw_offset + 1, raw_length = raw_length - 1"
                    + " WHERE event_id = 'old-2'");
            Rederive.Summary summary = new Rederive(s, new Rederive.Listener() { }).run();
            assertEquals(2, summary.events());
            assertEquals(1, summary.changed());
            assertEquals(1, summary.unreadable());
            assertEquals(1, summary.unreadableNamed().size());
            String named = summary.unreadableNamed().get(0);
            assertTrue(named.contains("old.jsonl record 1 (eventID old-2)") && named.contains("TK-IN-"), named);
            assertEquals(2, TestStores.scalar(s, "SELECT count(*) FROM events"), "not dropped");
            assertEquals("DeleteRole", TestStores.text(s, "SELECT event_name FROM events WHERE event_id = 'old-2'"));
        }
    }

    @Test
    void aPassStoppedMidwayGoesOnFromWhereItStopped() throws IOException {
        try (EventStore s = TestStores.open(dir)) {
            // one ingest a file: one raw chunk each
            for (String id : List.of("a", "b", "c")) {
                Path file = records(id + ".jsonl", id + "1", id + "2", id + "3");
                // the third call of each file names no person
                List<String> lines = Files.readAllLines(file);
                lines.set(2, lines.get(2).replace("\"sourceIdentity\":\"alice\",", ""));
                Files.write(file, lines);
                TestStores.ingest(s, file);
            }
            execute(s, "ALTER TABLE events DROP COLUMN source_identity");
            execute(s, "UPDATE store_meta SET value = '12' WHERE key = 'schema_version'");
        }
        try (EventStore s = TestStores.open(dir)) {
            assertEquals(3, TestStores.scalar(s, "SELECT count(DISTINCT raw_chunk) FROM events"));
            RuntimeException stop = new IllegalStateException("killed");
            assertThrows(IllegalStateException.class, () -> new Rederive(s, null, new Rederive.Listener() {
                @Override
                public void progress(long eventsDone) {
                    throw stop; // after the first step's commit
                }
            }, 1).run());
            assertEquals(2, TestStores.count(s, byUser("alice")), "the first step is kept");
            String caveat = SourceIdentityCoverage.caveat(s, null, null, Set.of());
            assertTrue(caveat != null && caveat.startsWith("6 events of this window"), "the rest is not done: " + caveat);
        }
        try (EventStore s = TestStores.open(dir)) {
            long[] started = new long[1];
            Rederive.Summary rest = new Rederive(s, null, new Rederive.Listener() {
                @Override
                public void started(long events, boolean resumed) {
                    started[0] = events;
                }
            }, 1).run();
            assertTrue(rest.resumed());
            assertEquals(6, started[0]);
            assertEquals(6, rest.events());
            assertEquals(4, rest.changed());
            assertEquals(6, TestStores.count(s, byUser("alice")));
            assertNull(SourceIdentityCoverage.caveat(s, null, null, Set.of()));
        }
    }

    private void schema12Store(String... ids) throws IOException {
        try (EventStore s = TestStores.open(dir)) {
            TestStores.ingest(s, records("old.jsonl", ids));
            execute(s, "ALTER TABLE events DROP COLUMN source_identity");
            execute(s, "UPDATE store_meta SET value = '12' WHERE key = 'schema_version'");
        }
    }

    private static EventQuery byUser(String user) {
        return new EventQuery(null, null, List.of(), List.of(), List.of(), user, null, null, null, null, null, null,
                null);
    }

    /** DeleteRole calls of a role session whose person (sourceIdentity) is alice, one a line. */
    private Path records(String name, String... ids) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String id : ids) {
            b.append("{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":"
                    + "\"AROAEXAMPLE:s1\",\"arn\":\"arn:aws:sts::111122223333:assumed-role/Admin/s1\",\"accountId\":"
                    + "\"111122223333\",\"accessKeyId\":\"ASIAEXAMPLE0000001\",\"sessionContext\":{\"sourceIdentity\":"
                    + "\"alice\",\"sessionIssuer\":{\"type\":\"Role\",\"principalId\":\"AROAEXAMPLE\",\"arn\":"
                    + "\"arn:aws:iam::111122223333:role/Admin\",\"accountId\":\"111122223333\",\"userName\":\"Admin\"},"
                    + "\"attributes\":{\"creationDate\":\"2026-03-10T07:59:00Z\",\"mfaAuthenticated\":\"false\"}}},"
                    + "\"eventTime\":\"2026-03-10T08:00:00Z\",\"eventSource\":\"iam.amazonaws.com\",\"eventName\":"
                    + "\"DeleteRole\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"203.0.113.9\",\"userAgent\":"
                    + "\"aws-cli/2.15.30\",\"requestParameters\":{\"roleName\":\"victim-" + id + "\"},"
                    + "\"responseElements\":null,\"eventID\":\"" + id + "\",\"readOnly\":false,\"eventType\":"
                    + "\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"111122223333\","
                    + "\"eventCategory\":\"Management\"}\n");
        }
        Path file = dir.resolve(name);
        Files.writeString(file, b.toString());
        return file;
    }
}
