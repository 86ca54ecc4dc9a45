package io.trailkeeper.store;

import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.events.CloudTrailReader;
import io.trailkeeper.events.IngestProblem;
import io.trailkeeper.events.RecordSink;
import io.trailkeeper.events.SourceKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The stored records of a range of raw chunks, read back one event at a time in the order they are stored, each
 * parsed again by the ingest's own reader ({@link CloudTrailReader}). Holds the range's compressed chunks and one
 * chunk decompressed at a time: memory is bounded by the range, whatever the store's size. Not thread-safe.
 */
final class StoredRecords {
    /** One stored event: where its record is, its provenance, and the record parsed again (null if it could not be). */
    record Stored(long chunk, int offset, String sourceKind, String sourceName, long sourceIndex, String eventId,
                  CloudTrailEvent event, String failure) {
        /** The event as a person finds it again: its file (or key or region) and place there, its eventID. */
        String name() {
            return sourceName + " record " + sourceIndex + (eventId == null ? "" : " (eventID " + eventId + ")")
                    + " [raw chunk " + chunk + " at " + offset + "]";
        }
    }

    /** Told each event of the range, in stored order. */
    interface Visitor {
        void stored(Stored event) throws SQLException;
    }

    private final Sink sink = new Sink();
    /** The events of the open chunk read in one go, by where their record starts. */
    private final Map<Integer, CloudTrailEvent> inChunk = new HashMap<>();
    private CloudTrailReader reader = new CloudTrailReader();
    /** The chunk the events being read are in, decompressed (null if it cannot be), or why it cannot be read. */
    private long open;
    private byte[] json;
    private String chunkFailure;

    /** Reads the events whose raw chunk lies in [first, last] and tells the visitor each. */
    void read(Connection c, long first, long last, Visitor visitor) throws SQLException {
        Map<Long, byte[]> compressed = chunks(c, first, last);
        open = Long.MIN_VALUE;
        try (PreparedStatement p = c.prepareStatement("SELECT raw_chunk, raw_offset, raw_length, source_kind,"
                + " source_name, source_index, event_id FROM events WHERE raw_chunk BETWEEN ? AND ?"
                + " ORDER BY raw_chunk, raw_offset")) {
            p.setLong(1, first);
            p.setLong(2, last);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    long chunk = r.getLong(1);
                    if (chunk != open) {
                        openChunk(chunk, compressed.remove(chunk));
                    }
                    int offset = r.getInt(2);
                    int length = r.getInt(3);
                    long index = r.getLong(6);
                    index = r.wasNull() ? -1 : index;
                    String failure = chunkFailure;
                    CloudTrailEvent event = null;
                    if (json != null) {
                        event = event(offset, length);
                        failure = event == null ? sink.failure() : null;
                    }
                    visitor.stored(new Stored(chunk, offset, r.getString(4), r.getString(5), index,
                            r.getString(7), event, failure));
                }
            }
        }
    }

    /** The range's chunks, compressed, by id. */
    private static Map<Long, byte[]> chunks(Connection c, long first, long last) throws SQLException {
        Map<Long, byte[]> compressed = new HashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT raw_chunk, raw_data FROM events"
                + " WHERE raw_chunk BETWEEN ? AND ? AND raw_data IS NOT NULL")) {
            p.setLong(1, first);
            p.setLong(2, last);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    compressed.putIfAbsent(r.getLong(1), r.getBytes(2));
                }
            }
        }
        return compressed;
    }

    /** Decompresses and parses the chunk the next events are in, or keeps why it cannot. */
    private void openChunk(long chunk, byte[] data) {
        open = chunk;
        json = null;
        chunkFailure = null;
        inChunk.clear();
        if (data == null) {
            chunkFailure = "the store has lost raw chunk " + chunk;
            return;
        }
        try {
            json = RawChunks.decompress(data);
        } catch (RuntimeException e) {
            chunkFailure = "raw chunk " + chunk + " cannot be decompressed: " + e.getMessage();
            return;
        }
        parseChunk(json);
    }

    /** The event whose record is at this place of the open chunk, or null (the reason in {@link Sink#failure}). */
    private CloudTrailEvent event(int offset, int length) {
        sink.reset();
        if (offset < 0 || length < 0 || (long) offset + length > json.length) {
            sink.failed("the record's place lies outside raw chunk " + open);
            return null;
        }
        CloudTrailEvent event = inChunk.get(offset);
        return event != null && event.raw().length == length ? event : parse(json, offset, length);
    }

    /**
     * Parses a whole chunk at once (its records one after another, as the ingest's reader reads concatenated
     * objects), keeping each event by where its record starts: one read of a chunk instead of one a record, each of
     * which sets up the reader's buffers (a record at a time, parsing took five times as long). An event is kept only
     * while the records read so far are exactly the chunk's bytes; a record the chunk's read does not account for is
     * parsed alone ({@link #parse}).
     */
    private void parseChunk(byte[] json) {
        int[] at = {0};
        try {
            reader.read("store", new ByteArrayInputStream(json), new RecordSink() {
                @Override
                public void event(CloudTrailEvent e, String source, SourceKind kind, long index) {
                    byte[] raw = e.raw();
                    int from = at[0];
                    if (from >= 0 && from + raw.length <= json.length
                            && Arrays.equals(raw, 0, raw.length, json, from, from + raw.length)) {
                        inChunk.put(from, e);
                        at[0] = from + raw.length;
                    } else {
                        at[0] = -1; // out of step with the chunk: the rest is parsed a record at a time
                    }
                }

                @Override
                public void digest(String source) {
                    at[0] = -1;
                }

                @Override
                public void problem(IngestProblem problem) {
                    if (problem.outcome() != IngestProblem.Outcome.STORED) {
                        at[0] = -1;
                    }
                }
            });
        } catch (IOException | RuntimeException e) {
            // each record is then parsed alone, and named if it cannot be
        }
    }

    /** The record parsed as the ingest parses it, or null (the reason in {@link Sink#failure}). */
    private CloudTrailEvent parse(byte[] json, int offset, int length) {
        sink.reset();
        if (length > CloudTrailReader.DEFAULT_MAX_RECORD_BYTES) {
            // an ingest with a larger --max-record-bytes stored it: read it whole here too
            reader = new CloudTrailReader(length + 1);
        }
        try {
            reader.read("store", new ByteArrayInputStream(json, offset, length), sink);
        } catch (IOException | RuntimeException e) {
            sink.failed("the record cannot be read again: " + e.getMessage());
        }
        return sink.event;
    }

    private static final class Sink implements RecordSink {
        CloudTrailEvent event;
        private String problem;
        private int events;

        void reset() {
            event = null;
            problem = null;
            events = 0;
        }

        void failed(String message) {
            event = null;
            problem = message;
        }

        String failure() {
            if (problem != null) {
                return problem;
            }
            return events > 1 ? "the record reads as " + events + " events" : "the record holds no CloudTrail event";
        }

        @Override
        public void event(CloudTrailEvent e, String source, SourceKind kind, long index) {
            events++;
            // a stored record is one event; should it read as several, its columns are left as they are
            event = events == 1 ? e : null;
        }

        @Override
        public void digest(String source) {
        }

        @Override
        public void problem(IngestProblem p) {
            if (p.outcome() == IngestProblem.Outcome.REJECTED && problem == null) {
                problem = p.code().code() + " " + p.message();
            }
        }
    }
}
