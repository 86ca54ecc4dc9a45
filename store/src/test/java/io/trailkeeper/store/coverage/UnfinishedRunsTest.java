package io.trailkeeper.store.coverage;

import static io.trailkeeper.store.coverage.CoverageStores.at;
import static io.trailkeeper.store.coverage.CoverageStores.history;
import static io.trailkeeper.store.coverage.CoverageStores.signIns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.Coverage;
import io.trailkeeper.store.CollectWriter;
import io.trailkeeper.store.EventStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deleted-trail drill: `collect lookup` of 90 days stopped after its first pages (a kill; the run's row stays
 * without finished_at, its coverage entries are written only at its end). coverage then answered for "2026-11-15..
 * 2026-11-28 (14 days)", from the store's first event, and named no gap for the 76 older days it had never read: an
 * interrupted collection read as a complete fortnight. The unfinished run is a gap now, until a later run of the same
 * command finishes.
 */
class UnfinishedRunsTest {
    private static final Instant NOW = Instant.parse("2026-11-28T21:30:00Z");

    @TempDir
    Path dir;

    private Path store() {
        return dir.resolve("store.duckdb");
    }

    private void run(String from) {
        try (CollectWriter w = CoverageStores.writer(store(), "collect lookup")) {
            w.write(history("us-east-1", signIns("us-east-1", "2026-11-18T09:00:00Z"), from, NOW.toString()));
            w.coverage(new Coverage("lookup", CoverageStores.ACCOUNT, "us-east-1", "event history us-east-1",
                    Instant.parse(from), NOW, Coverage.Status.COMPLETE, ""));
        }
    }

    private CoverageReport report() {
        try (EventStore s = CoverageStores.read(store())) {
            return new CoverageAnalysis(s, at(NOW.toString())).report(null, null, Set.of("us-east-1"));
        }
    }

    private List<String> caveats() {
        try (EventStore s = CoverageStores.read(store())) {
            return new CoverageAnalysis(s, at(NOW.toString())).caveats(null, null, Set.of("us-east-1"), false);
        }
    }

    @Test
    void aCollectionThatNeverFinishedIsAGapUntilARerunFinishes() throws Exception {
        run("2026-11-15T00:00:00Z");
        // what a killed run leaves: its row without an end
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + store().toAbsolutePath());
             Statement s = c.createStatement()) {
            s.execute("UPDATE ingest_runs SET finished_at = NULL, status = 'running' WHERE run_id = 1");
        }
        List<CoverageGap> gaps = report().coverageGaps().stream()
                .filter(g -> "unfinished".equals(g.status())).toList();
        assertEquals(1, gaps.size(), report().gaps().toString());
        assertTrue(gaps.get(0).sentence().matches("collect lookup \\(run 1, started 20\\d\\d-\\d\\d-\\d\\dT\\d\\d:\\d\\d:"
                + "\\d\\dZ\\) never finished \\(stopped before its end, or still running\\): the regions and days it had"
                + " not read yet are missing, the oldest of them before this window, which starts at the store's first"
                + " event; run `trailkeeper collect lookup` again with the same options: it continues where the run"
                + " stopped\\."), gaps.get(0).sentence());
        assertTrue(caveats().stream().anyMatch(c -> c.startsWith("collect lookup (run 1, started ")
                && c.endsWith(" never finished: what it had not read yet is missing")), caveats().toString());

        run("2026-08-30T21:30:00Z");
        assertTrue(report().coverageGaps().stream().noneMatch(g -> "unfinished".equals(g.status())),
                report().gaps().toString());
    }
}
