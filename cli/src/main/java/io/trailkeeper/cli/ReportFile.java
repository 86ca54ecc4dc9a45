package io.trailkeeper.cli;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The file a report goes to. It is created (as FILE.part beside it) before any work, so that an --out that
 * cannot be written fails at once, and it appears under its name only when complete: a reader never sees half
 * a report.
 */
final class ReportFile {
    private final Path path;
    private final Path part;

    private ReportFile(Path path, Path part) {
        this.path = path;
        this.part = part;
    }

    /** Creates FILE.part (and the folders above it). */
    static ReportFile start(Path path) {
        Path part = path.resolveSibling(path.getFileName() + ".part");
        try {
            if (Files.isDirectory(path)) {
                throw new IOException("it is a folder");
            }
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(part, new byte[0]);
            return new ReportFile(path, part);
        } catch (IOException e) {
            throw unwritable(path, e);
        }
    }

    Path path() {
        return path;
    }

    /** Writes the report and gives it its name. */
    void finish(byte[] bytes) {
        try {
            Files.write(part, bytes);
            Files.move(part, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            discard();
            throw unwritable(path, e);
        }
    }

    /** Removes FILE.part after a failure. */
    void discard() {
        try {
            Files.deleteIfExists(part);
        } catch (IOException e) {
            // the failure being reported matters more than a leftover FILE.part
        }
    }

    private static TrailKeeperException unwritable(Path path, IOException e) {
        String reason = e instanceof AccessDeniedException ? "permission denied"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new TrailKeeperException(ErrorCode.USAGE, "cannot write the report to " + path + ": " + reason,
                "choose a writable path for --out, or --out - for the standard output");
    }
}
