package io.trailkeeper.spark;

import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.events.CloudTrailReader;
import io.trailkeeper.events.IngestProblem;
import io.trailkeeper.events.RecordSink;
import io.trailkeeper.events.SourceKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.input.PortableDataStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * Raw trail files, from any Hadoop path, as lake rows ({@link LakeRows}). Each file is read whole by one task
 * with TrailKeeper's own {@link CloudTrailReader}, so the records (and their keys) are exactly those the store
 * keeps from the same file: trail files as CloudTrail delivers them, gzip or plain, JSON lines, arrays, zip
 * archives. Folders are read recursively; names starting with '.' or '_' are skipped (Hadoop's rule) and so are
 * names without one of the store's suffixes. Problems in a file (damage, a bad line) cost what they cost the store
 * and are counted, with the first few kept for the driver to show.
 */
final class TrailFiles {
    /** The suffixes the store reads in a folder. */
    static final List<String> SUFFIXES = List.of(".json", ".jsonl", ".ndjson", ".gz", ".zip");
    private static final int PROBLEMS_KEPT = 20;

    private final SparkSession spark;
    private final LongAccumulator files;
    private final LongAccumulator skipped;
    private final LongAccumulator records;
    private final LongAccumulator problemCount;
    private final CollectionAccumulator<String> problems;

    TrailFiles(SparkSession spark) {
        this.spark = spark;
        var sc = spark.sparkContext();
        files = sc.longAccumulator("trail files read");
        skipped = sc.longAccumulator("files skipped (not a trail file's suffix)");
        records = sc.longAccumulator("records read");
        problemCount = sc.longAccumulator("problems");
        problems = sc.collectionAccumulator("problems kept");
    }

    /** The records of all inputs (duplicates included), one partition per group of files. */
    Dataset<Row> read(List<String> inputs) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        jsc.hadoopConfiguration().setBoolean("mapreduce.input.fileinputformat.input.dir.recursive", true);
        int slices = Math.max(2, jsc.defaultParallelism());
        JavaRDD<Row> rows = jsc.binaryFiles(String.join(",", inputs), slices)
                .flatMap(new Reader(files, skipped, records, problemCount, problems));
        return spark.createDataFrame(rows, LakeRows.SCHEMA);
    }

    long files() {
        return files.value();
    }

    long skipped() {
        return skipped.value();
    }

    long records() {
        return records.value();
    }

    long problemCount() {
        return problemCount.value();
    }

    List<String> problems() {
        return problems.value().stream().limit(PROBLEMS_KEPT).toList();
    }

    /**
     * The name a file is recorded under: for a local file its absolute path, as the store records it; any other
     * file its full URI (s3a://bucket/key).
     */
    static String sourceName(String hadoopPath) {
        Path p = new Path(hadoopPath);
        return "file".equals(p.toUri().getScheme()) ? p.toUri().getPath() : p.toString();
    }

    private static final class Reader implements FlatMapFunction<Tuple2<String, PortableDataStream>, Row> {
        private static final long serialVersionUID = 1L;
        private final LongAccumulator files;
        private final LongAccumulator skipped;
        private final LongAccumulator records;
        private final LongAccumulator problemCount;
        private final CollectionAccumulator<String> problems;

        Reader(LongAccumulator files, LongAccumulator skipped, LongAccumulator records, LongAccumulator problemCount,
               CollectionAccumulator<String> problems) {
            this.files = files;
            this.skipped = skipped;
            this.records = records;
            this.problemCount = problemCount;
            this.problems = problems;
        }

        @Override
        public Iterator<Row> call(Tuple2<String, PortableDataStream> file) {
            String name = sourceName(file._1());
            String lower = name.toLowerCase(Locale.ROOT);
            if (SUFFIXES.stream().noneMatch(lower::endsWith)) {
                skipped.add(1);
                return List.<Row>of().iterator();
            }
            files.add(1);
            List<Row> out = new ArrayList<>();
            RecordSink sink = new RecordSink() {
                @Override
                public void event(CloudTrailEvent event, String source, SourceKind kind, long index) {
                    out.add(LakeRows.of(event, kind, source, index));
                }

                @Override
                public void digest(String source) {
                    // a CloudTrail-Digest file: not events
                }

                @Override
                public void problem(IngestProblem problem) {
                    problemCount.add(1);
                    if (problems.value().size() < PROBLEMS_KEPT) {
                        problems.add(problem.describe());
                    }
                }
            };
            try (InputStream in = file._2().open()) {
                new CloudTrailReader().read(name, in, sink);
            } catch (IOException e) {
                throw new UncheckedIOException(name + " could not be read: " + e.getMessage(), e);
            }
            records.add(out.size());
            return out.iterator();
        }
    }
}
