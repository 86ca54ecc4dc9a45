package io.trailkeeper.events;

import java.io.IOException;
import java.io.InputStream;

/** A stream that works in chunks: a single byte is read as a chunk of one, through {@link #read(byte[], int, int)}. */
abstract class ChunkedInputStream extends InputStream {
    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public abstract int read(byte[] b, int off, int len) throws IOException;
}
