package io.trailkeeper.integrity;

import java.util.Map;

/**
 * One object as it is stored: its bucket and key, its bytes exactly as stored (CloudTrail gzips logs and
 * digests), and its S3 user metadata with lower-case names and without the {@code x-amz-meta-} prefix (a digest's
 * {@code signature}, {@code signature-algorithm}, and a backfill digest's {@code backfill-generation-timestamp}).
 */
public record StoredObject(String bucket, String key, byte[] bytes, Map<String, String> metadata) {
    public StoredObject {
        metadata = Map.copyOf(metadata);
    }
}
