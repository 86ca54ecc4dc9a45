package io.trailkeeper.spark;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import io.trailkeeper.store.lake.LakeLayout;
import io.trailkeeper.store.lake.LakePartition;
import io.trailkeeper.store.lake.LakeTables;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;
import org.apache.spark.sql.expressions.Window;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Writes records into the lake ({@link LakeLayout}): one record per {@code record_hash}, one zstd Parquet file
 * per partition. A partition that is already in the lake is merged with, never lost: its rows are read, the new
 * ones added, and the partition's file replaced whole. The files are written under {@code LAKE/_tmp-UUID/} by
 * Spark, then each is moved to its place as {@code events.parquet}; a reader sees the old file or the new one.
 * The table definitions under {@code _tables/} are then rewritten for all the lake's partitions. Of two copies of
 * a record the one kept is the one already in the lake, else the one from the earliest
 * delivered file (then by source name and index), as the store keeps the first it ingests.
 */
final class LakeWriter {
    private final SparkSession spark;
    private final String lake;

    LakeWriter(SparkSession spark, String lake) {
        this.spark = spark;
        this.lake = lake;
    }

    /** The distinct records of {@code rows} ({@link LakeRows#SCHEMA}): the first copy of each. */
    static Dataset<Row> distinct(Dataset<Row> rows) {
        return rows.withColumn("_first", row_number().over(Window.partitionBy("record_hash")
                        .orderBy(col(LakeRows.DELIVERED), col("source_name"), col("source_index"))))
                .where(col("_first").equalTo(1)).drop("_first");
    }

    /** Writes distinct records ({@link #distinct}) into their partitions; returns the partitions written. */
    List<String> write(Dataset<Row> distinct) {
        Dataset<Row> existing = existing();
        Dataset<Row> kept = distinct;
        if (existing != null) {
            Dataset<Row> touched = distinct.select(partitionColumns()).distinct();
            kept = existing.join(broadcast(touched), CollectionConverters.asScala(LakeRows.PARTITIONS).toSeq(),
                            "left_semi")
                    .unionByName(distinct.withColumn("_origin", lit(1)))
                    .withColumn("_first", row_number().over(Window.partitionBy("record_hash").orderBy(col("_origin"),
                            col(LakeRows.DELIVERED), col("source_name"), col("source_index"))))
                    .where(col("_first").equalTo(1));
        }
        List<Column> out = new ArrayList<>();
        for (String[] c : LakeLayout.COLUMNS) {
            out.add(col(c[0]));
        }
        out.addAll(List.of(partitionColumns()));
        String tmp = lake + "/_tmp-" + UUID.randomUUID();
        kept.select(out.toArray(Column[]::new))
                .repartition(partitionColumns())
                .sortWithinPartitions(col("account"), col("region"), col("date"), col("event_time"), col("record_hash"))
                .write().mode(SaveMode.ErrorIfExists)
                .option("compression", "zstd")
                .option("parquet.compression.codec.zstd.level", "1") // as export parquet writes it
                .partitionBy(LakeRows.PARTITIONS.toArray(String[]::new))
                .parquet(tmp);
        try {
            List<String> written = moveIntoPlace(new Path(tmp));
            writeTables();
            return written;
        } catch (IOException e) {
            throw new TrailKeeperException(ErrorCode.STORE_WRITE_FAILED, "the lake's partitions could not be moved from "
                    + tmp + " into " + lake + ": " + e.getMessage(), "check that the job may write and rename there;"
                    + " the written files are left in " + tmp, e);
        }
    }

    private static Column[] partitionColumns() {
        return LakeRows.PARTITIONS.stream().map(p -> col(p)).toArray(Column[]::new);
    }

    /** The rows already in the lake, with their partition values as the job makes them; null for a new lake. */
    private Dataset<Row> existing() {
        Path events = new Path(lake, LakeLayout.EVENTS);
        Path files = new Path(events, "account=*/region=*/date=*/" + LakeLayout.FILE);
        try {
            FileSystem fs = events.getFileSystem(spark.sparkContext().hadoopConfiguration());
            FileStatus[] found = fs.exists(events) ? fs.globStatus(files) : null;
            if (found == null || found.length == 0) {
                return null;
            }
        } catch (IOException e) {
            throw new TrailKeeperException(ErrorCode.STORE_UNREADABLE, "the lake " + lake + " could not be listed: "
                    + e.getMessage(), "check the path and the job's permissions on it", e);
        }
        Dataset<Row> d = spark.read().schema(LakeRows.LAKE.add("account", "string").add("region", "string")
                        .add("date", "string"))
                .option("basePath", events.toString())
                .parquet(files.toString());
        for (String p : LakeRows.PARTITIONS) {
            d = d.withColumn(p, coalesce(col(p), lit(LakeLayout.NONE)));
        }
        // a file written before the lake had source_identity reads it as NULL: taken from the record, as
        // TrailKeeper's store and export parquet take it, so a partition merged here does not lose it
        d = d.withColumn("source_identity", coalesce(col("source_identity"), get_json_object(col("raw"),
                "$.userIdentity.sessionContext.sourceIdentity"), get_json_object(col("raw"),
                "$.userIdentity.onBehalfOf.userId")));
        return d.withColumn(LakeRows.DELIVERED, lit("")).withColumn("_origin", lit(0));
    }

    private List<String> moveIntoPlace(Path tmp) throws IOException {
        FileSystem fs = tmp.getFileSystem(spark.sparkContext().hadoopConfiguration());
        List<String> written = new ArrayList<>();
        for (FileStatus a : fs.listStatus(tmp, p -> p.getName().startsWith("account="))) {
            for (FileStatus r : fs.listStatus(a.getPath(), p -> p.getName().startsWith("region="))) {
                for (FileStatus d : fs.listStatus(r.getPath(), p -> p.getName().startsWith("date="))) {
                    FileStatus[] parts = fs.listStatus(d.getPath(), p -> p.getName().endsWith(".parquet"));
                    if (parts.length != 1) {
                        throw new IOException(d.getPath() + " holds " + parts.length + " files, not one");
                    }
                    String partition = LakeLayout.partition(value(a), value(r), date(value(d)));
                    Path target = new Path(lake, partition + LakeLayout.FILE);
                    fs.mkdirs(target.getParent());
                    Path staged = new Path(target.getParent(), "." + LakeLayout.FILE + "." + tmp.getName());
                    if (!fs.rename(parts[0].getPath(), staged)) {
                        throw new IOException("could not move " + parts[0].getPath() + " to " + staged);
                    }
                    fs.delete(target, false);
                    if (!fs.rename(staged, target)) {
                        throw new IOException("could not move " + staged + " to " + target);
                    }
                    fs.delete(new Path(target.getParent(), "." + staged.getName() + ".crc"), false);
                    fs.delete(new Path(target.getParent(), "." + LakeLayout.FILE + ".crc"), false);
                    written.add(partition);
                }
            }
        }
        fs.delete(tmp, true);
        return written;
    }

    /**
     * The lake's table definitions (Athena, Trino, Spark SQL) under {@code _tables/}, written by the store's own
     * {@link LakeTables} for every partition the lake now holds, as {@code export parquet} writes them.
     */
    private void writeTables() throws IOException {
        HadoopLakeTarget target = new HadoopLakeTarget(lake, spark.sparkContext().hadoopConfiguration());
        List<LakePartition> partitions = new ArrayList<>();
        for (String file : target.list(LakeLayout.EVENTS)) {
            String[] parts = file.split("/");
            if (parts.length == 5 && parts[4].equals(LakeLayout.FILE) && parts[1].startsWith("account=")
                    && parts[2].startsWith("region=") && parts[3].startsWith("date=")) {
                partitions.add(new LakePartition(decoded(parts[1]), decoded(parts[2]), decoded(parts[3]), 0, ""));
            }
        }
        new LakeTables(target).write(partitions);
    }

    private static String decoded(String segment) {
        return ExternalCatalogUtils.unescapePathName(segment.substring(segment.indexOf('=') + 1));
    }

    /** The partition value a folder of Spark's names (Hive's escaping undone; NONE for Hive's null). */
    private static String value(FileStatus folder) {
        String name = folder.getPath().getName();
        String v = ExternalCatalogUtils.unescapePathName(name.substring(name.indexOf('=') + 1));
        return LakeLayout.NONE.equals(v) ? null : v;
    }

    private static LocalDate date(String v) {
        return v == null ? null : LocalDate.parse(v);
    }
}
