package io.trailkeeper.integrity;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hours of a chain without a digest, as {@link ChainLinker} found its digests and the digests they name: an hour
 * between two digests with none is a missing digest; no digest after the chain's last one up to the period's end is
 * the chain's end (logging stopped, the trail deleted or its validation turned off, or the later digests deleted),
 * unless its trail went on elsewhere ({@link TrailGoesOn}). Told into the linker's lists of missing digests, other
 * findings and notes.
 */
final class ChainGaps {
    private static final int MAX_MISSING = 100;
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy/MM/dd/").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HH").withZone(ZoneOffset.UTC);

    private final Map<String, DigestFile> loaded;
    private final VerifyPeriod period;
    private final List<FileCheck> missing;
    private final List<FileCheck> findings;
    private final List<String> notes;

    ChainGaps(Map<String, DigestFile> loaded, VerifyPeriod period, List<FileCheck> missing, List<FileCheck> findings,
              List<String> notes) {
        this.loaded = loaded;
        this.period = period;
        this.missing = missing;
        this.findings = findings;
        this.notes = notes;
    }

    /** Hours without a digest between two of the chain; no digest after its last one up to the range's end. */
    void find(DigestFile first, TreeMap<Instant, Boolean> timeline) {
        Instant previous = null;
        int reported = 0;
        for (Map.Entry<Instant, Boolean> e : timeline.entrySet()) {
            if (previous != null && !e.getValue()) {
                // between two digests, an hour is missing up to the digest listing the period's last log files
                reported += missingHours(first, previous, e.getKey(), "between digests ending " + previous
                        + " and " + e.getKey(), reported);
            }
            previous = e.getKey();
        }
        if (previous != null && Duration.between(previous, period.expectedUntil()).compareTo(ChainLinker.GAP) > 0) {
            ends(first, previous);
        }
    }

    /**
     * The chain's last digest, ending at {@code last}, is followed by no digest up to the period's end: CloudTrail
     * delivers a final digest when logging is stopped or the trail deleted, so this is the chain's end, not hours of
     * missing digests (a gap between two digests is). A warning of its own: a stop of logging matters to an incident.
     */
    private void ends(DigestFile first, Instant last) {
        DigestName chain = first.name;
        Instant next = last.plus(Duration.ofHours(1));
        String key = hourKey(chain, next);
        DigestFile goesOn = TrailGoesOn.elsewhere(chain, last, loaded.values());
        String ended = "the last digest of " + chain.describeChain() + " ends at " + last + "; no digest after it up to "
                + period.expectedUntil();
        if (goesOn != null && TrailGoesOn.homeRegion(chain)) {
            String reason = "deleted: " + ended + ", while the same trail went on delivering signed digests in "
                    + goesOn.name.region() + " until " + goesOn.time() + " (" + goesOn.name.key() + "): stopping"
                    + " logging, deleting the trail or turning validation off stop every region, and a trail made"
                    + " single-region keeps its home region, so this region's later digests were deleted; log files"
                    + " after it, if any, are not verified";
            findings.add(new FileCheck("digest", first.bucket, key, chain.account(), chain.region(), next,
                    Verdict.DIGEST_MISSING, reason, null, null));
            return;
        }
        String reason = ended + (goesOn == null ? ": logging was stopped, the trail deleted or its validation turned"
                + " off then, or the later digests were deleted" : ", while the same trail went on delivering signed"
                + " digests in " + goesOn.name.region() + " until " + goesOn.time() + ", so it was not stopped, deleted"
                + " or its validation turned off then: the trail was made single-region (UpdateTrail), or this"
                + " region's later digests were deleted") + "; log files after it, if any, are not verified. Look for"
                + " StopLogging, DeleteTrail and UpdateTrail in the events (trailkeeper query --event-name"
                + " StopLogging,DeleteTrail,UpdateTrail)";
        findings.add(new FileCheck("digest", first.bucket, key, chain.account(), chain.region(), next,
                Verdict.CHAIN_ENDS, reason, null, null));
        notes.add("chain ends: " + reason);
    }

    /** The hours after {@code after} and before {@code before}, of the period's digests, as missing digests. */
    private int missingHours(DigestFile first, Instant after, Instant before, String where, int reported) {
        DigestName chain = first.name;
        int count = 0;
        for (Instant t = after.plus(Duration.ofHours(1)); Duration.between(t, before).compareTo(Duration.ofMinutes(30)) > 0;
             t = t.plus(Duration.ofHours(1))) {
            if (!period.digestOf(t)) {
                continue;
            }
            if (reported + count == MAX_MISSING) {
                notes.add("more than " + MAX_MISSING + " hours without a digest in " + chain.describeChain()
                        + "; only the first " + MAX_MISSING + " are listed");
            }
            if (reported + count >= MAX_MISSING) {
                count++;
                continue;
            }
            missing.add(new FileCheck("digest", first.bucket, hourKey(chain, t), chain.account(), chain.region(), t,
                    Verdict.DIGEST_MISSING, "no digest for the hour ending about " + t + " " + where, null, null));
            count++;
        }
        return count;
    }

    /** The key pattern of the chain's digest for the hour ending about {@code t} (the seconds unknown). */
    private static String hourKey(DigestName chain, Instant t) {
        return chain.root() + "CloudTrail-Digest/" + chain.region() + "/" + HOUR.format(t) + chain.account()
                + "_CloudTrail-Digest_" + chain.region() + "_" + chain.trail() + "_" + chain.homeRegion() + "_"
                + STAMP.format(t) + "*.json.gz";
    }
}
