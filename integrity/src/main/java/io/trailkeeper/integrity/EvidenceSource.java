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

    /** The object, or null when there is none (deleted, never there). IOException when it could not be read. */
    StoredObject read(String bucket, String key) throws IOException;

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
