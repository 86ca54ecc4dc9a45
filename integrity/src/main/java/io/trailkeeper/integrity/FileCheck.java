package io.trailkeeper.integrity;

import java.time.Instant;

/**
 * The verdict on one file (or, for an hour without a digest, on the digest that should exist).
 *
 * @param kind          "digest" or "log"
 * @param bucket        the bucket (as the digest names it)
 * @param key           the object key; for a missing digest, the key expected (or named by the next digest)
 * @param account       the account the file belongs to (from its key)
 * @param region        the region the file belongs to (from its key)
 * @param time          a digest's end time; a log file's time in its name
 * @param verdict       the verdict
 * @param reason        the verdict in words, naming what differs (expected and found hash, the key a link names)
 * @param storedSha256  SHA-256 (hex) of the bytes as stored (the .json.gz), null when the file is missing: the
 *                      chain-of-custody manifest
 * @param contentSha256 SHA-256 (hex) of the uncompressed content (what digests list), null when not readable
 */
public record FileCheck(String kind, String bucket, String key, String account, String region, Instant time,
                        Verdict verdict, String reason, String storedSha256, String contentSha256) {
}
