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

    /** A store in {@code dir} of the trail samples most query tests read: invictus-ir, stratus-red-team, panther. */
    static void ingestSamples(Path dir) {
        try (EventStore store = open(dir)) {
            ingest(store, shared("invictus-ir-aws_dataset/CloudTrail"), shared("stratus-red-team/docs/detonation-logs"),
                    shared("panther-analysis/rule_test_events.records.json"));
        }
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

    /** Writes CreateUser records (e0, e1, ...) at these times, in us-east-1 of 111122223333, to {@code file}. */
    static Path createUsers(Path file, String... times) throws java.io.IOException {
        StringBuilder b = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < times.length; i++) {
            b.append(i == 0 ? "" : ",").append("{\"eventVersion\":\"1.08\",\"eventID\":\"e").append(i)
                    .append("\",\"eventTime\":\"").append(times[i]).append("\",\"awsRegion\":\"us-east-1\",")
                    .append("\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"CreateUser\",")
                    .append("\"recipientAccountId\":\"111122223333\",\"userIdentity\":{\"type\":\"IAMUser\"}}");
        }
        Files.writeString(file, b.append("]}").toString());
        return file;
    }

    /**
     * Writes six records to {@code file}: five of 2026-05-10 (three in us-east-1, one in eu-west-1, one with no
     * region; e6 of account 222233334444, the others of 111122223333) and e4 of 2026-05-11 in us-east-1.
     */
    static Path sixRecords(Path file) throws java.io.IOException {
        StringBuilder b = new StringBuilder("{\"Records\":[");
        String[][] events = {{"e1", "2026-05-10T00:00:00Z", "us-east-1"}, {"e2", "2026-05-10T23:59:59Z", "us-east-1"},
            {"e3", "2026-05-10T12:00:00Z", "eu-west-1"}, {"e4", "2026-05-11T00:00:00Z", "us-east-1"},
            {"e5", "2026-05-10T08:00:00Z", null}, {"e6", "2026-05-10T09:00:00Z", "us-east-1"}};
        for (int i = 0; i < events.length; i++) {
            String[] e = events[i];
            b.append(i == 0 ? "" : ",").append("{\"eventVersion\":\"1.08\",\"eventID\":\"").append(e[0])
                    .append("\",\"eventTime\":\"").append(e[1]).append("\",")
                    .append(e[2] == null ? "" : "\"awsRegion\":\"" + e[2] + "\",")
                    .append("\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"DescribeInstances\",")
                    .append("\"recipientAccountId\":\"").append(i == 5 ? "222233334444" : "111122223333").append("\",")
                    .append("\"userIdentity\":{\"type\":\"IAMUser\"}}");
        }
        Files.writeString(file, b.append("]}").toString());
        return file;
    }

    /** Ingests the files into the store in {@code dir}, opened with this clock. */
    static void ingestAt(Path dir, java.time.Clock clock, Path... files) {
        try (EventStore s = EventStore.openForWriting(dir.resolve("store.duckdb"),
                EventStore.StoreOptions.defaults().withClock(clock))) {
            ingest(s, files);
        }
    }

    /** A sink that adds the events read to {@code out} and fails the test on any problem. */
    static io.trailkeeper.events.RecordSink collecting(List<io.trailkeeper.events.CloudTrailEvent> out) {
        return new io.trailkeeper.events.RecordSink() {
            @Override
            public void event(io.trailkeeper.events.CloudTrailEvent event, String source,
                              io.trailkeeper.events.SourceKind kind, long index) {
                out.add(event);
            }

            @Override
            public void digest(String source) {
            }

            @Override
            public void problem(IngestProblem problem) {
                throw new AssertionError(problem.describe());
            }
        };
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

    static void execute(EventStore store, String sql) {
        try (var st = store.connection().createStatement()) {
            st.execute(sql);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
