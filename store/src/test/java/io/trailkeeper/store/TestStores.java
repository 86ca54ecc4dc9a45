package io.trailkeeper.store;

import io.trailkeeper.events.IngestProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Helpers shared by the store's tests: shared data, a quiet listener, a store in a temp folder. */
final class TestStores {
    private TestStores() {
    }

    static Path shared(String relative) {
        Path p = Path.of(System.getProperty("trailkeeper.shared", "../../shared"), "data", relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("test data missing: " + p.toAbsolutePath());
        }
        return p;
    }

    static EventStore open(Path dir) {
        return EventStore.openForWriting(dir.resolve("store.duckdb"), EventStore.StoreOptions.defaults());
    }

    static EventStore openReadOnly(Path dir) {
        return EventStore.openForReading(dir.resolve("store.duckdb"), EventStore.StoreOptions.defaults());
    }

    static Ingest.Summary ingest(EventStore store, Path... paths) {
        return ingest(store, Ingest.Options.defaults(), new ArrayList<>(), paths);
    }

    static Ingest.Summary ingest(EventStore store, Ingest.Options options, List<IngestProblem> problems,
                                 Path... paths) {
        return new Ingest(store, options, new Ingest.Listener() {
            @Override
            public void problem(IngestProblem problem) {
                problems.add(problem);
            }
        }).run(List.of(paths));
    }

    static long count(EventStore store, EventQuery q) {
        return new EventSearch(store).count(q);
    }

    /** An investigation's answer as text: each section's name, columns and rows, then the notes. */
    static String answer(io.trailkeeper.store.investigate.InvestigationResult r) {
        StringBuilder b = new StringBuilder();
        for (io.trailkeeper.events.Table t : r.sections()) {
            b.append(t.name()).append(t.columns()).append(t.rows()).append('\n');
        }
        return b.append(r.notes()).toString();
    }

    /** The first column of the first row, as text. */
    static String text(EventStore store, String sql) {
        try (var s = store.connection().createStatement(); var r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static long scalar(EventStore store, String sql) {
        try (var s = store.connection().createStatement(); var r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
