package io.trailkeeper.integrity;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Checks log files against the verified digests listing them: present, gzip, and the SHA-256 of the uncompressed
 * content as listed; the log files only a digest that did not verify lists are not verified; and flags log files
 * that no digest lists. Each log file is checked once, with its stored and content
 * SHA-256 recorded for the manifest.
 */
final class LogChecker {
    private static final String VALID = "content SHA-256 as listed";
    private final EvidenceSource source;
    private final Map<String, FileCheck> checks = new LinkedHashMap<>();

    LogChecker(EvidenceSource source) {
        this.source = source;
    }

    Map<String, FileCheck> checks() {
        return checks;
    }

    /** Checks every log file a verified digest lists. */
    void listedBy(DigestFile digest) {
        // one reason text for the digest's valid log files, not one each: a month's report holds them all
        String by = " (listed by " + digest.name.key() + ")";
        String valid = VALID + by;
        for (DigestFile.ListedLog log : digest.logs) {
            checks.computeIfAbsent(log.path(), k -> listed(log, by, valid));
        }
    }

    /**
     * The log files a digest that did not verify lists, that no verified digest lists: not verified, whatever their
     * content (AWS: only the log files of a valid digest are validated); the reason says what was found.
     */
    void listedOnlyBy(DigestFile digest, Set<String> vouched) {
        for (DigestFile.ListedLog log : digest.logs) {
            String bucket = log.bucket();
            String key = log.key();
            if (vouched.contains(log.path()) || checks.containsKey(log.path())) {
                continue;
            }
            FileCheck found = listed(log, "", VALID);
            checks.put(log.path(), check(bucket, key, Verdict.NOT_VERIFIED, "not verified: listed only by "
                    + digest.name.key() + ", a digest that did not verify (" + digest.check().verdict().label()
                    + "); against its list: " + found.reason(), found.storedSha256(), found.contentSha256()));
        }
    }

    private FileCheck listed(DigestFile.ListedLog log, String by, String valid) {
        String bucket = log.bucket();
        String key = log.key();
        StoredBytes.Hashes hashes;
        try {
            hashes = hashes(bucket, key);
            if (hashes == null) {
                return check(bucket, key, Verdict.LOG_MISSING, "not there" + by + log.events(), null, null);
            }
        } catch (ObjectTooLarge e) {
            return check(bucket, key, Verdict.LOG_MODIFIED, StoredBytes.tooLarge("log file", e) + by + log.events(),
                    null, null);
        } catch (IOException e) {
            return check(bucket, key, Verdict.NOT_READ, "could not be read: " + e.getMessage() + by, null, null);
        }
        String content = hashes.content();
        if (content == null) {
            return check(bucket, key, Verdict.LOG_MODIFIED, "not gzip: " + hashes.notGzip() + by + log.events(),
                    hashes.stored(), null);
        }
        String decoded = hashes.decoded() ? "; " + StoredBytes.SERVED_DECODED : "";
        if (!content.equalsIgnoreCase(log.hashValue())) {
            return check(bucket, key, Verdict.LOG_MODIFIED, "content SHA-256 " + content + ", the digest lists "
                    + StoredBytes.clip(log.hashValue()) + by + log.events() + decoded, hashes.stored(), content);
        }
        return check(bucket, key, Verdict.VALID, valid + decoded, hashes.stored(), content);
    }

    /** Both SHA-256s of a log file read as a stream, read again when the transfer failed in passing; null: not there. */
    private StoredBytes.Hashes hashes(String bucket, String key) throws IOException {
        return ObjectReads.read(source, bucket, key, StoredBytes.MAX_LOG,
                object -> object == null ? null : StoredBytes.hashes(object.bytes()));
    }

    boolean checked(String bucket, String key) {
        return checks.containsKey(bucket + "/" + key);
    }

    /**
     * A log file no verified digest lists, that nothing proves either way ({@link Verdict#NOT_VERIFIED}, or
     * {@link Verdict#NOT_READ} when the digest of its hour could not be read).
     */
    void notVerified(String bucket, String key, Verdict verdict, String why) {
        checks.put(bucket + "/" + key, check(bucket, key, verdict, why, null, null));
    }

    /** A file in a log folder that no digest lists; {@code why} says why it is suspect. */
    void unlisted(String bucket, String key, String why) {
        String stored = null;
        String content = null;
        String read = "";
        try {
            StoredBytes.Hashes hashes = hashes(bucket, key);
            if (hashes != null) {
                stored = hashes.stored();
                content = hashes.content();
                read = content == null ? " (and it could not be read as gzip: " + hashes.notGzip() + ")" : "";
            }
        } catch (ObjectTooLarge e) {
            read = "; " + StoredBytes.tooLarge("log file", e);
        } catch (IOException e) {
            read = " (and it could not be read: " + e.getMessage() + ")";
        }
        checks.put(bucket + "/" + key, check(bucket, key, Verdict.LOG_NOT_IN_DIGEST, why + read, stored, content));
    }

    private static FileCheck check(String bucket, String key, Verdict verdict, String reason, String stored,
                                   String content) {
        LogName name = LogName.parse(key);
        return new FileCheck("log", bucket, key, name == null ? null : name.account(),
                name == null ? null : name.region(), name == null ? null : name.time(), verdict, reason, stored, content);
    }
}
