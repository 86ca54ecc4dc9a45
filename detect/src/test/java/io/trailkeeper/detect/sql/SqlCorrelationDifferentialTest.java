package io.trailkeeper.detect.sql;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.trailkeeper.detect.Correlation;
import io.trailkeeper.detect.InMemoryEngine;
import io.trailkeeper.detect.Match;
import io.trailkeeper.detect.RuleLoader;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The correlation half of the differential test: every event_count and value_count correlation over detection
 * rules (the bundled pack's and the converted SigmaHQ unsupported rules) run by the in-memory engine and by
 * {@link SqlBackend#correlation} over the pack's samples in a store must fire on the same events, with the same
 * group values. Temporal and chained correlations are rejected by the SQL backend and left out.
 */
class SqlCorrelationDifferentialTest {
    private static final Path SHARED = Path.of(System.getProperty("trailkeeper.shared", "../../shared"));
    private static final Path PACK = Path.of("src/test/resources/pack");

    @TempDir
    Path dir;

    @Test
    void bothBackendsFireOnTheSameEventsForEveryCountCorrelation() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        int n = 0;
        try (Stream<Path> files = Files.walk(PACK)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f).stream().filter(l -> !l.isBlank()).toList();
                Files.writeString(data.resolve("sample" + (n++) + ".json"),
                        "{\"Records\":[" + String.join(",", lines) + "]}");
            }
        }
        Path db = dir.resolve("store.duckdb");
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
            List<CloudTrailEvent> events = read(store);
            EventSearch search = new EventSearch(store);
            SqlBackend backend = new SqlBackend();
            List<String> differences = new ArrayList<>();
            int compared = 0;
            long fires = 0;
            for (SigmaRule rule : all) {
                Correlation c = rule.correlation();
                if (c == null || (c.type() != Correlation.Type.EVENT_COUNT && c.type() != Correlation.Type.VALUE_COUNT)
                        || c.rules().stream().anyMatch(x -> byName.get(x) == null || byName.get(x).detection() == null)) {
                    continue;
                }
                List<SigmaRule> used = new ArrayList<>();
                c.rules().forEach(x -> used.add(byName.get(x)));
                used.add(rule);
                InMemoryEngine engine = new InMemoryEngine(used.stream().distinct().toList());
                Set<String> memory = new TreeSet<>();
                Consumer<Match> out = m -> {
                    if (m.rule() == rule) {
                        memory.add(m.event().recordHash() + " " + m.group());
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
                        sql.add(values.get(0) + " " + values.get(2));
                    }
                });
                compared++;
                fires += memory.size();
                if (!memory.equals(sql)) {
                    differences.add(rule.source() + " (" + rule.title() + "): in-memory " + memory + ", SQL " + sql);
                }
            }
            System.out.println("correlation differential: " + compared + " rules x " + events.size() + " events, "
                    + fires + " fires in memory");
            assertTrue(compared >= 8, "correlations compared: " + compared);
            assertTrue(fires > 0, "no correlation fired on the samples");
            if (!differences.isEmpty()) {
                fail(differences.size() + " differences:\n" + String.join("\n", differences));
            }
        }
    }

    private static List<CloudTrailEvent> read(EventStore store) {
        List<CloudTrailEvent> events = new ArrayList<>();
        CloudTrailReader reader = new CloudTrailReader();
        RecordSink sink = new RecordSink() {
            @Override
            public void event(CloudTrailEvent event, String source, SourceKind kind, long index) {
                events.add(event);
            }

            @Override
            public void digest(String source) {
            }

            @Override
            public void problem(IngestProblem problem) {
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
        return events;
    }
}
