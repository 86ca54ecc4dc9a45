package io.trailkeeper.detect.sql;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.trailkeeper.detect.Correlation;
import io.trailkeeper.detect.InMemoryEngine;
import io.trailkeeper.detect.Match;
import io.trailkeeper.detect.RuleLoader;
import io.trailkeeper.detect.SigmaRule;
import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.events.IngestProblem;
import io.trailkeeper.events.TableSink;
import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.Ingest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The correlation half of the differential test: every correlation (event_count, value_count, temporal,
 * temporal_ordered, over detection rules or other correlations; the bundled pack's and the converted SigmaHQ
 * unsupported rules) run by the in-memory engine and by {@link SqlBackend#correlation} over the pack's samples in
 * a store must fire on the same events, with the same group values.
 */
class SqlCorrelationDifferentialTest {
    private static final Path SHARED = Path.of(System.getProperty("trailkeeper.shared", "../../shared"));

    @TempDir
    Path dir;

    @Test
    void bothBackendsFireOnTheSameEventsForEveryCorrelation() throws IOException {
        Path data = PackSamplesDifferentialTest.writeSamples(dir);
        long fires = compare(data, "samples", true);
        assertTrue(fires > 0, "no correlation fired on the samples");
    }

    /**
     * Every correlation over the real CloudTrail of ../shared/data, through both backends: the same fires (time
     * and group). Many of its records share a second, and among events of the same time the engine keeps arrival
     * order while SQL orders by hash, so the event named as completing a fire may be another of the tied ones.
     */
    @Test
    void bothBackendsAgreeOnEveryCorrelationOverTheSharedData() {
        assertTrue(compare(SHARED.resolve("data"), "shared data", false) > 0, "some correlation fires on the data");
    }

    /**
     * Loads the files into a store, compares every correlation; returns the in-memory fires.
     *
     * @param byEvent compare the completing events (true), or the fires' times and groups (false)
     */
    private long compare(Path data, String what, boolean byEvent) {
        Path db = dir.resolve("store-" + what.replace(' ', '-') + ".duckdb");
        try (EventStore writing = EventStore.openForWriting(db, EventStore.StoreOptions.defaults())) {
            new Ingest(writing, Ingest.Options.defaults(), new Ingest.Listener() {
                @Override
                public void problem(IngestProblem problem) {
                }
            }).run(List.of(data));
        }
        RuleLoader loader = new RuleLoader();
        List<SigmaRule> all = new ArrayList<>(loader.bundled().rules());
        all.addAll(loader.load(SHARED.resolve("sigma/unsupported")).rules());
        Map<String, SigmaRule> byName = new HashMap<>();
        for (SigmaRule r : all) {
            if (r.id() != null) {
                byName.put(r.id(), r);
            }
            if (r.name() != null) {
                byName.put(r.name(), r);
            }
        }
        try (EventStore store = EventStore.openForReading(db, EventStore.StoreOptions.defaults())) {
            List<CloudTrailEvent> events = CorrelationInputs.read(store);
            EventSearch search = new EventSearch(store);
            SqlBackend backend = new SqlBackend();
            List<String> differences = new ArrayList<>();
            int compared = 0;
            int temporal = 0;
            int chained = 0;
            long fires = 0;
            for (SigmaRule rule : all) {
                Correlation c = rule.correlation();
                if (c == null) {
                    continue;
                }
                List<SigmaRule> used = new ArrayList<>();
                if (!CorrelationInputs.uses(rule, byName, used, 0)) {
                    continue;
                }
                if (c.type() == Correlation.Type.TEMPORAL || c.type() == Correlation.Type.TEMPORAL_ORDERED) {
                    temporal++;
                }
                if (c.rules().stream().anyMatch(x -> byName.get(x).detection() == null)) {
                    chained++;
                }
                InMemoryEngine engine = new InMemoryEngine(used.stream().distinct().toList());
                Set<String> memory = new TreeSet<>();
                Consumer<Match> out = m -> {
                    if (m.rule() == rule) {
                        memory.add((byEvent ? m.event().recordHash() : m.event().eventTime()) + " " + m.group());
                    }
                };
                events.forEach(e -> engine.accept(e, out));
                engine.finish(out);
                Set<String> sql = new TreeSet<>();
                search.sql(backend.correlation(rule, byName, "cloudtrail", null, null), new TableSink() {
                    @Override
                    public void columns(List<String> names) {
                    }

                    @Override
                    public void row(List<Object> values) {
                        sql.add((byEvent ? values.get(0) : values.get(1)) + " " + values.get(2));
                    }
                });
                compared++;
                fires += memory.size();
                if (!memory.equals(sql)) {
                    differences.add(rule.source() + " (" + rule.title() + "): in-memory " + memory + ", SQL " + sql);
                }
            }
            System.out.println("correlation differential over the " + what + ": " + compared + " rules x "
                    + events.size() + " events, " + fires + " fires in memory (" + temporal + " temporal, " + chained
                    + " chained)");
            assertTrue(compared >= 8, "correlations compared: " + compared);
            assertTrue(temporal >= 1, "temporal correlations compared: " + temporal);
            assertTrue(chained >= 1, "chained correlations compared: " + chained);
            if (!differences.isEmpty()) {
                fail(differences.size() + " differences over the " + what + ":\n" + String.join("\n", differences));
            }
            return fires;
        }
    }
}
