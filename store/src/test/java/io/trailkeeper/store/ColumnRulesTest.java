package io.trailkeeper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events whose columns an earlier TrailKeeper read from their records by other rules are told apart from those this
 * version read: searches over them say so and name the command that reads them again, until it has.
 */
class ColumnRulesTest {
    @TempDir
    Path dir;

    @Test
    void aNewStoreIsReadByTheseRules() throws IOException {
        try (EventStore s = TestStores.open(dir)) {
            TestStores.ingest(s, records("a.jsonl", "2026-03-10T08:00:00Z", "a1", "a2"));
            assertEquals(String.valueOf(ColumnRules.VERSION), TestStores.text(s, "SELECT value FROM store_meta"
                    + " WHERE key = 'column_rules'"));
            assertNull(ColumnRules.caveat(s, null, null, Set.of()));
        }
    }

    @Test
    void eventsReadByEarlierRulesAreCountedInTheWindowUntilRederiveReadsThemAgain() throws IOException {
        try (EventStore s = TestStores.open(dir)) {
            TestStores.ingest(s, records("old.jsonl", "2026-03-10T08:00:00Z", "o1", "o2", "o3"));
            // as a store of an earlier TrailKeeper, whose rules had no version
            try (var st = s.connection().createStatement()) {
                st.execute("DELETE FROM store_meta WHERE key = 'column_rules'");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        try (EventStore s = TestStores.openReadOnly(dir)) {
            assertTrue(ColumnRules.caveat(s, null, null, Set.of()).startsWith("3 events of this window were read"
                    + " from their records by an earlier TrailKeeper"), "never opened by a newer writer: all of them");
        }
        try (EventStore s = TestStores.open(dir)) {
            TestStores.ingest(s, records("new.jsonl", "2026-03-11T08:00:00Z", "n1"));
            String caveat = ColumnRules.caveat(s, null, null, Set.of());
            assertNotNull(caveat);
            assertTrue(caveat.startsWith("3 events of this window were read from their records by an earlier"
                    + " TrailKeeper"), caveat);
            assertTrue(caveat.endsWith("run `trailkeeper rederive --store " + s.path() + "`"), caveat);
            assertNull(ColumnRules.caveat(s, Instant.parse("2026-03-11T00:00:00Z"), null, Set.of()),
                    "the day of the new event holds none of the old ones");
            assertNull(ColumnRules.caveat(s, null, null, Set.of("eu-west-1")), "nor another region");
            new Rederive(s, new Rederive.Listener() { }).run();
            assertNull(ColumnRules.caveat(s, null, null, Set.of()));
        }
        try (EventStore s = TestStores.open(dir)) {
            TestStores.ingest(s, records("later.jsonl", "2026-03-12T08:00:00Z", "l1"));
            assertNull(ColumnRules.caveat(s, null, null, Set.of()), "reopened, nothing is marked again");
        }
    }

    @Test
    void theCountIsWrittenAsTheOtherFiguresAre() throws IOException {
        String[] ids = java.util.stream.IntStream.range(0, 1_200).mapToObj(i -> "m" + i).toArray(String[]::new);
        try (EventStore s = TestStores.open(dir)) {
            TestStores.ingest(s, records("many.jsonl", "2026-03-10T08:00:00Z", ids));
            try (var st = s.connection().createStatement()) {
                st.execute("DELETE FROM store_meta WHERE key = 'column_rules'");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        try (EventStore s = TestStores.openReadOnly(dir)) {
            String caveat = ColumnRules.caveat(s, null, null, Set.of());
            assertTrue(caveat.startsWith("1,200 events of this window"), caveat);
        }
    }

    private Path records(String name, String time, String... ids) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String id : ids) {
            b.append("{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDAEXAMPLE\","
                    + "\"arn\":\"arn:aws:iam::111122223333:user/bob\",\"accountId\":\"111122223333\",\"userName\":"
                    + "\"bob\"},\"eventTime\":\"" + time + "\",\"eventSource\":\"ssm.amazonaws.com\",\"eventName\":"
                    + "\"SendCommand\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"203.0.113.9\","
                    + "\"requestParameters\":{\"instanceIds\":[\"i-0123456789abcdef0\"],\"documentName\":"
                    + "\"AWS-RunShellScript\"},\"errorCode\":\"\",\"eventID\":\"" + id + "\",\"readOnly\":false,"
                    + "\"eventType\":\"AwsApiCall\",\"recipientAccountId\":\"111122223333\"}\n");
        }
        Path file = dir.resolve(name);
        Files.writeString(file, b.toString());
        return file;
    }
}
