package io.trailkeeper.emulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * CloudTrail's LookupEvents limit: a number of calls per second per region and account, shared by every
 * caller. One token bucket per region, holding at most one second's worth of calls (at least one), refilled
 * continuously: a burst of {@code rate} calls passes, the next waits for a refill, as a collector pacing itself
 * at the documented rate never notices and one that does not gets ThrottlingException.
 *
 * <p>Buckets run on a monotonic time source, never on the scenario's clock, which may stand still.
 */
final class Throttle {
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile double ratePerSecond;

    Throttle(double ratePerSecond, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        rate(ratePerSecond);
    }

    /** Changes the rate; 0 turns throttling off. Buckets start again full. */
    void rate(double perSecond) {
        if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("the rate must be 0 (no limit) or a positive number, was " + perSecond);
        }
        this.ratePerSecond = perSecond;
        buckets.clear();
    }

    double rate() {
        return ratePerSecond;
    }

    /** Takes a token from the region's bucket; false means the call is to be throttled. */
    boolean tryAcquire(String region) {
        double rate = ratePerSecond;
        if (rate == 0) {
            return true;
        }
        return buckets.computeIfAbsent(region, r -> new Bucket(Math.max(1.0, rate), nanoTime.getAsLong()))
                .take(rate, nanoTime.getAsLong());
    }

    private static final class Bucket {
        private final double capacity;
        private double tokens;
        private long last;

        Bucket(double capacity, long now) {
            this.capacity = capacity;
            this.tokens = capacity;
            this.last = now;
        }

        synchronized boolean take(double rate, long now) {
            tokens = Math.min(capacity, tokens + (now - last) / 1e9 * rate);
            last = now;
            if (tokens >= 1.0) {
                tokens -= 1.0;
                return true;
            }
            return false;
        }
    }
}
