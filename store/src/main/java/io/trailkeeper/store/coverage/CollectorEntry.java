package io.trailkeeper.store.coverage;

import io.trailkeeper.events.Coverage;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

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
    /** The entry as a few words: {@code lookup complete (run 3)}, or {@code s3 denied 2026-11-17 (run 3)}. */
    String label() {
        String days = status == Coverage.Status.COMPLETE || from == null || to == null ? "" : " " + days();
        return collector + " " + status.label() + days + " (run " + runId + ")";
    }

    /**
     * The UTC days of the window, {@code 2026-11-17} or {@code 2026-11-17..2026-11-19}; a window ending exactly
     * at midnight ends with the day before. Both ends must be known.
     */
    String days() {
        LocalDate first = LocalDate.ofInstant(from, ZoneOffset.UTC);
        LocalDate last = lastDay();
        return first.equals(last) ? first.toString() : first + ".." + last;
    }

    /**
     * The UTC day the window ends with: a window ending exactly at midnight (after it starts) ends with the day
     * before, since it only touches the next one. Its end must be known.
     */
    LocalDate lastDay() {
        boolean midnight = to.equals(LocalDate.ofInstant(to, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant());
        return LocalDate.ofInstant(midnight && from != null && from.isBefore(to) ? to.minusNanos(1) : to,
                ZoneOffset.UTC);
    }

    /**
     * Whether the collector could not read (all or part of) its window: denied, throttled or failed. Not a region
     * not enabled (nothing to read), nor the event history's 90 days (the days before them are said as such).
     */
    boolean couldNotRead() {
        return status == Coverage.Status.DENIED || status == Coverage.Status.THROTTLED
                || status == Coverage.Status.FAILED;
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
