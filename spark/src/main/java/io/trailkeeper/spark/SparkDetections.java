package io.trailkeeper.spark;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

import io.trailkeeper.detect.SigmaRule;
import io.trailkeeper.detect.sql.SqlBackend;
import io.trailkeeper.detect.sql.SqlDialect;
import io.trailkeeper.detect.sql.UnsupportedRuleException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Sigma detection rules over lake rows, as Spark SQL: the store's SQL backend compiles all rules into one scan
 * ({@link SqlBackend#scan}) in the {@link SqlDialect#SPARK} dialect, over a view of the rows with the record
 * parsed once into a VARIANT. Each (rule, event) match becomes a row of the detections: the rule's id, title,
 * author, level and source, and the event's record_hash with the columns an analyst reads first. Rules the
 * backend cannot compile (correlations, among others) are left out and named in {@link Result#rejected}.
 */
final class SparkDetections {
    static final String VIEW = "trailkeeper_events";
    private static final StructType RULES = new StructType()
            .add("rule_index", DataTypes.IntegerType, false)
            .add("rule_id", DataTypes.StringType, true)
            .add("rule_title", DataTypes.StringType, false)
            .add("rule_author", DataTypes.StringType, true)
            .add("rule_level", DataTypes.StringType, true)
            .add("rule_source", DataTypes.StringType, true);

    /** The detections' columns, as written. */
    static final StructType OUTPUT = new StructType()
            .add("rule_id", DataTypes.StringType)
            .add("rule_title", DataTypes.StringType)
            .add("rule_author", DataTypes.StringType)
            .add("rule_level", DataTypes.StringType)
            .add("rule_source", DataTypes.StringType)
            .add("record_hash", DataTypes.StringType)
            .add("event_time", DataTypes.TimestampNTZType)
            .add("event_source", DataTypes.StringType)
            .add("event_name", DataTypes.StringType)
            .add("aws_region", DataTypes.StringType)
            .add("principal_arn", DataTypes.StringType)
            .add("source_ip", DataTypes.StringType);

    private SparkDetections() {
    }

    /** What a run found. */
    record Result(long matches, int rules, List<UnsupportedRuleException> rejected) {
    }

    /** The matches of the rules over the rows (lake columns), as a Dataset of detections. */
    static Dataset<Row> matches(SparkSession spark, Dataset<Row> rows, SqlBackend.Scan scan) {
        // parsed once and kept: left as an expression, Spark would inline the parse into every field access
        rows.selectExpr("record_hash", "event_time", "aws_region", "principal_arn", "source_ip", "event_source",
                "event_name", "resources", "try_parse_json(raw) AS record").localCheckpoint(true)
                .createOrReplaceTempView(VIEW);
        List<Row> rules = new ArrayList<>();
        for (int i = 0; i < scan.rules().size(); i++) {
            SigmaRule r = scan.rules().get(i);
            rules.add(RowFactory.create(i, r.id(), r.title(), r.author(), r.level(), r.source()));
        }
        Dataset<Row> ruleTable = spark.createDataFrame(rules, RULES);
        return spark.sql(scan.sql())
                .withColumn("rule_index", explode(col("rules")))
                .join(broadcast(ruleTable), "rule_index")
                .select(col("rule_id"), col("rule_title"), col("rule_author"), col("rule_level"), col("rule_source"),
                        col("record_hash"), col("event_time"), col("event_source"), col("event_name"),
                        col("aws_region"), col("principal_arn"), col("source_ip"))
                .orderBy(col("event_time").asc_nulls_last(), col("record_hash"), col("rule_title"));
    }

    /**
     * Runs the rules over the rows and writes the matches as JSON lines to {@code out} (replacing it). As in the
     * in-memory engine, a detection rule that a correlation uses gives no matches of its own unless the
     * correlation says {@code generate: true}.
     */
    static Result run(SparkSession spark, Dataset<Row> rows, List<SigmaRule> rules, String out) {
        SqlBackend.Scan scan = new SqlBackend("record", SqlDialect.SPARK).scan(emitting(rules), VIEW, null, null);
        // the scan is one large expression: Spark's generated code for it would exceed the JVM's method size and be
        // compiled only to be thrown away, so it is evaluated as it is; the plan is made once, for the write
        String wholeStage = spark.conf().get("spark.sql.codegen.wholeStage");
        spark.conf().set("spark.sql.codegen.wholeStage", "false");
        try {
            matches(spark, rows, scan).coalesce(1).write().mode(SaveMode.Overwrite).json(out);
        } finally {
            spark.conf().set("spark.sql.codegen.wholeStage", wholeStage);
        }
        long count = spark.read().schema(OUTPUT).json(out).count();
        List<UnsupportedRuleException> rejected = new ArrayList<>(scan.rejected());
        for (SigmaRule r : rules) {
            if (r.correlation() != null) {
                rejected.add(new UnsupportedRuleException(r, "a correlation", "correlations run in the in-memory"
                        + " engine (trailkeeper detect over the lake), not in Spark SQL"));
            }
        }
        return new Result(count, scan.rules().size(), rejected);
    }

    /** The detection rules that give matches of their own. */
    static List<SigmaRule> emitting(List<SigmaRule> rules) {
        Set<String> referenced = new HashSet<>();
        Set<String> generated = new HashSet<>();
        for (SigmaRule r : rules) {
            if (r.correlation() != null) {
                referenced.addAll(r.correlation().rules());
                if (r.correlation().generate()) {
                    generated.addAll(r.correlation().rules());
                }
            }
        }
        return rules.stream().filter(r -> r.detection() != null)
                .filter(r -> !(referenced.contains(r.id()) || referenced.contains(r.name()))
                        || generated.contains(r.id()) || generated.contains(r.name()))
                .toList();
    }
}
