package io.trailkeeper.store.investigate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.events.Table;
import io.trailkeeper.events.TableCollector;
import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.EventStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * logins' failures_then_success is in one order whatever the run: Panther's compromised-root scenario has root
 * signing in at 2020-11-01T08:29:10Z from two IPs after the same failures, and those two rows follow their events'
 * record hashes (as every list of events here does), not the order DuckDB happened to group them in.
 */
class LoginsOrderTest {
    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void load() {
        store = IncidentStores.load(dir.resolve("store.duckdb"), IncidentStores.shared("panther-analysis"));
    }

    @Test
    void successesOfOneSecondFollowTheirRecordHashes() {
        try (EventStore s = IncidentStores.read(store)) {
            TableCollector hashes = new TableCollector();
            new EventSearch(s).statement("SELECT source_ip FROM events WHERE event_name = 'ConsoleLogin'"
                    + " AND event_time = TIMESTAMP '2020-11-01 08:29:10' AND source_ip IN ('200.58.83.179',"
                    + " '92.55.146.245') ORDER BY record_hash", List.of(), hashes);
            List<Object> expected = hashes.table("t").rows().stream().map(r -> r.get(0)).toList();
            assertEquals(2, expected.size(), "two successes in that second: " + expected);
            for (int run = 0; run < 3; run++) {
                InvestigationResult r = new Investigator(s, IncidentStores.CLOCK).run("logins",
                        InvestigationArgs.none());
                Table t = r.sections().stream().filter(x -> x.name().equals("failures_then_success")).findFirst()
                        .orElseThrow();
                int time = t.columns().indexOf("success_time");
                int ip = t.columns().indexOf("source_ip");
                List<Object> shown = t.rows().stream().filter(x -> String.valueOf(x.get(time))
                        .equals("2020-11-01T08:29:10Z")).map(x -> x.get(ip)).toList();
                assertEquals(expected, shown, "run " + run);
            }
        }
    }
}
