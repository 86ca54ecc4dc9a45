package io.trailkeeper.events;

import java.time.Instant;
import java.util.Objects;

/**
 * What a collector could see, per region (or S3 prefix) and time window. "Nothing found" and "could not
 * look" are never the same thing: every window a collector was asked for ends up here with its status.
 *
 * @param collector which collector: {@code lookup} (event history) or {@code s3} (a trail's bucket)
 * @param account   the account the window belongs to, or null when unknown
 * @param region    the region, or null for a scope that is not a region
 * @param scope     what was read: a region's event history, or {@code s3://bucket/prefix}
 * @param from      start of the window (inclusive), or null when not bounded
 * @param to        end of the window (inclusive), or null when not bounded
 * @param reason    why the window is not complete, in words; empty when complete
 */
public record Coverage(String collector, String account, String region, String scope, Instant from, Instant to,
                       Status status, String reason) {
    public Coverage {
        Objects.requireNonNull(collector, "collector");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(status, "status");
        reason = reason == null ? "" : reason;
    }

    /** How much of a window was seen. */
    public enum Status {
        /** Everything in the window was read. */
        COMPLETE("complete"),
        /** Only part of the window was read (stopped early, or the source holds less, e.g. the 90-day limit). */
        TRUNCATED("truncated"),
        /** The credentials may not read it (AccessDenied). */
        DENIED("denied"),
        /** The API kept refusing with throttling until the collector gave up. */
        THROTTLED("throttled"),
        /** An opt-in region that the account has not enabled. */
        NOT_ENABLED("not-enabled"),
        /** Failed for another reason (network, server errors): the reason says which. */
        FAILED("failed");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The status named by {@link #label()}. */
        public static Status ofLabel(String label) {
            for (Status s : values()) {
                if (s.label.equals(label)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown coverage status " + label);
        }
    }

    public boolean complete() {
        return status == Status.COMPLETE;
    }
}
