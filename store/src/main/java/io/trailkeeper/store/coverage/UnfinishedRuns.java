package io.trailkeeper.store.coverage;

import io.trailkeeper.store.EventSearch;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Collections that never finished ({@code ingest_runs} without {@code finished_at}): a {@code collect lookup} stopped
 * half-way (a Ctrl-C, a lost session, a kill) writes its coverage entries only at its end, so the regions and days it
 * had not reached were nowhere in the coverage, and the window, from the store's first event, ended where the run had
 * got to: an interrupted 90-day collection read as a complete fortnight. A run is left out once a later run of the
 * same command finished (the rerun that continued it).
 */
final class UnfinishedRuns {
    private static final String RUNS = """
            SELECT r.run_id, r.command, strftime(r.started_at, '%Y-%m-%dT%H:%M:%SZ')
            FROM ingest_runs r
            WHERE r.finished_at IS NULL AND (starts_with(r.command, 'collect') OR starts_with(r.command, 'ingest'))
              AND NOT EXISTS (SELECT 1 FROM ingest_runs l
                              WHERE l.command = r.command AND l.run_id > r.run_id AND l.finished_at IS NOT NULL)
            ORDER BY r.run_id""";
    private static final int NAMED = 3;

    private UnfinishedRuns() {
    }

    static Optional<CoverageGap> gap(EventSearch search) {
        List<String> runs = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        StoreFacts.rows(search, RUNS, List.of(), r -> {
            runs.add(r.get(1) + " (run " + r.get(0) + ", started " + r.get(2) + ")");
            if (!commands.contains(String.valueOf(r.get(1)))) {
                commands.add(String.valueOf(r.get(1)));
            }
        });
        if (runs.isEmpty()) {
            return Optional.empty();
        }
        boolean one = runs.size() == 1;
        String named = String.join(", ", runs.subList(0, Math.min(NAMED, runs.size())))
                + (runs.size() > NAMED ? " and " + (runs.size() - NAMED) + " more" : "");
        String fix = String.join(", ", commands.stream().map(c -> "`trailkeeper " + c + "`").toList());
        String brief = named + " never finished" + ": what "
                + (one ? "it" : "they") + " had not read yet is missing";
        // the event history is read newest first: the days an interrupted run had not reached are the oldest, before
        // the store's first event, where a window taken from the store does not even look
        String sentence = named + " never finished (stopped before " + (one ? "its" : "their") + " end, or still"
                + " running): the regions and days " + (one ? "it" : "they") + " had not read yet are missing, the"
                + " oldest of them before this window, which starts at the store's first event; run " + fix
                + " again with the same options: it continues where the run stopped.";
        return Optional.of(new CoverageGap(CoverageGap.Kind.COLLECTOR, List.of(), List.of(), "unfinished", brief,
                sentence, fix));
    }
}
