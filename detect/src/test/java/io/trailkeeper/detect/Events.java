package io.trailkeeper.detect;

import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.events.CloudTrailReader;
import io.trailkeeper.events.IngestProblem;
import io.trailkeeper.events.RecordSink;
import io.trailkeeper.events.SourceKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Events for tests, read by the real reader (no hand-built events). */
final class Events {
    private Events() {
    }

    /** Records given as JSON objects, one per string. */
    static List<CloudTrailEvent> of(String... json) {
        List<CloudTrailEvent> out = new ArrayList<>();
        try {
            new CloudTrailReader().read("test", new ByteArrayInputStream(String.join("\n", json)
                    .getBytes(StandardCharsets.UTF_8)), sink(out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (out.size() != json.length) {
            throw new IllegalArgumentException("expected " + json.length + " records, read " + out.size());
        }
        return out;
    }

    static CloudTrailEvent one(String json) {
        return of(json).get(0);
    }

    /** Every record in the files under a directory. */
    static List<CloudTrailEvent> read(Path dir) {
        List<CloudTrailEvent> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".json")).sorted()
                    .forEach(f -> new CloudTrailReader().read(f, sink(out)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static Path shared() {
        return Path.of(System.getProperty("trailkeeper.shared"));
    }

    private static RecordSink sink(List<CloudTrailEvent> out) {
        return new RecordSink() {
            @Override
            public void event(CloudTrailEvent event, String source, SourceKind kind, long index) {
                out.add(event);
            }

            @Override
            public void digest(String source) {
            }

            @Override
            public void problem(IngestProblem problem) {
                // of() checks the count it expected; a shared data set's repaired values do not matter here
            }
        };
    }
}
