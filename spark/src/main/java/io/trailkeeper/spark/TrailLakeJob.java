package io.trailkeeper.spark;

import io.trailkeeper.detect.RuleLoader;
import io.trailkeeper.detect.RuleSet;
import io.trailkeeper.detect.SigmaRule;
import io.trailkeeper.detect.sql.UnsupportedRuleException;
import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark job for trails past one machine: reads raw trail files from any Hadoop path (s3a://, hdfs://, file:),
 * writes TrailKeeper's Parquet lake ({@link io.trailkeeper.store.lake.LakeLayout}) with the rows the store would
 * hold for the same files, and runs Sigma rules over the records as Spark SQL, compiled by the store's own SQL
 * backend. Submitted with spark-submit (EMR included); Spark itself is provided by the cluster.
 *
 * <pre>
 * spark-submit --class io.trailkeeper.spark.TrailLakeJob trailkeeper-spark-job.jar \
 *     --input s3a://trail-bucket/AWSLogs/ --lake s3a://lake-bucket/trailkeeper \
 *     --rules /home/hadoop/sigma --detections s3a://lake-bucket/detections/2026-11-27
 * </pre>
 */
public final class TrailLakeJob {
    private final SparkSession spark;
    private final PrintStream out;

    public TrailLakeJob(SparkSession spark, PrintStream out) {
        this.spark = spark;
        this.out = out;
    }

    /** What a run did. */
    public record Summary(long files, long skipped, long records, long distinct, long problems, List<String> partitions,
                          SparkDetections.Result detections) {
    }

    public static void main(String[] args) {
        JobArguments a;
        try {
            a = JobArguments.parse(args);
        } catch (TrailKeeperException e) {
            System.err.println("error: " + e.getMessage() + " [" + e.code().code() + "]\n" + e.hint());
            System.exit(e.code().exitCode());
            return;
        }
        SparkSession spark = settings(SparkSession.builder().appName("trailkeeper-lake")).getOrCreate();
        try {
            new TrailLakeJob(spark, System.out).run(a);
        } catch (TrailKeeperException e) {
            System.err.println("error: " + e.getMessage() + " [" + e.code().code() + "]\n" + e.hint());
            spark.stop();
            System.exit(e.code().exitCode());
        }
        spark.stop();
    }

    /**
     * The settings the job relies on: SQL times in UTC (the lake's event_time is UTC), and records with a repeated
     * key still parsed (the record is attacker-controlled; a repeated key must not hide it from the rules).
     */
    public static SparkSession.Builder settings(SparkSession.Builder builder) {
        return builder.config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.variant.allowDuplicateKeys", "true");
    }

    /** Reads, writes the lake, runs the rules; prints a summary and returns it. */
    public Summary run(JobArguments a) {
        List<SigmaRule> rules = a.detect() ? rules(a) : List.of();
        TrailFiles files = new TrailFiles(spark);
        long t0 = System.nanoTime();
        Dataset<Row> distinct = LakeWriter.distinct(files.read(a.inputs())).cache();
        long count = distinct.count();
        long t1 = System.nanoTime();
        List<String> partitions = new LakeWriter(spark, a.lake()).write(distinct);
        long t2 = System.nanoTime();
        SparkDetections.Result found = a.detect() ? SparkDetections.run(spark, distinct, rules, a.detections()) : null;
        long t3 = System.nanoTime();
        distinct.unpersist();
        Summary s = new Summary(files.files(), files.skipped(), files.records(), count, files.problemCount(),
                partitions, found);
        files.problems().forEach(p -> out.println("problem: " + p));
        out.println(String.format(Locale.ROOT, "%,d trail files (%,d other files skipped): %,d records, %,d distinct,"
                        + " %,d problems in %.1f s; %,d lake partitions written under %s in %.1f s", s.files(),
                s.skipped(), s.records(), s.distinct(), s.problems(), (t1 - t0) / 1e9, partitions.size(), a.lake(),
                (t2 - t1) / 1e9));
        if (found != null) {
            for (UnsupportedRuleException e : found.rejected()) {
                out.println("rule not run in Spark SQL: " + e.getMessage());
            }
            out.println(String.format(Locale.ROOT, "%,d rules as Spark SQL (%,d not compiled): %,d matches written to"
                    + " %s in %.1f s", found.rules(), found.rejected().size(), found.matches(), a.detections(),
                    (t3 - t2) / 1e9));
        }
        out.flush();
        return s;
    }

    private List<SigmaRule> rules(JobArguments a) {
        for (Path p : a.rules()) {
            if (!Files.exists(p)) {
                throw new TrailKeeperException(ErrorCode.INPUT_NOT_FOUND, "there is no rule file or folder " + p,
                        "--rules reads Sigma rules on the driver: give a local path (copy them from S3 first)");
            }
        }
        RuleLoader loader = new RuleLoader(Map.of("trail_buckets", List.of()));
        RuleSet set = a.bundled() ? loader.bundled() : new RuleSet(List.of(), List.of());
        if (!a.rules().isEmpty()) {
            set = set.plus(loader.load(a.rules().toArray(Path[]::new)));
        }
        set.problems().forEach(p -> out.println("rule not used: " + p.describe()));
        if (!set.otherLogsources().isEmpty()) {
            out.println("skipped " + set.otherLogsources().size() + " rules for another log source than CloudTrail");
        }
        return set.rules();
    }
}
