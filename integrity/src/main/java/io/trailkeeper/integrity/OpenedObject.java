package io.trailkeeper.integrity;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * One object opened for reading: its bytes exactly as stored, as a stream that never gives more than the limit it was
 * opened with (past it, {@link ObjectTooLarge}), and its user metadata as {@link StoredObject} has it. Close it.
 */
public final class OpenedObject implements Closeable {
    private final InputStream bytes;
    private final Map<String, String> metadata;

    private OpenedObject(InputStream bytes, Map<String, String> metadata) {
        this.bytes = bytes;
        this.metadata = Map.copyOf(metadata);
    }

    /**
     * The object whose stream is {@code in}, refused (and {@code in} closed unread) when its {@code size} as the
     * source tells it is over {@code limit}; {@code where} names it in messages (s3://bucket/key, a path).
     */
    public static OpenedObject of(String where, long size, long limit, InputStream in, Map<String, String> metadata)
            throws IOException {
        if (size > limit) {
            in.close();
            throw new ObjectTooLarge(where, size, limit);
        }
        return new OpenedObject(new Bounded(in, where, limit), metadata);
    }

    public InputStream bytes() {
        return bytes;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public void close() throws IOException {
        bytes.close();
    }

    /** A stream that fails past {@code limit} bytes: an object that grew after its size was looked at. */
    private static final class Bounded extends FilterInputStream {
        private final String where;
        private final long limit;
        private long count;

        Bounded(InputStream in, String where, long limit) {
            super(in);
            this.where = where;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            counted(skipped);
            return skipped;
        }

        private void counted(long n) throws ObjectTooLarge {
            count += n;
            if (count > limit) {
                throw new ObjectTooLarge(where, count, limit);
            }
        }
    }
}
