package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.OriginChainTest.assume;
import static io.trailkeeper.store.investigate.OriginChainTest.session;
import static io.trailkeeper.store.investigate.S3ObjectCalls.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * key and actor read the union of the subject's calls and its sessions' (subject-calls.sql) in five sections (created,
 * launches, keys made, object reads, object changes), and on a 2.1 million event store each recomputing it cost an
 * actor with 657 sessions a third of its answer (9f8b419). It is made once, into tk_subject_calls
 * (subject-calls-table.sql), and the sections read that table: one statement of the answer joins the sessions' calls.
 */
class SubjectCallsOnceTest {
    /** subject-calls.sql's columns of the sessions' calls, which join the subject's own (its text alone has them). */
    private static final String UNION = "e.access_key_id, e.source_ip, e.error_code, e.event_category, e.resources,"
            + " e.record_hash";

    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void load() throws IOException {
        String account = RoleChainTest.ACCOUNT;
        String build = session(account, "build", "ASIAHOPONE000000001");
        List<String> lines = List.of(
                assume(RoleChainTest.user(), "2026-03-10T08:00:00Z", "a1", account, "build", "ASIAHOPONE000000001"),
                object(RoleChainTest.user(), "acme-exports", "g1", "2026-03-10T08:01:00Z", "GetObject", "c/1.csv",
                        "203.0.113.9", "\"x\":\"\"", null, null),
                object(build, "acme-backups", "d1", "2026-03-10T08:02:00Z", "DeleteObject", "db/1.gz", "203.0.113.9",
                        "\"x\":\"\"", null, null));
        Path file = dir.resolve("calls.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        store = IncidentStores.load(dir.resolve("calls.duckdb"), file);
    }

    @Test
    void keyMakesTheUnionOnceAndItsSectionsReadIt() {
        assertMadeOnce("key", RoleChainTest.DEV_KEY);
    }

    @Test
    void actorMakesTheUnionOnceAndItsSectionsReadIt() {
        assertMadeOnce("actor", "user/dev");
    }

    private static void assertMadeOnce(String name, String subject) {
        try (EventStore s = IncidentStores.read(store)) {
            Context c = new Context(new EventSearch(s), Investigations.bundled().get(name), InvestigationArgs.of(subject));
            (name.equals("key") ? Story.ofKey() : Story.ofActor()).answer(c);
            // the union is there: the session's delete is in the story
            assertEquals(1, c.made("object_changes").rows().size(), String.join("\n", c.notes()));
            List<String> union = c.statements().stream().filter(sql -> sql.contains(UNION)).toList();
            assertEquals(1, union.size(), "statements making the union of the sessions' calls:\n"
                    + String.join("\n----\n", union));
            assertTrue(union.get(0).contains("CREATE OR REPLACE TEMP TABLE tk_subject_calls"), union.get(0));
            long readers = c.statements().stream().filter(sql -> sql.contains("FROM tk_subject_calls")).count();
            assertTrue(readers >= 5, readers + " statements read tk_subject_calls");
        }
    }
}
