package io.trailkeeper.spark;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

import io.trailkeeper.detect.SigmaRule;
import io.trailkeeper.detect.sql.SqlBackend;
import io.trailkeeper.detect.sql.SqlDialect;
import io.trailkeeper.detect.sql.UnsupportedRuleException;
import java.util.ArrayList;
import java.util.List;
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

    private SparkDetections() {
    }

    /** What a run found. */
    record Result(long matches, int rules, List<UnsupportedRuleException> rejected) {
    }

    /** The matches of the rules over the rows (lake columns), as a Dataset of detections. */
    static Dataset<Row> matches(SparkSession spark, Dataset<Row> rows, SqlBackend.Scan scan) {
        rows.selectExpr("record_hash", "event_time", "aws_region", "principal_arn", "source_ip", "event_source",
                "event_name", "resources", "try_parse_json(raw) AS record").createOrReplaceTempView(VIEW);
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

    /** Runs the rules over the rows and writes the matches as JSON lines to {@code out} (replacing it). */
    static Result run(SparkSession spark, Dataset<Row> rows, List<SigmaRule> rules, String out) {
        SqlBackend.Scan scan = new SqlBackend("record", SqlDialect.SPARK).scan(rules, VIEW, null, null);
        Dataset<Row> matches = matches(spark, rows, scan).cache();
        long count = matches.count();
        matches.coalesce(1).write().mode(SaveMode.Overwrite).json(out);
        matches.unpersist();
        return new Result(count, scan.rules().size(), scan.rejected());
    }
}
