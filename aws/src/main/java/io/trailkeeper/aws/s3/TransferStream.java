package io.trailkeeper.aws.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * An object's bytes on their way from S3 to the reader: counted, copied to the evidence copy when there is
 * one, and with any failure of the transfer remembered. The reader reports a stream that breaks off as a
 * damaged file and goes on, which is right for a damaged file but wrong for a dropped connection: the
 * fetcher asks this stream which of the two it was, and tries a dropped connection again.
 */
final class TransferStream extends FilterInputStream {
    private final RawCopy copy;
    private long bytes;
    private Exception transferFailure;
    private IOException copyFailure;

    TransferStream(InputStream in, RawCopy copy) {
        super(in);
        this.copy = copy;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException | SdkException e) {
            // SdkException: the SDK checks a response checksum as the last bytes arrive
            transferFailure = e;
            throw e;
        }
        if (n > 0) {
            bytes += n;
            if (copy != null) {
                try {
                    copy.write(b, off, n);
                } catch (IOException e) {
                    copyFailure = e;
                    throw e;
                }
            }
        }
        return n;
    }

    /** Skipped bytes are read all the same: the copy must have every byte. */
    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(Math.max(n, 0), 8192)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** The reader does not own the S3 stream; the fetcher closes (or aborts) it. */
    @Override
    public void close() {
    }

    /** Reads what the reader left, so that the copy is whole and the length can be checked. */
    void drain() throws IOException {
        transferTo(OutputStream.nullOutputStream());
    }

    long bytes() {
        return bytes;
    }

    /** Why the transfer broke off, or null when every read succeeded. */
    Exception transferFailure() {
        return transferFailure;
    }

    /** Why writing the evidence copy failed, or null. */
    IOException copyFailure() {
        return copyFailure;
    }
}
