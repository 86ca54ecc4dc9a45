package io.trailkeeper.emulator;

import java.time.Instant;
import java.util.Objects;

/**
 * A fault a test sets in {@link EmulatorConfig}: LookupEvents in {@code region} answers AccessDeniedException to
 * any request whose time range reaches into [{@code from}, {@code to}], as an identity policy denying the
 * responder's role a period of the history would, while the rest of the region's history reads as usual.
 */
public record LookupRefusal(String region, Instant from, Instant to) {
    public LookupRefusal {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("a refused window starts before it ends: " + from + " > " + to);
        }
    }

    /** Whether a request of {@code region} for [lower, upper] reaches into the refused window. */
    boolean refuses(String requestRegion, Instant lower, Instant upper) {
        return region.equals(requestRegion) && !lower.isAfter(to) && !upper.isBefore(from);
    }
}
