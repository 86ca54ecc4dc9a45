package io.trailkeeper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.lake.LakeExport;
import io.trailkeeper.store.lake.LakeLayout;
import io.trailkeeper.store.lake.LakeSql;
import io.trailkeeper.store.lake.LocalLakeTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake keeps each event's source identity (the person behind a role session, schema 13 of the store) as a column,
 * so a reader of the lake alone (Athena, Trino, Spark) sees it; a file written before the column is still read: with
 * the column NULL by a plain reader of the lake, with it taken from the record by TrailKeeper, and with it written
 * when its partition is written again.
 */
class LakeSourceIdentityTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void anExportedPartitionHasTheSourceIdentityColumn() throws Exception {
        ingest(record("a-1", "2026-03-10T08:00:00Z", "alice"), record("b-1", "2026-03-10T09:00:00Z", null));
        export();
        Path file = file("2026-03-10");
        assertEquals("alice", value(file, "a-1"));
        assertNull(value(file, "b-1"));
    }

    @Test
    void aFileWrittenBeforeTheColumnIsReadWithItAndWrittenAgainWithIt() throws Exception {
        ingest(record("a-1", "2026-03-10T08:00:00Z", "alice"), record("a-2", "2026-03-11T08:00:00Z", "alice"));
        export();
        Path old = file("2026-03-10");
        withoutSourceIdentity(old);
        assertTrue(columns(old).stream().noneMatch(c -> c.equals("source_identity")));

        // a plain reader of the lake: the old file's rows have it NULL, the newer file's their value
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            assertEquals("a-1:null a-2:alice", text(s, "SELECT string_agg(event_id || ':' || coalesce(source_identity,"
                    + " 'null'), ' ' ORDER BY event_id) FROM " + LakeSql.readParquet(List.of(old, file("2026-03-11")))));
            assertEquals("a-1:null", text(s, "SELECT string_agg(event_id || ':' || coalesce(source_identity, 'null'),"
                    + " ' ') FROM " + LakeSql.readParquet(List.of(old))));
        }

        List<Prune.Step> steps;
        try (EventStore s = TestStores.open(dir)) {
            steps = new Prune(s, lake(), new RetentionPolicy(90, 400), NOW).run();
        }
        assertEquals(2, steps.stream().filter(st -> st.action() == Prune.Action.MOVE).count(), steps.toString());
        try (EventStore s = TestStores.openReadOnly(dir)) {
            assertEquals(2, TestStores.count(s, byUser("alice")), "the old file's event found by its source identity");
            assertEquals("alice alice", TestStores.text(s, "SELECT string_agg(source_identity, ' ') FROM events"));
        }

        // a late event for the old file's day: the partition is written again, the old file's row with the column
        ingest(record("a-3", "2026-03-10T10:00:00Z", null));
        export();
        assertTrue(columns(old).contains("source_identity"));
        assertEquals("alice", value(old, "a-1"));
        assertNull(value(old, "a-3"));
    }

    @Test
    void aRecordWithALoneSurrogateEscapeInAFileWrittenBeforeTheColumnFailsNoRead() throws Exception {
        ingest(record("a-1", "2026-03-10T08:00:00Z", "alice").replace("aws-cli/2.15.30", "x\\ud800y"),
                record("a-2", "2026-03-10T09:00:00Z", "bob"));
        export();
        withoutSourceIdentity(file("2026-03-10"));
        try (EventStore s = TestStores.open(dir)) {
            new Prune(s, lake(), new RetentionPolicy(90, 400), NOW).run();
        }
        try (EventStore s = TestStores.openReadOnly(dir)) {
            assertEquals("alice bob", TestStores.text(s, "SELECT string_agg(source_identity, ' ' ORDER BY event_id)"
                    + " FROM events"), "the record with the lone escape keeps its source identity");
            assertEquals(1, TestStores.count(s, byUser("alice")));
        }
        ingest(record("a-3", "2026-03-10T10:00:00Z", null));
        export();
        assertEquals("alice", value(file("2026-03-10"), "a-1"), "written again with the column");
    }

    private void ingest(String... records) throws IOException {
        Path file = dir.resolve("records-" + System.nanoTime() + ".jsonl");
        Files.writeString(file, String.join("\n", records) + "\n");
        try (EventStore s = TestStores.open(dir)) {
            TestStores.ingest(s, file);
        }
    }

    private void export() {
        new LakeExport(() -> EventStore.openForWriting(dir.resolve("store.duckdb"), EventStore.StoreOptions.defaults()),
                new LocalLakeTarget(lake()), NOW, Duration.ofSeconds(30)).run(null, null, LakeExport.Listener.NONE);
    }

    private Path lake() {
        return dir.resolve("lake");
    }

    private Path file(String day) {
        return lake().resolve(LakeLayout.partition("111122223333", "us-east-1", LocalDate.parse(day)) + LakeLayout.FILE);
    }

    /** The file as a TrailKeeper from before the column wrote it: the same rows, without source_identity. */
    private static void withoutSourceIdentity(Path file) throws SQLException, IOException {
        Path older = file.resolveSibling("older.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT * EXCLUDE (source_identity) FROM read_parquet(" + LakeSql.quote(file.toString())
                    + ")) TO " + LakeSql.quote(older.toString()) + " (FORMAT parquet)");
        }
        Files.move(older, file, StandardCopyOption.REPLACE_EXISTING);
    }

    private static List<String> columns(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("DESCRIBE SELECT * FROM read_parquet(" + LakeSql.quote(file.toString())
                     + ")")) {
            List<String> out = new java.util.ArrayList<>();
            while (r.next()) {
                out.add(r.getString(1));
            }
            return out;
        }
    }

    private static String value(Path file, String eventId) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            return text(s, "SELECT source_identity FROM read_parquet(" + LakeSql.quote(file.toString())
                    + ") WHERE event_id = " + LakeSql.quote(eventId));
        }
    }

    private static String text(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            assertTrue(r.next(), sql);
            return r.getString(1);
        }
    }

    private static EventQuery byUser(String user) {
        return new EventQuery(null, null, List.of(), List.of(), List.of(), user, null, null, null, null, null, null,
                null);
    }

    /** A role session's call, with {@code sourceIdentity} set at AssumeRole (or none). */
    private static String record(String id, String time, String sourceIdentity) {
        return "{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"AssumedRole\","
                + "\"principalId\":\"AROAEXAMPLE:s1\",\"arn\":\"arn:aws:sts::111122223333:assumed-role/Admin/s1\","
                + "\"accountId\":\"111122223333\",\"accessKeyId\":\"ASIAEXAMPLE0000001\",\"sessionContext\":{"
                + (sourceIdentity == null ? "" : "\"sourceIdentity\":\"" + sourceIdentity + "\",")
                + "\"sessionIssuer\":{\"type\":\"Role\",\"principalId\":\"AROAEXAMPLE\","
                + "\"arn\":\"arn:aws:iam::111122223333:role/Admin\",\"accountId\":\"111122223333\",\"userName\":"
                + "\"Admin\"},\"attributes\":{\"creationDate\":\"2026-03-10T07:59:00Z\",\"mfaAuthenticated\":"
                + "\"false\"}}},\"eventTime\":\"" + time + "\",\"eventSource\":\"iam.amazonaws.com\","
                + "\"eventName\":\"ListUsers\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"203.0.113.9\","
                + "\"userAgent\":\"aws-cli/2.15.30\",\"requestParameters\":null,\"responseElements\":null,"
                + "\"eventID\":\"" + id + "\",\"readOnly\":true,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,"
                + "\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Management\"}";
    }
}
