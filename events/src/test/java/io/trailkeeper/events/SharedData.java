package io.trailkeeper.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The real CloudTrail data in ../shared/data (see its SOURCES.md). */
final class SharedData {
    private SharedData() {
    }

    static Path dir(String relative) {
        String base = System.getProperty("trailkeeper.shared", "../../shared");
        Path path = Path.of(base, "data", relative);
        if (!Files.exists(path)) {
            throw new IllegalStateException("test data missing: " + path.toAbsolutePath());
        }
        return path;
    }

    static List<Path> files(String relative, String suffix) {
        try (Stream<Path> s = Files.walk(dir(relative))) {
            return s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
