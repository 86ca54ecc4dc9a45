package io.trailkeeper.integrity;

/**
 * What checking one digest or log file found. Only {@link #VALID}, {@link #CHAIN_RESTARTED} and {@link #CHAIN_ENDS}
 * are not failures.
 */
public enum Verdict {
    /** Digest: signature good, in its chain. Log: present, its content's SHA-256 as the digest lists it. */
    VALID("valid", false),
    /** A log file whose uncompressed content's SHA-256 differs from its digest's hashValue (or is not gzip). */
    LOG_MODIFIED("log file modified", true),
    /** A log file a digest lists that is not there. */
    LOG_MISSING("log file missing", true),
    /** A log file in the checked days that no digest lists (inserted after delivery). */
    LOG_NOT_IN_DIGEST("log file listed in no digest", true),
    /** The digest's signature (metadata {@code signature}) does not verify, or is absent. */
    DIGEST_SIGNATURE_INVALID("digest signature invalid", true),
    /**
     * A digest that should be there is not: one a later digest's previousDigestS3Object names, or an hour of the
     * chain with no digest; also a previous-digest link that points elsewhere than the digest before it (the
     * reason says which).
     */
    DIGEST_MISSING("digest missing", true),
    /** A digest that cannot be read as one (not gzip, not JSON, fields missing) or has been moved from its key. */
    DIGEST_INVALID("digest invalid", true),
    /**
     * No public key with the digest's fingerprint among those published for its time (none at all, or one whose
     * validity does not meet the digest's time): the signature cannot be checked. A failure that counts as invalid,
     * as the AWS CLI counts it: a digest re-signed with a key CloudTrail did not use then looks just so (the reason
     * names the other cause, keys of another region, partition or endpoint, and how to check).
     */
    PUBLIC_KEY_NOT_FOUND("public key not found", true),
    /**
     * The public keys of the digest's region could not be fetched (ListPublicKeys failed there): the signature
     * cannot be checked; not verified, not evidence of tampering.
     */
    KEY_UNAVAILABLE("key unavailable", true),
    /**
     * A digest or log file that is listed but could not be read (access denied, a network failure): not verified,
     * so the answer cannot be valid; not evidence of tampering either, and named as what it is.
     */
    NOT_READ("could not be read", true),
    /**
     * Nothing proves the file either way: a log file no verified digest lists where no verified digest covers its
     * time (a region without digests, digests deleted, a digest that did not verify lists it), or a digest whose
     * signature could not be checked (no signature at all). Never valid; not called tampering.
     */
    NOT_VERIFIED("not verified", true),
    /**
     * A digest with no previous digest after a gap: logging or validation was stopped and started again (CloudTrail
     * documents this). Not a failure by itself; the report names the gap.
     */
    CHAIN_RESTARTED("chain restarted", false),
    /**
     * A chain whose last digest is followed by no digest up to the period's end: logging was stopped, the trail
     * deleted or its validation turned off then (CloudTrail delivers a final digest), or the later digests were
     * deleted. A warning, not a failure by itself (a stop of logging is an event to look for): the log files of the
     * period after it are not verified, as no digest vouches for them.
     */
    CHAIN_ENDS("chain ends", false);

    private final String label;
    private final boolean failure;

    Verdict(String label, boolean failure) {
        this.label = label;
        this.failure = failure;
    }

    public String label() {
        return label;
    }

    public boolean failure() {
        return failure;
    }

    /**
     * A failure that is no evidence of tampering: the file could not be checked (not read, its region's keys not
     * fetched, or nothing vouches for it either way). The others that fail are: a file altered, deleted, inserted or
     * moved, or a digest signed with a key not published for its time ({@link #PUBLIC_KEY_NOT_FOUND}, as the AWS CLI
     * has it: INVALID).
     */
    public boolean couldNotCheck() {
        return this == NOT_READ || this == NOT_VERIFIED || this == KEY_UNAVAILABLE;
    }
}
