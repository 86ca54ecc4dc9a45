package io.trailkeeper.spark;

import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.events.SourceKind;
import io.trailkeeper.store.lake.LakeLayout;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A CloudTrail record as a row of the lake: {@link LakeLayout#COLUMNS} in order, then the partition columns
 * ({@code account}, {@code region}, {@code date}, each {@link LakeLayout#NONE} when missing) and the
 * {@code delivered} time of its file (from the trail file's name, as the store orders its inputs), which only
 * decides which copy of a duplicate record is kept. The event time is a TIMESTAMP_NTZ holding UTC, which is what
 * DuckDB writes and reads as TIMESTAMP.
 */
final class LakeRows {
    static final List<String> PARTITIONS = List.of("account", "region", "date");
    static final String DELIVERED = "delivered";
    private static final Pattern DELIVERY_TIME = Pattern.compile("_(\\d{8}T\\d{4}Z)_");
    /** The lake's columns as Spark fields, in order. */
    static final StructType LAKE = lakeSchema();
    /** A row as {@link #of} makes it: the lake's columns, the partitions, the delivery time. */
    static final StructType SCHEMA = withExtras(LAKE);

    private LakeRows() {
    }

    private static StructType lakeSchema() {
        List<StructField> fields = new ArrayList<>();
        for (String[] c : LakeLayout.COLUMNS) {
            fields.add(DataTypes.createStructField(c[0], sparkType(c[0], c[1]), !"record_hash".equals(c[0])));
        }
        return DataTypes.createStructType(fields);
    }

    private static StructType withExtras(StructType lake) {
        StructType s = lake;
        for (String p : PARTITIONS) {
            s = s.add(p, DataTypes.StringType, false);
        }
        return s.add(DELIVERED, DataTypes.StringType, false);
    }

    static DataType sparkType(String column, String duckType) {
        return switch (duckType) {
            case "VARCHAR" -> DataTypes.StringType;
            case "TIMESTAMP" -> DataTypes.TimestampNTZType;
            case "BOOLEAN" -> DataTypes.BooleanType;
            case "BIGINT" -> DataTypes.LongType;
            case "VARCHAR[]" -> DataTypes.createArrayType(DataTypes.StringType, true);
            default -> throw new IllegalStateException("the lake column " + column + " has a type this job does not"
                    + " know: " + duckType);
        };
    }

    /** The row of one record read from {@code sourceName} at {@code index}. */
    static Row of(CloudTrailEvent e, SourceKind kind, String sourceName, long index) {
        LocalDateTime time = e.eventTime() == null ? null : LocalDateTime.ofInstant(e.eventTime(), ZoneOffset.UTC);
        Object[] v = new Object[SCHEMA.size()];
        int i = 0;
        v[i++] = e.recordHash().toString();
        v[i++] = time;
        v[i++] = e.eventId();
        v[i++] = e.eventSource();
        v[i++] = e.eventName();
        v[i++] = e.awsRegion();
        v[i++] = e.recipientAccountId();
        v[i++] = e.identityType();
        v[i++] = e.principalArn();
        v[i++] = e.userName();
        v[i++] = e.accessKeyId();
        v[i++] = e.sessionIssuerArn();
        v[i++] = e.sourceIp();
        v[i++] = e.userAgent();
        v[i++] = e.failedWith();
        v[i++] = e.readOnly();
        v[i++] = e.eventCategory();
        v[i++] = e.eventType();
        v[i++] = CollectionConverters.asScala(e.resources()).toSeq(); // an array value in a Row is a Scala Seq
        v[i++] = kind.label();
        v[i++] = sourceName;
        v[i++] = index;
        v[i++] = e.sourceIdentity() != null ? e.sourceIdentity() : e.onBehalfOfUserId(); // as the store keeps it
        v[i++] = e.rawJson();
        v[i++] = partitionValue(e.recipientAccountId());
        v[i++] = partitionValue(e.awsRegion());
        v[i++] = time == null ? LakeLayout.NONE : time.toLocalDate().toString();
        v[i] = deliveryTime(sourceName);
        return RowFactory.create(v);
    }

    private static String partitionValue(String v) {
        return v == null || v.isEmpty() ? LakeLayout.NONE : v;
    }

    /** The delivery time in a trail file's name ({@code _20230710T1145Z_}), or "" (sorted first) when none. */
    static String deliveryTime(String sourceName) {
        int member = sourceName.indexOf("!/");
        String file = member < 0 ? sourceName : sourceName.substring(0, member);
        Matcher m = DELIVERY_TIME.matcher(file.substring(file.lastIndexOf('/') + 1));
        return m.find() ? m.group(1) : "";
    }
}
