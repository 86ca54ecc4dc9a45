package io.trailkeeper.detect.sql;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.trailkeeper.detect.InMemoryEngine;
import io.trailkeeper.detect.RuleLoader;
import io.trailkeeper.detect.RuleSet;
import io.trailkeeper.detect.SigmaRule;
import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.events.CloudTrailReader;
import io.trailkeeper.events.IngestProblem;
import io.trailkeeper.events.RecordSink;
import io.trailkeeper.events.SourceKind;
import io.trailkeeper.events.TableSink;
import io.trailkeeper.store.EventQuery;
import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.Ingest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The differential test: every detection rule (SigmaHQ's, the placeholder ones, the bundled pack) run by
 * the in-memory engine and by the SQL backend (one scan over the store's {@code cloudtrail} view) over all of
 * the shared data must match the same events. A difference names the rule, the event and both answers.
 */
class SqlBackendDifferentialTest {
    private static final Path SHARED = Path.of(System.getProperty("trailkeeper.shared", "../../shared"));

    @TempDir
    Path dir;

    @Test
    void bothBackendsMatchTheSameEventsForEveryRule() {
        Path db = dir.resolve("store.duckdb");
        try (EventStore writing = EventStore.openForWriting(db, EventStore.StoreOptions.defaults())) {
            new Ingest(writing, Ingest.Options.defaults(), new Ingest.Listener() {
                @Override
                public void problem(IngestProblem problem) {
                    // the shared data holds broken inputs on purpose; the store records them
                }
            }).run(List.of(SHARED.resolve("data")));
        }
        RuleLoader loader = new RuleLoader(Map.of("Legitimate_Countries", List.of("DE", "FR"),
                "Legitimate_IP_Ranges", List.of("203.0.113.*")));
        RuleSet set = loader.load(SHARED.resolve("sigma/rules"), SHARED.resolve("sigma/rules-placeholder"))
                .plus(loader.bundled());
        List<SigmaRule> detections = set.rules().stream().filter(r -> r.detection() != null).toList();
        assertTrue(detections.size() >= 60, "rules loaded: " + detections.size() + " " + set.problems());

        List<String> differences = differences(db, detections);
        if (!differences.isEmpty()) {
            fail(differences.size() + " differences:\n" + String.join("\n", differences));
        }
    }

    /** Each event one backend matches and the other does not, for each rule, and each rule SQL rejected. */
    static List<String> differences(Path db, List<SigmaRule> detections) {
        try (EventStore store = EventStore.openForReading(db, EventStore.StoreOptions.defaults())) {
            Map<String, String> records = new HashMap<>();
            Map<SigmaRule, Set<String>> memory = inMemory(store, detections, records);
            long started = System.nanoTime();
            SqlBackend.Scan scan = new SqlBackend().scan(detections, "cloudtrail", null, null);
            // one EventSearch per store: a second one fails to create the cloudtrail view again (store issue)
            EventSearch search = new EventSearch(store);
            Map<SigmaRule, Set<String>> sql = run(search, scan);
            long sqlMillis = (System.nanoTime() - started) / 1_000_000;
            List<String> differences = new ArrayList<>();
            for (UnsupportedRuleException e : scan.rejected()) {
                differences.add("rejected by the SQL backend: " + e.getMessage());
            }
            for (SigmaRule rule : scan.rules()) {
                Set<String> a = memory.getOrDefault(rule, Set.of());
                Set<String> b = sql.getOrDefault(rule, Set.of());
                for (String hash : union(a, b)) {
                    if (a.contains(hash) != b.contains(hash)) {
                        differences.add(rule.source() + " (" + rule.title() + ") on event " + hash + ": in-memory "
                                + (a.contains(hash) ? "matches" : "does not match") + ", SQL "
                                + (b.contains(hash) ? "matches" : "does not match") + "\n    "
                                + abbreviate(records.get(hash)));
                    }
                }
            }
            long matches = memory.values().stream().mapToLong(Set::size).sum();
            System.out.println("differential: " + detections.size() + " rules x " + records.size() + " events, "
                    + matches + " matches in memory; SQL scan " + sqlMillis + " ms");
            return differences;
        }
    }

    private static Map<SigmaRule, Set<String>> inMemory(EventStore store, List<SigmaRule> rules,
                                                        Map<String, String> records) {
        InMemoryEngine engine = new InMemoryEngine(rules);
        Map<SigmaRule, Set<String>> out = new LinkedHashMap<>();
        CloudTrailReader reader = new CloudTrailReader();
        RecordSink sink = new RecordSink() {
            @Override
            public void event(CloudTrailEvent event, String source, SourceKind kind, long index) {
                records.put(event.recordHash().toString(), event.rawJson());
                engine.accept(event, m -> out.computeIfAbsent(m.rule(), r -> new TreeSet<>())
                        .add(m.event().recordHash().toString()));
            }

            @Override
            public void digest(String source) {
            }

            @Override
            public void problem(IngestProblem problem) {
                // warnings (no eventTime...) were given at ingest already; a record that does not read back is not
                if (problem.outcome() != IngestProblem.Outcome.STORED) {
                    throw new IllegalStateException("a stored record does not read back: " + problem);
                }
            }
        };
        new EventSearch(store).records(EventQuery.all(), raw -> {
            byte[] wrapped = ("{\"Records\":[" + new String(raw, StandardCharsets.UTF_8) + "]}")
                    .getBytes(StandardCharsets.UTF_8);
            try {
                reader.read("store", new ByteArrayInputStream(wrapped), sink);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        engine.finish(m -> { });
        return out;
    }

    private static Map<SigmaRule, Set<String>> run(EventSearch search, SqlBackend.Scan scan) {
        Map<SigmaRule, Set<String>> out = new LinkedHashMap<>();
        search.sql(scan.sql(), new TableSink() {
            private int hash;
            private int rules;

            @Override
            public void columns(List<String> names) {
                hash = names.indexOf("record_hash");
                rules = names.indexOf("rules");
            }

            @Override
            public void row(List<Object> values) {
                for (Object i : (List<?>) values.get(rules)) {
                    out.computeIfAbsent(scan.rules().get(((Number) i).intValue()), r -> new TreeSet<>())
                            .add(String.valueOf(values.get(hash)));
                }
            }
        });
        return out;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static String abbreviate(String s) {
        return s == null ? "(record not read)" : s.length() > 400 ? s.substring(0, 400) + "..." : s;
    }
}
