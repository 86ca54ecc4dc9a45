package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A person search (query --user, investigate actor) over events stored before the store's upgrade to schema 13
 * says that they were searched without their sessionContext.sourceIdentity: those events keep source_identity NULL,
 * so a role session known only by its person is missed there. A store created at schema 13 never says it.
 */
class SourceIdentityWarningTest {
    static final String ACCOUNT = "111122223333";
    static final String WARNING = "stored before TrailKeeper read sessionContext.sourceIdentity (schema 13)";

    @TempDir
    Path dir;

    @Test
    void aSearchOverEventsStoredBeforeTheUpgradeSaysHowManyWereSearchedWithoutTheirPerson() throws Exception {
        Path store = schema12Store();
        // opened for reading only, the store is still at schema 12: every event of it was stored without the column
        Cli.Result before = Cli.run(store, "--format", "json", "query", "--user", "alice");
        assertTrue(before.err().contains("2 events of this window were " + WARNING), before.toString());

        assertEquals(0, Cli.run(store, "ingest", write("new.jsonl", sessionCall("new-1", "2026-03-11T08:00:00Z",
                "alice"), userCall("new-2", "2026-03-11T08:01:00Z", "dave"))).code()); // upgrades to schema 13
        Cli.Result json = Cli.run(store, "--format", "jsonl", "query", "--user", "alice");
        assertTrue(json.out().contains("\"new-1\"") && !json.out().contains("old-1"), json.toString());
        assertTrue(json.err().contains("warning: this answer may be incomplete: ")
                && json.err().contains("2 events of this window were " + WARNING), json.toString());
        assertTrue(json.err().contains("run `trailkeeper rederive --store " + store + "`"), "says what to do: " + json.err());
        assertFalse(json.out().contains(WARNING), "the data stays clean");

        Cli.Result table = Cli.run(store, "query", "--no-pager", "--user", "alice", "--until", "2026-03-10T08:00:30Z");
        assertTrue(table.out().contains("1 event of this window was " + WARNING), table.toString());

        Cli.Result later = Cli.run(store, "query", "--no-pager", "--user", "alice", "--since", "2026-03-11");
        assertFalse(later.out().contains(WARNING) || later.err().contains(WARNING), "only new events: " + later);

        Cli.Result actor = Cli.run(store, "--format", "json", "investigate", "actor", "alice");
        assertEquals(0, actor.code(), actor.toString());
        assertTrue(actor.err().contains("2 events of this window were " + WARNING), actor.toString());

        // as the warning says: --rescan reads the files again, but their records are stored already
        assertEquals(0, Cli.run(store, "ingest", "--rescan", dir.resolve("old.jsonl").toString()).code());
        Cli.Result rescanned = Cli.run(store, "--format", "jsonl", "query", "--user", "alice");
        assertTrue(rescanned.err().contains("2 events of this window were " + WARNING), rescanned.toString());

        Cli.Result other = Cli.run(store, "query", "--no-pager", "--event-name", "ListUsers");
        assertFalse(other.out().contains(WARNING), "not a person search: " + other);
    }

    @Test
    void rederiveAsTheWarningSaysFindsTheOldEventsByTheirPersonAndTheWarningGoes() throws Exception {
        Path store = schema12Store();
        assertEquals(0, Cli.run(store, "ingest", write("new.jsonl", sessionCall("new-1", "2026-03-11T08:00:00Z",
                "alice"))).code()); // upgrades to schema 13
        Cli.Result before = Cli.run(store, "--format", "jsonl", "query", "--user", "alice");
        assertTrue(before.out().contains("\"new-1\"") && !before.out().contains("\"old-1\""), before.toString());
        String command = "trailkeeper rederive --store " + store;
        assertTrue(before.err().contains("`" + command + "`"), before.toString());
        Cli.Result actorBefore = Cli.run(store, "investigate", "actor", "alice");
        assertFalse(actorBefore.out().contains("2026-03-10T08:00:00Z"), actorBefore.toString());

        Cli.Result rederive = Cli.run(null, command.substring("trailkeeper ".length()).split(" "));
        assertEquals(0, rederive.code(), rederive.toString());
        assertTrue(rederive.out().startsWith("rederived 3 events of " + store + ": 1 changed (source_identity 1);"
                + " 0 could not be read again;"), rederive.toString());

        Cli.Result after = Cli.run(store, "--format", "jsonl", "query", "--user", "alice");
        assertTrue(after.out().contains("\"old-1\"") && after.out().contains("\"new-1\"")
                && !after.out().contains("old-2"), after.toString());
        assertFalse(after.err().contains(WARNING), after.toString());
        Cli.Result actor = Cli.run(store, "investigate", "actor", "alice");
        assertEquals(0, actor.code(), actor.toString());
        assertTrue(actor.out().contains("2026-03-10T08:00:00Z"), "old-1's time: " + actor);
        assertFalse(actor.err().contains(WARNING) || actor.out().contains(WARNING), actor.toString());
    }

    @Test
    void rederiveNamesARecordItCannotReadAgainAndKeepsItsEvent() throws Exception {
        Path store = schema12Store();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + store); Statement s = c.createStatement()) {
            s.execute("UPDATE events SET raw_offset = raw_offset + 1, raw_length = raw_length - 1"
                    + " WHERE event_id = 'old-2'");
        }
        Cli.Result r = Cli.run(store, "rederive");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains(": 1 changed (source_identity 1); 1 could not be read again;"), r.toString());
        assertTrue(r.err().startsWith("warning: 1 event's record could not be read again; the event keeps the"
                + " columns it was stored with:\n  " + dir.resolve("old.jsonl") + " record 1 (eventID old-2) [raw chunk "),
                r.toString());
        Cli.Result query = Cli.run(store, "--format", "jsonl", "query", "--event-name", "ListUsers");
        assertTrue(query.out().contains("\"old-2\""), "kept: " + query);
    }

    @Test
    void aPathWithASpaceIsQuotedInTheCommandTheWarningNames() throws Exception {
        Path store = schema12Store();
        Path spaced = dir.resolve("case 41.duckdb");
        Files.move(store, spaced);
        Cli.Result query = Cli.run(spaced, "--format", "jsonl", "query", "--user", "alice");
        assertTrue(query.err().contains("`trailkeeper rederive --store '" + spaced + "'`"), query.toString());
        assertEquals(0, Cli.run(null, "rederive", "--store", spaced.toString()).code());
        Cli.Result after = Cli.run(spaced, "--format", "jsonl", "query", "--user", "alice");
        assertTrue(after.out().contains("\"old-1\""), after.toString());
        assertFalse(after.err().contains(WARNING), after.toString());
    }

    @Test
    void aStoreCreatedAtSchema13NeverSaysItWhereAnUpgradedOneDoes() throws Exception {
        Path upgraded = schema12Store();
        assertEquals(0, Cli.run(upgraded, "ingest", write("new.jsonl", userCall("new-2", "2026-03-11T08:01:00Z",
                "dave"))).code());
        Cli.Result old = Cli.run(upgraded, "--format", "jsonl", "query", "--user", "alice");
        assertTrue(old.err().contains("2 events of this window were " + WARNING), old.toString());

        Path store = dir.resolve("new.duckdb");
        assertEquals(0, Cli.run(store, "ingest", oldFile()).code());
        Cli.Result query = Cli.run(store, "--format", "jsonl", "query", "--user", "alice");
        assertTrue(query.out().contains("\"old-1\""), query.toString());
        assertFalse(query.err().contains(WARNING) || query.out().contains(WARNING), query.toString());
        Cli.Result actor = Cli.run(store, "investigate", "actor", "alice");
        assertFalse(actor.err().contains(WARNING) || actor.out().contains(WARNING), actor.toString());
    }

    @Test
    void eventsMovedToTheLakeAndEventsStoredAfterAPruneAreNotCounted() throws Exception {
        Path store = schema12Store();
        assertEquals(0, Cli.run(store, "ingest", write("new.jsonl", sessionCall("new-1", "2026-03-11T08:00:00Z",
                "alice"))).code());
        Cli.Result upgraded = Cli.run(store, "--format", "jsonl", "query", "--user", "alice");
        assertTrue(upgraded.err().contains("2 events of this window were " + WARNING), upgraded.toString());
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, "retention:\n  hot_days: 90\n  total_days: 5000\nlake: " + dir.resolve("lake") + "\n");
        Cli.Result prune = Cli.run(store, "prune", "--config", config.toString());
        assertEquals(0, prune.code(), prune.toString());
        // the lake reads the person from each record, so old-1 is found and nothing is missed
        Cli.Result lake = Cli.run(store, "--format", "jsonl", "query", "--user", "alice");
        assertTrue(lake.out().contains("\"old-1\"") && lake.out().contains("\"new-1\""), lake.toString());
        assertFalse(lake.err().contains(WARNING), lake.toString());
        // the chunk that held the old events left with prune; a new event is not taken for one of them
        assertEquals(0, Cli.run(store, "ingest", write("later.jsonl",
                userCall("later-1", "2026-11-20T08:00:00Z", "dave"))).code());
        Cli.Result later = Cli.run(store, "--format", "jsonl", "query", "--user", "dave");
        assertTrue(later.out().contains("\"later-1\""), later.toString());
        assertFalse(later.err().contains(WARNING), later.toString());
    }

    /** A store as schema 12 left it: its events without source_identity, its version 12. */
    private Path schema12Store() throws IOException, SQLException {
        Path store = dir.resolve("old.duckdb");
        assertEquals(0, Cli.run(store, "ingest", oldFile()).code());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + store); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE events DROP COLUMN source_identity");
            s.execute("UPDATE store_meta SET value = '12' WHERE key = 'schema_version'");
        }
        return store;
    }

    private String oldFile() throws IOException {
        return write("old.jsonl", sessionCall("old-1", "2026-03-10T08:00:00Z", "alice"),
                userCall("old-2", "2026-03-10T08:01:00Z", "carol"));
    }

    private String write(String name, String... records) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", records) + "\n");
        return file.toString();
    }

    private static String sessionCall(String id, String time, String person) {
        return call(id, time, "{\"type\":\"AssumedRole\",\"principalId\":\"AROAEXAMPLE:s1\",\"arn\":\"arn:aws:sts::"
                + ACCOUNT + ":assumed-role/Admin/s1\",\"accountId\":\"" + ACCOUNT + "\",\"accessKeyId\":"
                + "\"ASIAEXAMPLE0000001\",\"sessionContext\":{\"sourceIdentity\":\"" + person + "\",\"sessionIssuer\":"
                + "{\"type\":\"Role\",\"principalId\":\"AROAEXAMPLE\",\"arn\":\"arn:aws:iam::" + ACCOUNT + ":role/Admin\","
                + "\"accountId\":\"" + ACCOUNT + "\",\"userName\":\"Admin\"},\"attributes\":{\"creationDate\":"
                + "\"2026-03-10T07:59:00Z\",\"mfaAuthenticated\":\"false\"}}}");
    }

    private static String userCall(String id, String time, String user) {
        return call(id, time, "{\"type\":\"IAMUser\",\"principalId\":\"AIDAEXAMPLE" + user + "\",\"arn\":"
                + "\"arn:aws:iam::" + ACCOUNT + ":user/" + user + "\",\"accountId\":\"" + ACCOUNT + "\","
                + "\"accessKeyId\":\"AKIAEXAMPLE" + user + "\",\"userName\":\"" + user + "\"}");
    }

    private static String call(String id, String time, String identity) {
        return "{\"eventVersion\":\"1.10\",\"userIdentity\":" + identity + ",\"eventTime\":\"" + time + "\","
                + "\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"ListUsers\",\"awsRegion\":\"us-east-1\","
                + "\"sourceIPAddress\":\"203.0.113.9\",\"userAgent\":\"aws-cli/2.15.30\",\"requestParameters\":null,"
                + "\"responseElements\":null,\"eventID\":\"" + id + "\",\"readOnly\":true,\"eventType\":\"AwsApiCall\","
                + "\"managementEvent\":true,\"recipientAccountId\":\"" + ACCOUNT + "\",\"eventCategory\":\"Management\"}";
    }
}
