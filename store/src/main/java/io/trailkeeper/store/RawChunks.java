package io.trailkeeper.store;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import java.util.Arrays;

/**
 * How the store keeps the raw records: concatenated in chunks of about 256 KB of JSON, each chunk one zstd
 * frame, carried by one of its events' rows; an event row points at its record with (chunk, offset, length).
 * Whole chunks compress 8 to 10 times where single records compress 6, and DuckDB stores a few large values
 * where it would otherwise store one small value per event, which costs it more than all the typed columns.
 */
final class RawChunks {
    /** A chunk is closed once it holds this much JSON. */
    static final int CHUNK_BYTES = 256 * 1024;
    private static final int LEVEL = 1;

    private RawChunks() {
    }

    /** A closed chunk, ready for the store. */
    record Chunk(long id, byte[] data, int records, int jsonBytes) {
    }

    /** Collects records into chunks on one thread. */
    static final class Builder implements AutoCloseable {
        private final ZstdCompressCtx ctx = new ZstdCompressCtx();
        private byte[] buffer = new byte[CHUNK_BYTES + 64 * 1024];
        private byte[] compressed = new byte[0];
        private int length;
        private int records;
        private long id = -1;

        Builder() {
            ctx.setLevel(LEVEL);
            ctx.setContentSize(true);
            ctx.setChecksum(true);
        }

        /** Appends a record to the open chunk (opening one with the given id source if none is). */
        long append(byte[] raw, java.util.function.LongSupplier nextId) {
            if (id < 0) {
                id = nextId.getAsLong();
            }
            if (length + raw.length > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + raw.length));
            }
            System.arraycopy(raw, 0, buffer, length, raw.length);
            length += raw.length;
            records++;
            return id;
        }

        /** Where the next record will start in the open chunk. */
        int offset() {
            return id < 0 ? 0 : length;
        }

        boolean full() {
            return length >= CHUNK_BYTES;
        }

        boolean isEmpty() {
            return id < 0;
        }

        /** Compresses and closes the open chunk. */
        Chunk close(boolean reset) {
            int bound = (int) Zstd.compressBound(length);
            if (compressed.length < bound) {
                compressed = new byte[bound];
            }
            int n = ctx.compressByteArray(compressed, 0, compressed.length, buffer, 0, length);
            Chunk chunk = new Chunk(id, Arrays.copyOf(compressed, n), records, length);
            id = -1;
            length = 0;
            records = 0;
            if (reset && buffer.length > 4 * CHUNK_BYTES) {
                buffer = new byte[CHUNK_BYTES + 64 * 1024];
            }
            return chunk;
        }

        @Override
        public void close() {
            ctx.close();
        }
    }

    /** Decompresses a chunk: one zstd frame (the frame's magic number tells a future format apart). */
    static byte[] decompress(byte[] data) {
        if (data.length < 4 || (data[0] & 0xFF) != 0x28 || (data[1] & 0xFF) != 0xB5 || (data[2] & 0xFF) != 0x2F
                || (data[3] & 0xFF) != 0xFD) {
            throw new IllegalStateException("a raw chunk is not a zstd frame (a newer TrailKeeper wrote it?)");
        }
        long size = Zstd.getFrameContentSize(data);
        if (size < 0 || size > Integer.MAX_VALUE) {
            throw new IllegalStateException("a raw chunk has no readable size");
        }
        byte[] out = new byte[(int) size];
        try (ZstdDecompressCtx d = new ZstdDecompressCtx()) {
            int n = d.decompressByteArray(out, 0, out.length, data, 0, data.length);
            return n == out.length ? out : Arrays.copyOf(out, n);
        }
    }
}
