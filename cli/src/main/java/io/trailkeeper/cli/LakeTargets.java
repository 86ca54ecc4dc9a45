package io.trailkeeper.cli;

import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.aws.lake.S3LakeTarget;
import io.trailkeeper.store.lake.LakeTarget;
import io.trailkeeper.store.lake.LocalLakeTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The lake a command names: a folder, or {@code s3://bucket/prefix} reached with the command's AWS options (files
 * are staged in a temporary folder, deleted afterwards). The work runs while the lake is open.
 */
final class LakeTargets {
    /** What a command does with its lake. */
    interface Work<T> {
        T run(LakeTarget lake) throws IOException;
    }

    private LakeTargets() {
    }

    /**
     * Runs the work on the lake at {@code location}; {@code copies}, for an S3 lake, is where the store keeps local
     * copies of the partitions it reads from there (null: none kept).
     */
    static <T> T with(String location, AwsOptionsMixin aws, Path copies, Work<T> work) throws IOException {
        if (!location.startsWith("s3://")) {
            return work.run(new LocalLakeTarget(Path.of(location)));
        }
        Path staging = Files.createTempDirectory("trailkeeper-lake");
        try (AwsClients clients = new AwsClients(aws.toOptions())) {
            S3LakeTarget lake = copies == null ? new S3LakeTarget(clients.s3(clients.homeRegion()), location, staging)
                    : new S3LakeTarget(clients.s3(clients.homeRegion()), location, staging, copies);
            return work.run(lake);
        } finally {
            delete(staging);
        }
    }

    static void delete(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
