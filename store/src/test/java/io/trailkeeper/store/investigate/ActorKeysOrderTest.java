package io.trailkeeper.store.investigate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.Table;
import io.trailkeeper.store.EventStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * actor's keys table is in one order whatever the run: a key used by several principals from the same first call
 * (Panther's samples give ASIAIOSFODNN7EXAMPLE to two role sessions at 2024-01-15T10:30:00Z) is ordered by principal,
 * so a cut list (--limit) always keeps the same rows.
 */
class ActorKeysOrderTest {
    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void load() {
        store = IncidentStores.load(dir.resolve("store.duckdb"), IncidentStores.shared("panther-analysis"),
                IncidentStores.shared("stratus-red-team/docs/detonation-logs"));
    }

    private static List<List<Object>> keys(Integer limit) {
        try (EventStore s = IncidentStores.read(store)) {
            InvestigationResult r = new Investigator(s, IncidentStores.CLOCK).run("actor",
                    new InvestigationArgs("role/", null, null, null, null, null, limit));
            Table keys = r.sections().stream().filter(t -> t.name().equals("keys")).findFirst().orElseThrow();
            return keys.rows();
        }
    }

    @Test
    void keysAreInOneOrderAndACutListKeepsTheFirstOfThem() {
        List<List<Object>> all = keys(null);
        List<List<Object>> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparing((List<Object> r) -> String.valueOf(r.get(5)))
                .thenComparing(r -> String.valueOf(r.get(0))).thenComparing(r -> String.valueOf(r.get(2)))
                .thenComparing(r -> String.valueOf(r.get(1))));
        assertEquals(sorted, all);
        long tied = all.stream().filter(r -> "ASIAIOSFODNN7EXAMPLE".equals(r.get(0))).count();
        assertTrue(tied >= 2, "one key, several principals: " + tied);
        for (int i = 0; i < 5; i++) {
            assertEquals(all, keys(null), "run " + i);
        }
    }
}
