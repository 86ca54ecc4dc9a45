package io.trailkeeper.aws;

import java.time.Duration;

/**
 * Spaces one region's requests evenly at a rate (LookupEvents allows 2 per second per account and region).
 * Requests start on a schedule rather than after each answer, so a slow answer does not lower the rate; the
 * schedule never runs ahead to make up for a pause (no bursts after a stall), and a throttled answer pushes
 * it back.
 */
final class Pacer {
    private final long intervalNanos;
    private long next;

    Pacer(double perSecond) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("the rate must be positive, was " + perSecond);
        }
        this.intervalNanos = (long) (1_000_000_000L / perSecond);
        this.next = System.nanoTime();
    }

    /** Waits for the next slot. */
    void acquire() throws InterruptedException {
        long now = System.nanoTime();
        long wait = next - now;
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            now = next;
        }
        next = Math.max(now, next) + intervalNanos;
    }

    /** Delays the next slot by at least {@code d} (after throttling or an error). */
    void backOff(Duration d) {
        next = Math.max(next, System.nanoTime() + d.toNanos());
    }
}
