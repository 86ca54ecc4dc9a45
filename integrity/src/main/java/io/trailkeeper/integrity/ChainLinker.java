package io.trailkeeper.integrity;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks one chain of digests (one account folder, region, trail, home region; backfill digests form their own):
 * each digest's previousDigest* fields must name the digest just before it, with that digest's content hash and
 * signature; a digest the link names that is not there was deleted; a link to another digest is a broken link; no
 * previous digest is a restart, after a gap however short (CloudTrail documents it) or none (its signed content
 * says so: a deletion cannot make it); an hour of the chain with no digest is a missing digest; no digest after the chain's last one up
 * to the range's end is the chain's end (logging stopped, the trail deleted, or the later digests deleted): those two
 * are {@link ChainGaps}'. Backfill chains are sporadic: only their links are checked.
 */
final class ChainLinker {
    /** Digests end about an hour apart; more than this between two means at least one is missing. */
    static final Duration GAP = Duration.ofMinutes(90);

    private final EvidenceSource source;
    private final Map<String, DigestFile> loaded;
    private final VerifyPeriod period;
    final List<FileCheck> missing = new ArrayList<>();
    /** Findings that are no missing digest whose hour's log files it would explain: the ends of chains. */
    final List<FileCheck> findings = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    /** The hours without a digest and the ends of the chains, told into the same lists. */
    private final ChainGaps gaps;

    ChainLinker(EvidenceSource source, Map<String, DigestFile> loaded, VerifyPeriod period) {
        this.source = source;
        this.loaded = loaded;
        this.period = period;
        this.gaps = new ChainGaps(loaded, period, missing, findings, notes);
    }

    /** Checks the chain (sorted by time); sets the digests' link verdicts and collects missing digests. */
    void link(List<DigestFile> chain) {
        TreeMap<Instant, Boolean> timeline = new TreeMap<>();
        DigestFile before = null;
        for (DigestFile d : chain) {
            if (d.moved) {
                continue;
            }
            timeline.putIfAbsent(d.time(), false);
            if (d.json != null && d.signatureValid) {
                Instant named = link(d, before);
                if (named != null) {
                    timeline.putIfAbsent(named, false);
                }
                // a restart, or a link to a digest in another bucket (the trail was moved): no hours missing before it
                if (d.check().verdict() == Verdict.CHAIN_RESTARTED || elsewhere(d)) {
                    timeline.put(d.time(), true);
                }
            }
            before = d;
        }
        // hours without a digest are expected only of a chain with a verified digest (not of files forged by hand)
        if (!chain.get(0).name.backfill() && chain.stream().anyMatch(d -> d.signatureValid)) {
            gaps.find(chain.get(0), timeline);
        }
    }

    /** Checks d's link to the digest before it; returns the time of a deleted digest it names, or null. */
    private Instant link(DigestFile d, DigestFile before) {
        String key = d.text("previousDigestS3Object");
        String bucket = d.text("previousDigestS3Bucket");
        if (d.text("previousDigestSignature") == null || key == null) {
            restart(d, before);
            return null;
        }
        if (before != null && key.equals(before.name.key()) && d.bucket.equals(bucket)) {
            sameContent(d, before);
            return null;
        }
        DigestFile named = bucket != null && bucket.equals(d.bucket) ? loaded.get(key) : null;
        DigestName namedName = DigestName.parse(key);
        String namedContent;
        try {
            namedContent = named != null ? named.contentSha256 : contentSha256(bucket, key);
        } catch (IOException e) {
            notRead(d, bucket, key, namedName, e);
            return null;
        }
        boolean present = named != null || namedContent != null;
        String unreadable = !present && elsewhere(d) ? unreadable(bucket) : null;
        if (unreadable != null) {
            // the trail was moved from that bucket, which is not in the evidence (or cannot be listed): not deleted
            notChecked(d, bucket, key, namedName, unreadable);
            return null;
        }
        if (!present) {
            boolean between = namedName != null && namedName.end().isBefore(d.time())
                    && (before == null || namedName.end().isAfter(before.time()));
            if (between) {
                // named by a digest of the period, or itself of the period (named by the first digest after it)
                if (ofPeriod(d, namedName)) {
                    missing.add(new FileCheck("digest", bucket, key, namedName.account(), namedName.region(),
                            namedName.end(), Verdict.DIGEST_MISSING, "deleted: " + d.name.key() + " names it as its "
                            + "previous digest (SHA-256 " + StoredBytes.clip(d.text("previousDigestHashValue"))
                            + ") and it is not there", null, null));
                }
                return namedName.end();
            }
            d.verdict(Verdict.DIGEST_MISSING, "broken link: its previous digest s3://" + StoredBytes.clip(bucket) + "/"
                    + StoredBytes.clip(key) + " is not there, and the digest before it is "
                    + (before == null ? "none" : before.name.key()));
        } else if (before == null || elsewhere(d)) {
            if (named != null) {
                sameContent(d, named);
            } else if (!namedContent.equalsIgnoreCase(String.valueOf(d.text("previousDigestHashValue")))) {
                d.verdict(Verdict.DIGEST_MISSING, "broken link: it records SHA-256 "
                        + StoredBytes.clip(d.text("previousDigestHashValue")) + " for its previous digest "
                        + StoredBytes.clip(key) + ", whose content hashes to " + namedContent);
            }
        } else {
            d.verdict(Verdict.DIGEST_MISSING, "broken link: its previous digest is s3://" + StoredBytes.clip(bucket) + "/"
                    + StoredBytes.clip(key) + ", but the digest before it is " + before.name.key());
        }
        return null;
    }

    private void restart(DigestFile d, DigestFile before) {
        if (before == null || d.name.backfill()) {
            d.verdict(Verdict.VALID, "signature verified with public key " + d.key.fingerprint()
                    + "; first digest of its chain (no previous digest: logging or validation started)");
        } else if (!d.startTime().isAfter(before.time())) {
            // no hour unaccounted for, and the empty link is CloudTrail's own: the signature covers the digest's
            // whole content, previousDigest* fields included, so a deletion cannot produce it
            d.verdict(Verdict.CHAIN_RESTARTED, "no previous digest, though it starts at " + d.startTime()
                    + ", where " + before.name.key() + " ends: CloudTrail started a new chain without a pause (its"
                    + " signed content names no previous digest; validation or logging was turned off and on)");
            notes.add("new chain in " + d.name.describeChain() + " at " + d.startTime() + ", without a gap: "
                    + d.name.key() + " names no previous digest (look for UpdateTrail, StopLogging and StartLogging"
                    + " then)");
        } else {
            // a gap, however short: StopLogging and StartLogging (or validation off and on) within the hour make
            // CloudTrail deliver a final digest and start a new chain when logging resumes; no hour is unaccounted for
            d.verdict(Verdict.CHAIN_RESTARTED, "no previous digest: the chain restarted after a gap from "
                    + before.time() + " to " + d.startTime() + " (logging or validation was stopped)");
            notes.add("gap in " + d.name.describeChain() + ": no digests from " + before.time() + " to "
                    + d.startTime() + ", after which the chain restarted: logging was stopped, the region taken out"
                    + " of the trail (made single-region), the trail deleted and made again or validation turned off"
                    + " then, so the trail's files may hold none of the region's events of that time; look for the"
                    + " call: `trailkeeper query --event-name StopLogging,StartLogging,UpdateTrail,DeleteTrail,"
                    + "CreateTrail --since " + before.time().minus(java.time.Duration
                    .ofHours(1)) + " --until " + d.startTime() + "`");
        }
    }

    /** d names {@code previous} correctly; its recorded hash and signature must be previous's. */
    private void sameContent(DigestFile d, DigestFile previous) {
        if (!previous.signatureValid) {
            // previous carries its own failure; what d recorded of it cannot be compared meaningfully
            if (d.inRange && !previous.inRange) {
                beforeThePeriod(d, previous);
            }
            return;
        }
        String hash = d.text("previousDigestHashValue");
        if (hash != null && !hash.equalsIgnoreCase(previous.contentSha256)) {
            d.verdict(Verdict.DIGEST_MISSING, "broken link: it records SHA-256 " + StoredBytes.clip(hash) + " for "
                    + previous.name.key() + ", whose content hashes to " + previous.contentSha256);
        } else if (!d.text("previousDigestSignature").equalsIgnoreCase(previous.signature.trim())) {
            d.verdict(Verdict.DIGEST_MISSING, "broken link: the previous signature it records is not the signature of "
                    + previous.name.key());
        }
    }

    /**
     * The previous digest of the period's first digest, itself before the period, did not verify: its own failure
     * is reported only for the digests of the period, so it is told here, as a deleted one would be. One that
     * could only not be checked, or whose key was not found (the keys are those of the period: one rotated out
     * before it is not among them), is a note.
     */
    private void beforeThePeriod(DigestFile d, DigestFile previous) {
        FileCheck own = previous.check();
        String named = "; " + d.name.key() + ", of the period, names it as its previous digest";
        if (own.verdict().couldNotCheck() || own.verdict() == Verdict.PUBLIC_KEY_NOT_FOUND) {
            notes.add("the previous digest of " + d.name.key() + ", " + previous.name.key() + " (before the period),"
                    + " was not verified: " + own.reason());
        } else if (!own.verdict().failure()) {
            return;
        } else if (findings.stream().noneMatch(f -> f.key().equals(own.key()))) {
            findings.add(new FileCheck(own.kind(), own.bucket(), own.key(), own.account(), own.region(), own.time(),
                    own.verdict(), own.reason() + named, own.storedSha256(), own.contentSha256()));
        }
    }

    /** The SHA-256 of a digest's content that was not loaded; null when it is not there. */
    private String contentSha256(String bucket, String key) throws IOException {
        if (bucket == null) {
            return null;
        }
        return ObjectReads.read(source, bucket, key, StoredBytes.MAX_STORED_DIGEST,
                object -> object == null ? null : StoredBytes.contentSha256(object.bytes()));
    }

    /** Whether d names its previous digest in another bucket than its own (the trail was moved to d's bucket). */
    private static boolean elsewhere(DigestFile d) {
        String bucket = d.text("previousDigestS3Bucket");
        return d.json != null && d.text("previousDigestS3Object") != null && bucket != null && !bucket.equals(d.bucket);
    }

    /** Why the source cannot show a bucket (listing it failed, or it holds nothing), or null when it can. */
    private String unreadable(String bucket) {
        try {
            if (!source.folders(bucket, "").isEmpty() || !source.keys(bucket, "").isEmpty()) {
                return null;
            }
        } catch (IOException e) {
            return "bucket " + bucket + " could not be listed: " + e.getMessage() + " (give read access to it, or"
                    + " collect it and verify the evidence folder)";
        }
        return source.copy() ? "the evidence folder holds no bucket " + bucket + " (collect that bucket too, or point"
                + " --evidence at a folder that holds it)" : "bucket " + bucket + " could not be listed (give read"
                + " access to it, or collect it and verify the evidence folder)";
    }

    /** The previous digest d names could not be read (there, though unreadable: not evidence of deletion). */
    private void notRead(DigestFile d, String bucket, String key, DigestName namedName, IOException e) {
        if (elsewhere(d)) {
            notChecked(d, bucket, key, namedName, "it could not be read: " + e.getMessage());
        } else if (ofPeriod(d, namedName)) {
            missing.add(previousCheck(d, bucket, key, namedName, Verdict.NOT_READ, "could not be read: "
                    + e.getMessage() + " (" + d.name.key() + " names it as its previous digest; its link is not"
                    + " verified)"));
        }
    }

    /** d names a previous digest in another bucket that could not be looked at: not verified, never deleted. */
    private void notChecked(DigestFile d, String bucket, String key, DigestName namedName, String why) {
        if (!ofPeriod(d, namedName)) {
            return;
        }
        findings.add(previousCheck(d, bucket, key, namedName, Verdict.NOT_VERIFIED, "previous digest in another"
                + " bucket, not checked: " + d.name.key() + " (bucket " + d.bucket + ") names s3://"
                + StoredBytes.clip(bucket) + "/" + StoredBytes.clip(key) + " as its previous digest (the trail delivered"
                + " to " + StoredBytes.clip(bucket) + " before); " + why));
        notes.add("the chain of " + d.name.describeChain() + " continues from bucket " + StoredBytes.clip(bucket)
                + " (the trail was moved to " + d.bucket + "): its digest before " + d.name.key() + " was not checked");
    }

    /** The finding on the previous digest d names, placed by its name (or, unnamed as a digest, as d). */
    private static FileCheck previousCheck(DigestFile d, String bucket, String key, DigestName namedName,
                                           Verdict verdict, String reason) {
        DigestName at = namedName == null ? d.name : namedName;
        return new FileCheck("digest", bucket, key, at.account(), at.region(), namedName == null ? null
                : namedName.end(), verdict, reason, null, null);
    }

    /** Whether a link of d concerns the period: d is of it, or the digest it names is. */
    private boolean ofPeriod(DigestFile d, DigestName namedName) {
        return d.inRange || namedName != null && period.digestOf(namedName.end());
    }
}
