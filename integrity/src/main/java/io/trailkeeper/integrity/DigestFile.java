package io.trailkeeper.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * One digest as the verifier sees it: where it was found, what could be read of it, and its verdict so far. The
 * verdict is set once by the first failure found (reading, location, key, signature), and otherwise by the link to
 * the digest before it.
 */
final class DigestFile {
    final String bucket;
    final DigestName name;
    boolean inRange;
    String storedSha256;
    String contentSha256;
    /** The parsed content with the required fields present (its logFiles taken out into {@link #logs}), or null. */
    JsonNode json;
    /** The log files it lists, as it lists them (empty until the content is read). */
    List<ListedLog> logs = List.of();
    Instant start;
    Instant end;
    /** The signature metadata (or, without metadata, the next digest's record of it), whether or not it verified. */
    String signature;
    /** No metadata at all: the signature is to be taken from the next digest's previousDigestSignature. */
    boolean signatureFromNext;
    /** The digest whose previousDigestSignature gave the signature, or null (the object's metadata). */
    String signatureSource;
    /** Readable, in place, and its signature verified with a known key. */
    boolean signatureValid;
    DigestPublicKey key;
    /** Read as JSON, not gzip: served decoded ({@link StoredBytes#SERVED_DECODED}). */
    boolean servedDecoded;
    /** Says it was written elsewhere: no place in the chain here (its own place may be missing). */
    boolean moved;
    private Verdict verdict;
    private String reason;

    DigestFile(String bucket, DigestName name) {
        this.bucket = bucket;
        this.name = name;
    }

    /** Sets the verdict unless one was already set. */
    void verdict(Verdict verdict, String reason) {
        if (this.verdict == null) {
            this.verdict = verdict;
            this.reason = reason;
        }
    }

    boolean decided() {
        return verdict != null;
    }

    /** The end time: the content's digestEndTime when readable, else the one in the key. */
    Instant time() {
        return end != null ? end : name.end();
    }

    /** The start time: the content's digestStartTime when readable, else an hour before the key's time. */
    Instant startTime() {
        return start != null ? start : name.end().minusSeconds(3600);
    }

    /** A text field of the content, or null (absent, JSON null, or the content unreadable). */
    String text(String field) {
        JsonNode value = json == null ? null : json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** Whether it may vouch for the log files it lists: readable, in place, its signature verified. */
    boolean vouches() {
        return json != null && signatureValid && !moved;
    }

    String describe() {
        return "s3://" + bucket + "/" + name.key();
    }

    FileCheck check() {
        Verdict v = verdict == null ? Verdict.VALID : verdict;
        String r = reason != null ? reason
                : "signature verified with public key " + (key == null ? "?" : key.fingerprint())
                + (signatureSource == null ? "" : " (no metadata: the signature " + signatureSource + " records of it)")
                + (servedDecoded ? "; " + StoredBytes.SERVED_DECODED : "");
        return new FileCheck("digest", bucket, name.key(), name.account(), name.region(), time(), v, r,
                storedSha256, contentSha256);
    }

    /**
     * A log file as a digest lists it: only what is checked is kept, as a period's digests are all held at once
     * (a month of a busy trail lists hundreds of thousands of log files).
     *
     * @param path   {@code bucket/key}, as the verifier looks log files up
     * @param oldest the file's oldestEventTime as the digest lists it, epoch seconds, or {@link #NO_TIME}
     * @param newest its newestEventTime likewise
     */
    record ListedLog(String bucket, String path, String hashValue, long oldest, long newest) {
        static final long NO_TIME = Long.MIN_VALUE;

        String key() {
            return path.substring(bucket.length() + 1);
        }

        /**
         * The events the digest says the file held, for the reason of a file deleted or altered (what was lost, or
         * what to distrust): {@code "; the digest lists its events from T1 to T2"}, or "" when it lists no times.
         */
        String events() {
            if (oldest == NO_TIME || newest == NO_TIME) {
                return "";
            }
            return "; the digest lists its events from " + java.time.Instant.ofEpochSecond(oldest) + " to "
                    + java.time.Instant.ofEpochSecond(newest);
        }
    }
}
