package io.trailkeeper.spark;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The job's command line: {@code --input PATH} (repeatable; any Hadoop path: s3a://, hdfs://, file:, a folder
 * is read recursively), {@code --lake PATH}, and optionally {@code --rules DIR} (repeatable; Sigma rules, read on
 * the driver), {@code --no-bundled} (leave out TrailKeeper's bundled rules) and {@code --detections PATH}
 * (where matches go, JSON lines; needed when rules run).
 */
public record JobArguments(List<String> inputs, String lake, List<Path> rules, boolean bundled, String detections) {
    static final String USAGE = "usage: spark-submit --class io.trailkeeper.spark.TrailLakeJob trailkeeper-spark-job.jar"
            + " --input PATH [--input PATH...] --lake PATH [--rules DIR...] [--no-bundled] [--detections PATH]";

    public JobArguments {
        inputs = List.copyOf(inputs);
        rules = List.copyOf(rules);
    }

    /** Rules run when a detections path is given. */
    public boolean detect() {
        return detections != null;
    }

    /** Parses the arguments; a mistake is a {@link TrailKeeperException} of code USAGE naming it. */
    public static JobArguments parse(String... args) {
        List<String> inputs = new ArrayList<>();
        List<Path> rules = new ArrayList<>();
        String lake = null;
        String detections = null;
        boolean bundled = true;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--input" -> inputs.add(value(args, ++i, a));
                case "--lake" -> lake = value(args, ++i, a);
                case "--rules" -> rules.add(Path.of(value(args, ++i, a)));
                case "--detections" -> detections = value(args, ++i, a);
                case "--no-bundled" -> bundled = false;
                default -> throw usage("unknown argument '" + a + "'");
            }
        }
        if (inputs.isEmpty()) {
            throw usage("--input is required (raw trail files: a file or a folder, e.g. s3a://bucket/AWSLogs/)");
        }
        if (lake == null) {
            throw usage("--lake is required (where the Parquet lake is, e.g. s3a://bucket/trailkeeper-lake)");
        }
        if (detections == null && !rules.isEmpty()) {
            throw usage("--rules needs --detections (where the matches are written)");
        }
        return new JobArguments(inputs, lake, rules, bundled, detections);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw usage(option + " needs a value");
        }
        return args[i];
    }

    private static TrailKeeperException usage(String message) {
        return new TrailKeeperException(ErrorCode.USAGE, message, USAGE);
    }
}
