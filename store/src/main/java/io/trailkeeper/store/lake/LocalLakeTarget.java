package io.trailkeeper.store.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A lake in a local folder. A file is written beside its final place under a hidden temporary name and then renamed
 * over it (an atomic rename within one folder), so a crash leaves at most a {@code .events.parquet.*.tmp} file that
 * every reader passes over and the next export of that partition deletes.
 */
public final class LocalLakeTarget implements LakeTarget {
    static final String TEMPORARY_SUFFIX = ".tmp";

    private final Path root;

    public LocalLakeTarget(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public boolean remote() {
        return false;
    }

    @Override
    public Path temporary(String relative) throws IOException {
        Path target = resolve(relative);
        Files.createDirectories(target.getParent());
        String name = target.getFileName().toString();
        try (Stream<Path> siblings = Files.list(target.getParent())) {
            // a crashed export's leftovers for this file: nobody reads them, and this export replaces the file
            for (Path stale : siblings.filter(p -> isTemporaryOf(p, name)).toList()) {
                Files.deleteIfExists(stale);
            }
        }
        return target.resolveSibling("." + name + "." + UUID.randomUUID() + TEMPORARY_SUFFIX);
    }

    private static boolean isTemporaryOf(Path p, String name) {
        String n = p.getFileName().toString();
        return n.startsWith("." + name + ".") && n.endsWith(TEMPORARY_SUFFIX);
    }

    @Override
    public long put(Path temporary, String relative) throws IOException {
        Path target = resolve(relative);
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return Files.size(target);
    }

    @Override
    public boolean exists(String relative) {
        return Files.isRegularFile(resolve(relative));
    }

    @Override
    public <T> T read(String relative, Reading<T> check) throws IOException {
        return check.apply(resolve(relative));
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        Path folder = resolve(prefix);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }

    @Override
    public Path local(String relative) {
        Path file = resolve(relative);
        return Files.isRegularFile(file) ? file : null;
    }

    @Override
    public void delete(String relative) throws IOException {
        Files.deleteIfExists(resolve(relative));
    }

    /** The file of a relative path; a path that would leave the lake is refused (values are percent-encoded). */
    private Path resolve(String relative) {
        Path p = root.resolve(relative).normalize();
        if (!p.startsWith(root) || relative.startsWith("/")) {
            throw new IllegalArgumentException(relative + " is outside the lake " + root);
        }
        return p;
    }
}
