package io.trailkeeper.cli;

import io.trailkeeper.events.Table;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.coverage.CoverageAnalysis;
import io.trailkeeper.store.coverage.CoverageGap;
import io.trailkeeper.store.coverage.CoverageReport;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The report's coverage section: the store's coverage analysis of the window, condensed to one row per region
 * (what it holds from which source, what is missing, what the collectors said), and its gaps in sentences.
 */
final class ReportCoverage {
    /** The columns of the analysis's regions table that the report shows, in this order. */
    static final List<String> COLUMNS = List.of("region", "status", "events", "data_events", "trail_files",
            "event_history", "missing_days", "collectors");

    private final Table table;
    private final List<String> gaps;
    private final List<String> tampered;

    private ReportCoverage(Table table, List<String> gaps, List<String> tampered) {
        this.table = table;
        this.gaps = gaps;
        this.tampered = tampered;
    }

    static ReportCoverage of(EventStore store, Clock clock, Instant since, Instant until, List<String> regions) {
        CoverageReport report = new CoverageAnalysis(store, clock).report(since, until, new HashSet<>(regions));
        Table regionTable = report.sections().stream().filter(t -> t.name().equals("regions")).findFirst()
                .orElseThrow(() -> new IllegalStateException("the coverage analysis has no regions table"));
        return new ReportCoverage(condense(regionTable), report.gaps(), report.coverageGaps().stream()
                .filter(g -> g.kind() == CoverageGap.Kind.LOG_TAMPERED).map(CoverageGap::brief).toList());
    }

    private static Table condense(Table regions) {
        List<Integer> picked = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String c : COLUMNS) {
            int i = regions.columns().indexOf(c);
            if (i >= 0) {
                picked.add(i);
                names.add(c);
            }
        }
        List<List<Object>> rows = new ArrayList<>();
        for (List<Object> row : regions.rows()) {
            List<Object> r = new ArrayList<>();
            picked.forEach(i -> r.add(row.get(i)));
            rows.add(r);
        }
        return new Table("coverage", names, rows);
    }

    Table table() {
        return table;
    }

    List<String> gaps() {
        return gaps;
    }

    /** The gaps that are log files deleted, altered or inserted after delivery ({@code verify --keep}), briefly. */
    List<String> tampered() {
        return tampered;
    }
}
