package io.trailkeeper.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * The failures the emulator injects, as shares of the calls they apply to: server errors (500
 * InternalFailure or 503 ServiceUnavailable), connection resets (no HTTP answer at all) and slow answers.
 * A collector has to survive all three against real AWS; tests and benchmarks use this to prove it does.
 *
 * <p>The choice per call comes from a random generator seeded with {@link #seed()}, so a run with the same
 * calls in the same order injects the same faults. Each call draws once: a reset with probability
 * {@code resetShare}, else a server error with probability {@code serverErrorShare}, else a slow answer
 * with probability {@code slowShare}; the shares may not add up to more than 1.
 *
 * @param serverErrorShare share of calls answered 500 or 503 (half each)
 * @param resetShare       share of calls whose connection is reset after the request is read
 * @param slowShare        share of calls answered only after {@code slowDelay}
 * @param slowDelay        how long a slow answer waits
 * @param scope            which calls faults apply to
 * @param seed             seed of the random choice
 */
public record Faults(double serverErrorShare, double resetShare, double slowShare, Duration slowDelay, Scope scope,
                     long seed) {

    /** Which calls faults apply to. */
    public enum Scope {
        /** CloudTrail LookupEvents only: the call a collector makes thousands of times. */
        LOOKUP_EVENTS,
        /** Every call the emulator serves. */
        ALL_CALLS
    }

    /** The kinds of injected faults, as counted by {@link EmulatorCounters#faults(Kind)}. */
    public enum Kind {
        SERVER_ERROR,
        RESET,
        SLOW
    }

    private static final Faults NONE = new Faults(0, 0, 0, Duration.ZERO, Scope.LOOKUP_EVENTS, 0);

    public Faults {
        Objects.requireNonNull(slowDelay, "slowDelay");
        Objects.requireNonNull(scope, "scope");
        checkShare("serverErrorShare", serverErrorShare);
        checkShare("resetShare", resetShare);
        checkShare("slowShare", slowShare);
        if (serverErrorShare + resetShare + slowShare > 1.0 + 1e-9) {
            throw new IllegalArgumentException("the fault shares add up to more than 1: server errors "
                    + serverErrorShare + " + resets " + resetShare + " + slow " + slowShare);
        }
        if (slowDelay.isNegative()) {
            throw new IllegalArgumentException("slowDelay must not be negative, was " + slowDelay);
        }
    }

    /** No faults. */
    public static Faults none() {
        return NONE;
    }

    public Faults withServerErrorShare(double share) {
        return new Faults(share, resetShare, slowShare, slowDelay, scope, seed);
    }

    public Faults withResetShare(double share) {
        return new Faults(serverErrorShare, share, slowShare, slowDelay, scope, seed);
    }

    public Faults withSlowAnswers(double share, Duration delay) {
        return new Faults(serverErrorShare, resetShare, share, delay, scope, seed);
    }

    public Faults withScope(Scope newScope) {
        return new Faults(serverErrorShare, resetShare, slowShare, slowDelay, newScope, seed);
    }

    public Faults withSeed(long newSeed) {
        return new Faults(serverErrorShare, resetShare, slowShare, slowDelay, scope, newSeed);
    }

    /** Whether any fault can happen at all. */
    public boolean any() {
        return serverErrorShare > 0 || resetShare > 0 || slowShare > 0;
    }

    private static void checkShare(String name, double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, was " + share);
        }
    }
}
