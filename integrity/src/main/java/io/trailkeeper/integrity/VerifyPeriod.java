package io.trailkeeper.integrity;

import java.time.Duration;
import java.time.Instant;

/**
 * The period one verify proves, as of a time.
 *
 * @param since      the period's start
 * @param until      the period's end: --until, or (without it) now, or when a copy of the bucket was taken
 * @param reach      the end of the digests checked: an hour after until, as the digest after the period lists the
 *                   log files of its last hour (the AWS CLI adds the same hour)
 * @param basis      when the evidence is as of: now for the bucket itself, the copy's time for a copy
 * @param untilGiven whether --until was given (without it, log files no digest covers yet are left out, noted)
 */
record VerifyPeriod(Instant since, Instant until, Instant reach, Instant basis, boolean untilGiven) {
    /** Digests are delivered up to about an hour after they end. */
    static final Duration LATE = Duration.ofHours(1);

    /** The end of the digests expected to be there: until, but none that may not be delivered yet at basis. */
    Instant expectedUntil() {
        Instant delivered = basis.minus(LATE);
        return until.isBefore(delivered) ? until : delivered;
    }

    /** Log files written after this may have no digest yet: theirs ends up to an hour later, delivered up to an hour late. */
    Instant dueBy() {
        return basis.minus(LATE).minus(LATE);
    }

    /** Whether a digest ending at {@code end} is one of the period's. */
    boolean digestOf(Instant end) {
        return !end.isBefore(since) && !end.isAfter(reach);
    }

    /** Whether a log file written at {@code t} is of the period. */
    boolean contains(Instant t) {
        return !t.isBefore(since) && !t.isAfter(until);
    }
}
