package io.trailkeeper.integrity;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * One object opened for reading: its bytes exactly as stored, as a stream that never gives more than the limit it was
 * opened with (past it, {@link ObjectTooLarge}) nor ends before the size the source told (an IOException then), and
 * its user metadata as {@link StoredObject} has it. Close it.
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
     * source tells it is over {@code limit}; {@code where} names it in messages (s3://bucket/key, a path). A stream
     * that ends before {@code size} bytes fails with an IOException: a connection dropped part-way (HTTP clients
     * may just end a body shorter than its Content-Length), never a shorter object that would read as a damaged,
     * altered one. A negative {@code size} is not known: the stream then ends where it ends.
     */
    public static OpenedObject of(String where, long size, long limit, InputStream in, Map<String, String> metadata)
            throws IOException {
        if (size > limit) {
            in.close();
            throw new ObjectTooLarge(where, size, limit);
        }
        return new OpenedObject(new Bounded(in, where, size, limit), metadata);
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

    /**
     * A stream that fails past {@code limit} bytes (an object that grew after its size was looked at), and at an end
     * before {@code size} bytes (the transfer broke off).
     */
    private static final class Bounded extends FilterInputStream {
        private final String where;
        private final long size;
        private final long limit;
        private long count;

        Bounded(InputStream in, String where, long size, long limit) {
            super(in);
            this.where = where;
            this.size = size;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            } else {
                ended();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            } else if (n < 0) {
                ended();
            }
            return n;
        }

        private void ended() throws IOException {
            if (size >= 0 && count < size) {
                throw new IOException(where + " ended after " + count + " of its " + size + " bytes: the transfer"
                        + " broke off (a dropped connection); read it again");
            }
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
