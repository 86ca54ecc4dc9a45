package io.trailkeeper.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads raw records one at a time by (chunk, offset, length), for the SQL function behind the cloudtrail view's
 * {@code record} column and the lake export, keeping the last chunks decompressed: events in time order come
 * from the chunks of every file whose time range is open then (26 at most in the benchmark's 17 regions; with 16
 * kept, every event of a scan in time order read and decompressed its chunk again). Readers of many records use
 * {@link PagedRecords}. Not thread-safe.
 */
final class ChunkCache implements AutoCloseable {
    /** At most 64 chunks of about 256 KB each. */
    private static final int KEEP = 64;

    private final PreparedStatement fetch;
    private final Map<Long, byte[]> chunks = new LinkedHashMap<>(32, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
            return size() > KEEP;
        }
    };

    private long decompressed;

    ChunkCache(Connection connection) throws SQLException {
        this.fetch = connection.prepareStatement(
                "SELECT raw_data FROM events WHERE raw_chunk = ? AND raw_data IS NOT NULL LIMIT 1");
    }

    byte[] record(long chunk, int offset, int length) throws SQLException {
        byte[] json = chunks.get(chunk);
        if (json == null) {
            fetch.setLong(1, chunk);
            try (ResultSet r = fetch.executeQuery()) {
                if (!r.next()) {
                    throw new IllegalStateException("the store has lost raw chunk " + chunk);
                }
                json = RawChunks.decompress(r.getBytes(1));
            }
            decompressed++;
            chunks.put(chunk, json);
        }
        return Arrays.copyOfRange(json, offset, offset + length);
    }

    /** How many chunks this has decompressed (read again once evicted). */
    long decompressed() {
        return decompressed;
    }

    @Override
    public void close() throws SQLException {
        fetch.close();
    }
}
