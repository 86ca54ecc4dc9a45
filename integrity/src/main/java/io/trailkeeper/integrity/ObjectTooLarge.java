package io.trailkeeper.integrity;

import java.io.IOException;

/**
 * An object refused because it is larger than any CloudTrail file of its kind could be ({@link StoredBytes#MAX_LOG},
 * {@link StoredBytes#MAX_STORED_DIGEST}): told by its size before it is read, or when reading it went past the limit
 * (it grew since). Its bytes are not read, so an object planted to exhaust the heap or the run ends nothing else.
 */
public final class ObjectTooLarge extends IOException {
    private final long size;

    /** {@code size} is the object's size in bytes as the source tells it (its file size, S3's Content-Length). */
    public ObjectTooLarge(String where, long size, long limit) {
        super(where + " is " + size + " bytes, over the " + limit + "-byte limit; not read");
        this.size = size;
    }

    /** The object's size in bytes (at least the limit plus one when it grew while read). */
    public long size() {
        return size;
    }
}
