package io.trailkeeper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.TableCollector;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The note under a search by a text that matched several principals names the first five, most events first, and
 * counts them all: the same as reading every principal's row (as it was done before only five were fetched).
 */
class PersonKindsNoteTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void ingest() {
        TestStores.ingestSamples(dir);
    }

    @Test
    void aTextMatchingManyPrincipalsNamesTheFirstFiveAndCountsThemAll() {
        try (EventStore store = TestStores.openReadOnly(dir)) {
            for (String text : List.of("a", "role", "stratus")) {
                EventQuery q = new EventQuery(null, null, List.of(), List.of(), List.of(), text, null, null, null,
                        null, null, null, null);
                QuerySql sql = QuerySql.of(store, q);
                TableCollector all = new TableCollector();
                new EventSearch(store).run("SELECT identity_type, session_issuer_arn, coalesce(principal_arn,"
                        + " user_name), source_identity, count(*) AS n FROM events" + sql.where
                        + " GROUP BY ALL ORDER BY n DESC, 3, 2, 4", sql.params, all);
                List<List<Object>> rows = all.table("all").rows();
                String note = PersonKinds.note(store, q);
                if (rows.size() < 2) {
                    assertTrue(note == null || !note.contains(" principals: "), note);
                    continue;
                }
                assertTrue(note.startsWith("--user " + text + " matched " + rows.size() + " principals: "), note);
                List<List<Object>> told = rows.subList(0, Math.min(5, rows.size()));
                for (List<Object> row : told) {
                    Object who = row.get(1) != null ? row.get(1) : row.get(2);
                    assertTrue(note.contains(who + (row.get(3) == null ? "" : " acting for " + row.get(3)) + " ("
                            + row.get(4) + (((Number) row.get(4)).longValue() == 1 ? " event)" : " events)")),
                            who + " in " + note);
                }
                assertEquals(rows.size() > 5, note.contains(" and " + (rows.size() - 5) + " more; "), note);
            }
            String many = PersonKinds.note(store, new EventQuery(null, null, List.of(), List.of(), List.of(), "a",
                    null, null, null, null, null, null, null));
            assertTrue(many.contains(" more; "), "more than five principals hold an a: " + many);
        }
    }
}
