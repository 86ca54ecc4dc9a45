package io.trailkeeper.integrity;

import java.time.Instant;

/**
 * Whether the key a digest names was in use for the digest's time. AWS documents the check ("custom
 * implementations of log file integrity validation"): get the public keys for the digest's time range from
 * ListPublicKeys, then the one whose fingerprint the digest names. A key whose validity (ValidityStartTime to
 * ValidityEndTime) does not meet that range is not among them: "public key not found", as the AWS CLI says. So a
 * retired key, whose private half may since have leaked, cannot vouch for a digest of a later time, nor a new key for
 * one of before it.
 */
final class KeyWindow {
    private KeyWindow() {
    }

    /**
     * Why {@code d}'s key was not in use for its time, or null when it was (or its validity is not known). CloudTrail
     * signs a digest when it delivers it, up to an hour after its end ({@link VerifyPeriod#LATE}): a key whose
     * validity begins in that hour may have signed it. A backfill digest is signed when it is made, later still (AWS
     * documents no bound): only a key that ended before its range began could not have signed it.
     */
    static String outside(DigestFile d) {
        Instant from = d.key.validityStart();
        Instant to = d.key.validityEnd();
        Instant start = d.startTime();
        Instant end = d.time();
        boolean endedBefore = to != null && to.isBefore(start);
        boolean startedAfter = from != null && !d.name.backfill() && from.isAfter(end.plus(VerifyPeriod.LATE));
        if (!endedBefore && !startedAfter) {
            return null;
        }
        return "public key not found for the digest's time: key " + d.key.fingerprint() + " is valid from " + from
                + " to " + to + ", and the digest covers " + start + " to " + end + " (signed when delivered, up to"
                + " an hour later), so ListPublicKeys for that time does not return it and the signature is not"
                + " checked; the AWS CLI counts it INVALID. CloudTrail signs with the key in use then: the digest was"
                + " re-signed with a key " + (endedBefore ? "retired before it" : "not yet in use") + ", or the keys'"
                + " validity times were altered (a keys file). Check: " + command(d);
    }

    /** The AWS CLI command that lists the keys CloudTrail published for the digest's time, in its region. */
    static String command(DigestFile d) {
        return "aws cloudtrail list-public-keys --region " + d.name.region() + " --start-time " + d.startTime()
                + " --end-time " + d.time() + " (the digest's region; its partition's credentials)";
    }
}
