package io.trailkeeper.store.investigate;

import io.trailkeeper.events.Table;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.Ingest;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Stores of real records for the investigation tests: the split incident, and the shared real data. */
final class IncidentStores {
    /** "Now" for the split incident: the day after. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-11T00:00:00Z"), ZoneOffset.UTC);

    private IncidentStores() {
    }

    /** The hand-made split incident (src/test/resources/investigate/split-incident.jsonl). */
    static Path splitIncident() {
        try {
            return Path.of(IncidentStores.class.getResource("/investigate/split-incident.jsonl").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path shared(String relative) {
        Path p = Path.of(System.getProperty("trailkeeper.shared", "../../shared"), "data", relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("test data missing: " + p.toAbsolutePath());
        }
        return p;
    }

    /** A new store at {@code file} holding the inputs. */
    static Path load(Path file, Path... inputs) {
        try (EventStore store = EventStore.openForWriting(file, EventStore.StoreOptions.defaults())) {
            new Ingest(store, Ingest.Options.defaults(), new Ingest.Listener() {
            }).run(List.of(inputs));
        }
        return file;
    }

    static EventStore read(Path file) {
        return EventStore.openForReading(file, EventStore.StoreOptions.defaults().withClock(CLOCK));
    }

    /** The rows of a table as maps by column, for readable assertions. */
    static List<Map<String, Object>> rows(Table t) {
        return t.rows().stream().map(r -> {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            IntStream.range(0, t.columns().size()).forEach(i -> m.put(t.columns().get(i), r.get(i)));
            return m;
        }).toList();
    }
}
