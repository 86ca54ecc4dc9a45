package io.trailkeeper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.CloudTrailReader;
import io.trailkeeper.store.investigate.InvestigationArgs;
import io.trailkeeper.store.investigate.Investigator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * key_postings (schema 12): written when a store opened for writing is closed, for the rows added since (or all of
 * them anew), they hold the row id of every event with an access key by its hash; a store whose events they no longer
 * cover (an ingest that did not close the store, a prune) is read without them; and investigate key answers the
 * same either way.
 */
class KeyPostingsTest {
    /** Keys of ../shared/data: bert-jan's (thousands of events, over many chunks), and one of a few events. */
    private static final List<String> KEYS = List.of("AKIATFQR7NSC8Q4X20BJ", "ASIAY34FZKBOKMUTVV7A");

    @TempDir
    Path dir;

    private static void ingest(EventStore s, Path... paths) {
        Ingest.Options small = new Ingest.Options(2, false, CloudTrailReader.DEFAULT_MAX_RECORD_BYTES, 300);
        TestStores.ingest(s, small, new ArrayList<>(), paths);
    }

    /** The postings are exactly the store's events with a key, by hash and row id, each once. */
    static void assertPosted(EventStore s) throws java.sql.SQLException {
        String keyed = "SELECT key_hash, rowid FROM events WHERE key_hash IS NOT NULL";
        long events = TestStores.scalar(s, "SELECT count(*) FROM (" + keyed + ")");
        assertTrue(events > 0);
        assertEquals(events, TestStores.scalar(s, "SELECT count(*) FROM key_postings"), "posted once");
        assertEquals(0, TestStores.scalar(s, "SELECT count(*) FROM ((" + keyed + " EXCEPT SELECT key_hash, rid FROM"
                + " key_postings) UNION ALL (SELECT key_hash, rid FROM key_postings EXCEPT " + keyed + "))"));
        assertEquals(KeyPostings.coverage(s.connection()), TestStores.text(s,
                "SELECT value FROM store_meta WHERE key = '" + KeyPostings.COVERED + "'"));
    }

    private String answers() {
        try (EventStore s = TestStores.openReadOnly(dir)) {
            Investigator inv = new Investigator(s, Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC));
            StringBuilder b = new StringBuilder(s.postsKeys() ? "posted\n" : "scanned\n");
            List<InvestigationArgs> questions = new ArrayList<>();
            for (String key : KEYS) {
                questions.add(InvestigationArgs.of(key));
            }
            // a window inside a day: the postings give the day's rows, the window is tested once they are fetched
            questions.add(InvestigationArgs.of(KEYS.get(0)).withWindow(Instant.parse("2023-07-10T12:05:00Z"),
                    Instant.parse("2023-07-10T12:10:00Z")));
            for (InvestigationArgs question : questions) {
                b.append(TestStores.answer(inv.run("key", question))).append('\n');
            }
            return b.toString();
        }
    }

    @Test
    void theRowsAddedArePostedAtEachCloseAndKeyAnswersTheSameWithoutThem() throws java.sql.SQLException {
        try (EventStore s = TestStores.open(dir)) {
            ingest(s, TestStores.shared("stratus-red-team"), TestStores.shared("lookup-events"));
        }
        try (EventStore s = TestStores.open(dir)) {
            assertPosted(s); // all of them, at the first close
            long first = TestStores.scalar(s, "SELECT count(*) FROM key_postings");
            ingest(s, TestStores.shared("invictus-ir-aws_dataset/CloudTrail"),
                    TestStores.shared("panther-analysis/rule_test_events.records.json"));
            assertEquals(first, TestStores.scalar(s, "SELECT count(*) FROM key_postings"), "written at the close");
        }
        try (EventStore s = TestStores.open(dir)) {
            assertPosted(s); // the rows the second ingest added, appended
        }
        String posted = answers();
        assertTrue(posted.startsWith("posted") && posted.contains("bert-jan"), posted);
        assertTrue(posted.contains("ASIAY34FZKBOKMUTVV7A"), posted);

        // the events changed behind the store's back (a row deleted): what the postings cover is not the store's
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("store.duckdb"));
             java.sql.Statement st = c.createStatement()) {
            st.execute("DELETE FROM events WHERE rowid = (SELECT max(rowid) FROM events WHERE key_hash IS NULL)");
        }
        String scanned = answers();
        assertTrue(scanned.startsWith("scanned"), scanned);
        assertEquals(posted.substring("posted".length()), scanned.substring("scanned".length()));
        try (EventStore s = TestStores.open(dir)) {
            assertFalse(KeyPostings.coverage(s.connection()).equals(TestStores.text(s,
                    "SELECT value FROM store_meta WHERE key = '" + KeyPostings.COVERED + "'")));
        }
        try (EventStore s = TestStores.open(dir)) {
            assertPosted(s); // written anew at the close
        }
        assertEquals(posted, answers());
    }
}
