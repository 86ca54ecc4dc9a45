package io.trailkeeper.store.coverage;

import io.trailkeeper.events.Coverage;
import java.time.Instant;

/**
 * One entry of the store's {@code coverage} table: what a collector run could or could not read of a region's
 * event history or an S3 prefix, and the command that ran it.
 *
 * @param runId     the run ({@code ingest_runs})
 * @param command   the command of the run ({@code collect lookup}, {@code collect s3}, {@code watch lookup}...)
 * @param collector {@code lookup} or {@code s3}
 * @param region    the region, or null for a scope that is not one region (an account's folder in a bucket)
 * @param scope     what was read: {@code event history eu-west-1} or {@code s3://bucket/prefix}
 * @param from      start of the window, or null when unbounded
 * @param to        end of the window, or null when unbounded
 */
public record CollectorEntry(long runId, String command, String collector, String region, String scope, Instant from,
                             Instant to, Coverage.Status status, String reason) {
    /** The entry as a few words: {@code lookup throttled (run 3)}. */
    String label() {
        return collector + " " + status.label() + " (run " + runId + ")";
    }

    /** Whether the window reaches into [since, until] (null bounds are open). */
    boolean overlaps(Instant since, Instant until) {
        return (since == null || to == null || !to.isBefore(since)) && (until == null || from == null
                || !from.isAfter(until));
    }

    /** What was read, as people say it: {@code the event history of eu-west-1}, or the S3 scope. */
    String what() {
        if ("lookup".equals(collector) && region != null) {
            return "the event history of " + region + (scope.endsWith("(Insights)") ? " (Insights)" : "");
        }
        return scope;
    }

    /** How the window ended, as a past participle: {@code throttled}, {@code denied}... */
    String outcome() {
        return switch (status) {
            case COMPLETE -> "read completely";
            case TRUNCATED -> "read only in part";
            case DENIED -> "denied";
            case THROTTLED -> "throttled";
            case NOT_ENABLED -> "not enabled";
            case FAILED -> "not read (failed)";
        };
    }
}
