package io.trailkeeper.store;

import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.events.SourceKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A batch of events laid out in Arrow columns, handed to DuckDB in one call instead of value by value:
 * the appender crosses into native code for every string (about half a microsecond each), Arrow not at all.
 * The column order is the {@code events} table's; {@link #SELECT_LIST} maps it.
 */
final class EventVectors implements AutoCloseable {
    /** The INSERT's select list over the stream, in the events table's column order; rows with keep = false are not inserted. */
    static final String SELECT_LIST = "CAST(record_hash AS UUID), event_time, event_id, event_source, event_name,"
            + " aws_region, recipient_account_id, identity_type, principal_arn, user_name, access_key_id,"
            + " session_issuer_arn, source_ip, user_agent, error_code, read_only, event_category, event_type,"
            + " resources, source_kind, source_name, source_index, raw_codec, raw";
    private static final String[] TEXT = {"record_hash", "event_id", "event_source", "event_name", "aws_region",
        "recipient_account_id", "identity_type", "principal_arn", "user_name", "access_key_id", "session_issuer_arn",
        "source_ip", "user_agent", "error_code", "event_category", "event_type", "source_kind", "source_name"};
    static final Schema SCHEMA = schema();

    private final BufferAllocator allocator;
    private final VectorSchemaRoot root;
    private final VarCharVector[] text = new VarCharVector[TEXT.length];
    private final TimeStampMicroVector eventTime;
    private final BitVector readOnly;
    private final ListVector resources;
    private final VarCharVector resourceItems;
    private final BigIntVector sourceIndex;
    private final SmallIntVector rawCodec;
    private final VarBinaryVector raw;
    private final BitVector keep;
    private final List<java.util.UUID> hashes = new ArrayList<>();
    private int rows;
    private int items;

    EventVectors(BufferAllocator allocator) {
        this.allocator = allocator;
        this.root = VectorSchemaRoot.create(SCHEMA, allocator);
        root.allocateNew();
        for (int i = 0; i < TEXT.length; i++) {
            text[i] = (VarCharVector) root.getVector(TEXT[i]);
        }
        eventTime = (TimeStampMicroVector) root.getVector("event_time");
        readOnly = (BitVector) root.getVector("read_only");
        resources = (ListVector) root.getVector("resources");
        resourceItems = (VarCharVector) resources.getDataVector();
        sourceIndex = (BigIntVector) root.getVector("source_index");
        rawCodec = (SmallIntVector) root.getVector("raw_codec");
        raw = (VarBinaryVector) root.getVector("raw");
        keep = (BitVector) root.getVector("keep");
    }

    private static Schema schema() {
        List<Field> fields = new ArrayList<>();
        for (String name : TEXT) {
            fields.add(Field.nullable(name, ArrowType.Utf8.INSTANCE));
        }
        fields.add(Field.nullable("event_time", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)));
        fields.add(Field.nullable("read_only", ArrowType.Bool.INSTANCE));
        fields.add(new Field("resources", FieldType.nullable(ArrowType.List.INSTANCE),
                List.of(Field.nullable("item", ArrowType.Utf8.INSTANCE))));
        fields.add(Field.nullable("source_index", new ArrowType.Int(64, true)));
        fields.add(Field.nullable("raw_codec", new ArrowType.Int(16, true)));
        fields.add(Field.nullable("raw", ArrowType.Binary.INSTANCE));
        fields.add(Field.nullable("keep", ArrowType.Bool.INSTANCE));
        return new Schema(fields);
    }

    int rows() {
        return rows;
    }

    void add(CloudTrailEvent e, SourceKind kind, String sourceName, long index, short codec, byte[] compressed) {
        int i = rows;
        String[] values = {e.recordHash().toString(), e.eventId(), e.eventSource(), e.eventName(), e.awsRegion(),
            e.recipientAccountId(), e.identityType(), e.principalArn(), e.userName(), e.accessKeyId(),
            e.sessionIssuerArn(), e.sourceIp(), e.userAgent(), e.errorCode(), e.eventCategory(), e.eventType(),
            kind.label(), sourceName};
        for (int c = 0; c < values.length; c++) {
            if (values[c] != null) {
                text[c].setSafe(i, values[c].getBytes(StandardCharsets.UTF_8));
            }
        }
        Instant time = e.eventTime();
        if (time != null) {
            eventTime.setSafe(i, Times.epochMicros(time));
        }
        if (e.readOnly() != null) {
            readOnly.setSafe(i, e.readOnly() ? 1 : 0);
        }
        resources.startNewValue(i);
        for (String r : e.resources()) {
            resourceItems.setSafe(items++, r.getBytes(StandardCharsets.UTF_8));
        }
        resources.endValue(i, e.resources().size());
        sourceIndex.setSafe(i, index);
        rawCodec.setSafe(i, codec);
        raw.setSafe(i, compressed);
        keep.setSafe(i, 1);
        hashes.add(e.recordHash());
        rows++;
    }

    /** The record hash of each row, in row order. */
    List<java.util.UUID> hashes() {
        return hashes;
    }

    /** Leaves a row out of the insert (the store holds it already). */
    void drop(int row) {
        keep.setSafe(row, 0);
    }

    /** The rows as a one-batch Arrow stream for DuckDB's registerArrowStream. */
    ArrowReader reader() {
        root.setRowCount(rows);
        resourceItems.setValueCount(items);
        return new ArrowReader(allocator) {
            private boolean delivered;

            @Override
            public boolean loadNextBatch() throws IOException {
                if (delivered) {
                    return false;
                }
                delivered = true;
                try (ArrowRecordBatch batch = new VectorUnloader(root).getRecordBatch()) {
                    new VectorLoader(getVectorSchemaRoot()).load(batch);
                }
                return true;
            }

            @Override
            public long bytesRead() {
                return 0;
            }

            @Override
            protected void closeReadSource() {
            }

            @Override
            protected Schema readSchema() {
                return SCHEMA;
            }
        };
    }

    @Override
    public void close() {
        root.close();
    }
}
