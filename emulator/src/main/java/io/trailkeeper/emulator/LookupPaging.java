package io.trailkeeper.emulator;

/**
 * How LookupEvents pages. AWS pages as {@link #CORRECT} describes; the others are faults a test sets in
 * {@link EmulatorConfig} to prove that a collector facing a server that pages wrongly neither loops forever nor
 * claims a part of the window it has not read.
 */
public enum LookupPaging {
    /** As AWS: newest first, a new NextToken for each page, a token continues only the query that issued it. */
    CORRECT,
    /** Each continued page is answered with the NextToken it was asked with: a caller that follows it never ends. */
    REPEATED_TOKEN,
    /**
     * The NextTokens go round: the page after the second answers the first page's NextToken again (A, B, A, B...),
     * each answer a token other than the one asked with: a caller that only compares a token with the one it sent
     * never ends.
     */
    CYCLING_TOKENS,
    /** Every NextToken is refused with InvalidNextTokenException, as CloudTrail refuses an expired one. */
    REJECTED_TOKENS,
    /** Every second NextToken presented is refused, as tokens that expire while a caller pauses. */
    EXPIRING_TOKENS,
    /** Oldest first, against CloudTrail's documented order ("the most recent event is listed first"). */
    OLDEST_FIRST
}
