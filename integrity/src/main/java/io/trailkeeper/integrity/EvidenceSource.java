package io.trailkeeper.integrity;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Where digest and log files are read from: a bucket in S3 (module aws) or an evidence folder written by
 * {@code collect s3 --keep-raw} ({@link EvidenceFolder}). The verifier finds accounts, regions and days by
 * listing folders, as a user would in the S3 console, so that a bucket of millions of log files is never listed
 * whole.
 */
public interface EvidenceSource {
    /** For messages: {@code s3://bucket/prefix} or {@code evidence folder DIR}. */
    String describe();

    /**
     * The sub-folders directly below {@code prefix} (which ends with '/' or is empty), each as its full prefix
     * ending with '/': S3's common prefixes with delimiter '/'. Sorted.
     */
    List<String> folders(String bucket, String prefix) throws IOException;

    /** The keys of the objects directly in or below {@code prefix}, sorted. */
    List<String> keys(String bucket, String prefix) throws IOException;

    /**
     * The object opened for reading, or null when there is none (deleted, never there). Its size (a file's size,
     * S3's Content-Length) is looked at before a byte is read: an object larger than {@code limit} is refused with
     * {@link ObjectTooLarge}, unread, and the stream fails past {@code limit} bytes. Anyone who can write to the
     * bucket can put a multi-GB object in a log or digest folder; that must cost neither the heap nor the run.
     * IOException when it could not be read.
     */
    OpenedObject open(String bucket, String key, long limit) throws IOException;

    /**
     * The object's bytes whole (at most {@code limit} of them, else {@link ObjectTooLarge}), or null as for open;
     * read again while {@link #worthRetrying} says so, a few times.
     */
    default StoredObject read(String bucket, String key, long limit) throws IOException {
        return ObjectReads.read(this, bucket, key, limit, object -> object == null ? null
                : new StoredObject(bucket, key, object.bytes().readAllBytes(), object.metadata()));
    }

    /**
     * Whether a failure to open or read an object may pass when it is read again from the start (a transfer that
     * broke off, a connection reset, throttling): the verifier then reads it again, a few times with a pause, before
     * calling it not read. False by default (a file on disk that cannot be read will not be read a second later).
     */
    default boolean worthRetrying(IOException failure) {
        return false;
    }

    /** The object's bytes whole, up to the most a stored digest could be ({@link StoredBytes#MAX_STORED_DIGEST}). */
    default StoredObject read(String bucket, String key) throws IOException {
        return read(bucket, key, StoredBytes.MAX_STORED_DIGEST);
    }

    /**
     * What the source noticed while listing that a report should say (files it skipped and why, such as an evidence
     * folder's earlier copies of a replaced object). Empty by default.
     */
    default List<String> notes() {
        return List.of();
    }

    /**
     * Whether this is a copy taken at some time (an evidence folder) rather than the bucket itself: nothing written
     * to the bucket after the copy can be in it, so the verifier expects digests up to the copy's time, not now.
     */
    default boolean copy() {
        return false;
    }

    /** For a copy, the latest time an object read so far was retrieved from S3 (its metadata says), or null. */
    default Instant retrievedUntil() {
        return null;
    }
}
