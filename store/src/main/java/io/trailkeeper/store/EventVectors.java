package io.trailkeeper.store;

import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.events.SourceKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A batch of events in columns, handed to DuckDB as one Arrow stream instead of value by value: the JDBC
 * appender crosses into native code for every string (about half a microsecond each), this not at all.
 * Columns are built in Java arrays and copied into Arrow buffers once, by the writer.
 */
final class EventVectors {
    /** The INSERT's select list over the stream, in the events table's column order. */
    static final String SELECT_LIST = "record_hash, event_time, event_id, event_source, event_name,"
            + " aws_region, recipient_account_id, identity_type, principal_arn, user_name, access_key_id,"
            + " session_issuer_arn, source_ip, user_agent, error_code, read_only, event_category, event_type,"
            + " resources, source_kind, source_name, source_index, raw_chunk, raw_offset, raw_length, raw_data,"
            + " CAST(key_hash AS UINTEGER), source_identity";
    private static final String[] TEXT = {"event_id", "event_source", "event_name", "aws_region",
        "recipient_account_id", "identity_type", "principal_arn", "user_name", "access_key_id", "session_issuer_arn",
        "source_ip", "user_agent", "error_code", "event_category", "event_type", "source_kind", "source_name",
        "source_identity"};
    static final Schema SCHEMA = schema();

    private final Columns.Text[] text = new Columns.Text[TEXT.length];
    private final Columns.Longs eventTime = new Columns.Longs();
    private final Columns.Bools readOnly = new Columns.Bools();
    private final Columns.Text resourceItems = new Columns.Text();
    private final Columns.Ints resourceOffsets = new Columns.Ints();
    private final Columns.Longs sourceIndex = new Columns.Longs();
    private final Columns.Longs rawChunk = new Columns.Longs();
    private final Columns.Ints rawOffset = new Columns.Ints();
    private final Columns.Ints rawLength = new Columns.Ints();
    private final Columns.Bools keep = new Columns.Bools();
    private Columns.Text rawData;
    private final Columns.Longs hashHi = new Columns.Longs();
    private final Columns.Longs hashLo = new Columns.Longs();
    /** {@link KeyHash} of the access key id, computed here on the reader's thread instead of in the insert. */
    private final Columns.Longs keyHash = new Columns.Longs();
    private final KeyHash.Cache keyHashes = new KeyHash.Cache();
    /** Each row's day_counts key, as an index into dayKeys. */
    private final Columns.Ints dayKey = new Columns.Ints();
    private final java.util.Map<DayTally.Key, Integer> dayKeyIds = new java.util.HashMap<>();
    private final List<DayTally.Key> dayKeys = new ArrayList<>();
    private int rows;

    EventVectors() {
        for (int i = 0; i < text.length; i++) {
            text[i] = new Columns.Text();
        }
        resourceOffsets.add(0);
    }

    /** Empties the columns, keeping their arrays for the next batch. */
    void reset() {
        for (Columns.Text t : text) {
            t.reset();
        }
        eventTime.reset();
        readOnly.reset();
        resourceItems.reset();
        resourceOffsets.reset();
        resourceOffsets.add(0);
        sourceIndex.reset();
        rawChunk.reset();
        rawOffset.reset();
        rawLength.reset();
        keep.reset();
        hashHi.reset();
        hashLo.reset();
        keyHash.reset();
        dayKey.reset();
        dayKeyIds.clear();
        dayKeys.clear();
        if (rawData != null) {
            rawData.reset();
        }
        rows = 0;
    }

    private static Schema schema() {
        List<Field> fields = new ArrayList<>();
        // the record hash as Arrow's UUID type (16 bytes, big-endian), which DuckDB reads as its UUID: no text to
        // parse for each event
        fields.add(new Field("record_hash", new FieldType(true, new ArrowType.FixedSizeBinary(16), null,
                Map.of("ARROW:extension:name", "arrow.uuid", "ARROW:extension:metadata", "")), null));
        for (String name : TEXT) {
            fields.add(Field.nullable(name, ArrowType.Utf8.INSTANCE));
        }
        fields.add(Field.nullable("event_time", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)));
        fields.add(Field.nullable("read_only", ArrowType.Bool.INSTANCE));
        fields.add(new Field("resources", FieldType.nullable(ArrowType.List.INSTANCE),
                List.of(Field.nullable("item", ArrowType.Utf8.INSTANCE))));
        fields.add(Field.nullable("source_index", new ArrowType.Int(64, true)));
        fields.add(Field.nullable("raw_chunk", new ArrowType.Int(64, true)));
        fields.add(Field.nullable("raw_offset", new ArrowType.Int(32, true)));
        fields.add(Field.nullable("raw_length", new ArrowType.Int(32, true)));
        fields.add(Field.nullable("raw_data", ArrowType.Binary.INSTANCE));
        fields.add(Field.nullable("keep", ArrowType.Bool.INSTANCE));
        fields.add(Field.nullable("key_hash", new ArrowType.Int(64, true)));
        return new Schema(fields);
    }

    int rows() {
        return rows;
    }

    void add(CloudTrailEvent e, SourceKind kind, String sourceName, long index, long chunk, int offset) {
        UUID hash = e.recordHash();
        text[0].add(e.eventId());
        text[1].add(e.eventSource());
        text[2].add(e.eventName());
        text[3].add(e.awsRegion());
        text[4].add(e.recipientAccountId());
        text[5].add(e.identityType());
        text[6].add(e.principalArn());
        text[7].add(e.userName());
        text[8].add(e.accessKeyId());
        text[9].add(e.sessionIssuerArn());
        text[10].add(e.sourceIp());
        text[11].add(e.userAgent());
        text[12].add(e.failedWith());
        text[13].add(e.eventCategory());
        text[14].add(e.eventType());
        text[15].add(kind.label());
        text[16].add(sourceName);
        // the person behind a session (schema 13): a reference to a string the parser made, nothing new
        String sourceIdentity = e.sourceIdentity();
        text[17].add(sourceIdentity != null ? sourceIdentity : e.onBehalfOfUserId());
        Instant time = e.eventTime();
        Long micros = time == null ? null : Times.epochMicros(time);
        if (micros == null) {
            eventTime.addNull();
        } else {
            eventTime.add(micros);
        }
        DayTally.Key key = DayTally.key(e.awsRegion(), micros, kind.label(), e.eventCategory());
        Integer id = dayKeyIds.get(key);
        if (id == null) {
            id = dayKeys.size();
            dayKeyIds.put(key, id);
            dayKeys.add(key);
        }
        dayKey.add(id);
        readOnly.add(e.readOnly());
        for (String r : e.resources()) {
            resourceItems.add(r);
        }
        resourceOffsets.add(resourceItems.size());
        sourceIndex.add(index);
        rawChunk.add(chunk);
        rawOffset.add(offset);
        rawLength.add(e.raw().length);
        keep.add(Boolean.TRUE);
        hashHi.add(hash.getMostSignificantBits());
        hashLo.add(hash.getLeastSignificantBits());
        Long keyBits = keyHashes.of(e.accessKeyId());
        if (keyBits == null) {
            keyHash.addNull();
        } else {
            keyHash.add(keyBits);
        }
        rows++;
    }

    /** The record hash of a row: high and low 64 bits. */
    long hashHi(int row) {
        return hashHi.get(row);
    }

    long hashLo(int row) {
        return hashLo.get(row);
    }

    /** The raw chunk holding a row's record. */
    long chunkOf(int row) {
        return rawChunk.get(row);
    }

    /**
     * Puts each chunk's bytes on the first row of the chunk that is still to be inserted; chunks whose rows
     * are all stored already are left out. Call once, after the last {@link #drop}.
     */
    void carryChunks(List<RawChunks.Chunk> chunks) {
        java.util.Map<Long, byte[]> data = new java.util.HashMap<>();
        for (RawChunks.Chunk c : chunks) {
            data.put(c.id(), c.data());
        }
        if (rawData == null) {
            rawData = new Columns.Text();
        }
        rawData.reset();
        for (int i = 0; i < rows; i++) {
            rawData.addBytes(keep.get(i) ? data.remove(rawChunk.get(i)) : null);
        }
    }

    /** Adds the rows still to be inserted to the tally of the transaction. */
    void tallyKept(DayTally tally) {
        long[] counts = new long[dayKeys.size()];
        for (int i = 0; i < rows; i++) {
            if (keep.get(i)) {
                counts[dayKey.get(i)]++;
            }
        }
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] > 0) {
                tally.add(dayKeys.get(k), counts[k]);
            }
        }
    }

    /** Leaves a row out of the insert (the store holds it already). */
    void drop(int row) {
        keep.set(row, false);
    }

    /** Fills a root (from the stream's schema) with these rows; call {@link #carryChunks} first. */
    void fill(VectorSchemaRoot root) {
        Columns.copyUuids((FixedSizeBinaryVector) root.getVector("record_hash"), hashHi, hashLo, rows);
        for (int i = 0; i < TEXT.length; i++) {
            text[i].copyTo((BaseVariableWidthVector) root.getVector(TEXT[i]));
        }
        eventTime.copyTo((BaseFixedWidthVector) root.getVector("event_time"));
        readOnly.copyTo((BitVector) root.getVector("read_only"));
        resourceItems.copyTo((ListVector) root.getVector("resources"), resourceOffsets);
        sourceIndex.copyTo((BaseFixedWidthVector) root.getVector("source_index"));
        rawChunk.copyTo((BaseFixedWidthVector) root.getVector("raw_chunk"));
        rawOffset.copyTo((BaseFixedWidthVector) root.getVector("raw_offset"));
        rawLength.copyTo((BaseFixedWidthVector) root.getVector("raw_length"));
        rawData.copyTo((BaseVariableWidthVector) root.getVector("raw_data"));
        keep.copyTo((BitVector) root.getVector("keep"));
        keyHash.copyTo((BaseFixedWidthVector) root.getVector("key_hash"));
        root.setRowCount(rows);
    }
}
