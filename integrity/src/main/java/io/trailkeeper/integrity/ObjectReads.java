package io.trailkeeper.integrity;

import java.io.IOException;
import java.time.Duration;
import java.util.zip.ZipException;

/**
 * One object opened and read whole by the verifier, read again from the start when its source says the failure
 * passes ({@link EvidenceSource#worthRetrying}: a transfer cut short, a connection reset, S3 throttling the request
 * once the SDK's own attempts were spent): {@link #ATTEMPTS} in all, the pause doubling from {@link #FIRST_PAUSE}.
 * Never resumed where it broke off: the object might have changed in between, and an integrity check must hash one
 * version of it whole. The last failure is thrown, saying how many attempts were made; an object too large, or bytes
 * that are not gzip (a fault of the object, not of its transfer: one cut short ends in the stream's own failure or an
 * EOFException), is never read again.
 */
final class ObjectReads {
    static final int ATTEMPTS = 3;
    static final Duration FIRST_PAUSE = Duration.ofMillis(500);

    private ObjectReads() {
    }

    /** What is read of an object: {@code object} is null when there is none. */
    interface Reading<T> {
        T read(OpenedObject object) throws IOException;
    }

    static <T> T read(EvidenceSource source, String bucket, String key, long limit, Reading<T> reading)
            throws IOException {
        for (int attempt = 1; ; attempt++) {
            try (OpenedObject object = source.open(bucket, key, limit)) {
                return reading.read(object);
            } catch (ObjectTooLarge | ZipException e) {
                throw e;
            } catch (IOException e) {
                if (attempt >= ATTEMPTS || !source.worthRetrying(e)) {
                    throw attempt == 1 ? e : new IOException(e.getMessage() + " (read " + attempt + " times)", e);
                }
                try {
                    Thread.sleep(FIRST_PAUSE.toMillis() << (attempt - 1));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
