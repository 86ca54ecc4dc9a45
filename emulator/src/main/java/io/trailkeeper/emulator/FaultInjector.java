package io.trailkeeper.emulator;

import java.util.Random;

/**
 * Decides, call by call, whether to inject a fault, from the current {@link Faults} and a random generator
 * seeded by them. Only calls in the faults' scope draw, so adding other calls (a DescribeRegions, a
 * GetCallerIdentity) does not shift which LookupEvents calls fail.
 */
final class FaultInjector {
    private Faults faults;
    private Random random;

    FaultInjector(Faults faults) {
        set(faults);
    }

    /** Replaces the faults and restarts the random sequence from their seed. */
    synchronized void set(Faults newFaults) {
        this.faults = newFaults;
        this.random = new Random(newFaults.seed());
    }

    synchronized Faults get() {
        return faults;
    }

    /** The fault for this call, or null for none. A server error comes with its status (500 or 503). */
    synchronized Injected decide(boolean lookupEvents) {
        if (!faults.any() || faults.scope() == Faults.Scope.LOOKUP_EVENTS && !lookupEvents) {
            return null;
        }
        double r = random.nextDouble();
        if (r < faults.resetShare()) {
            return new Injected(Faults.Kind.RESET, 0, 0);
        }
        r -= faults.resetShare();
        if (r < faults.serverErrorShare()) {
            return new Injected(Faults.Kind.SERVER_ERROR, random.nextBoolean() ? 500 : 503, 0);
        }
        r -= faults.serverErrorShare();
        if (r < faults.slowShare()) {
            return new Injected(Faults.Kind.SLOW, 0, faults.slowDelay().toMillis());
        }
        return null;
    }

    /** One injected fault. */
    record Injected(Faults.Kind kind, int status, long delayMillis) {
        AwsError serverError() {
            return status == 503
                    ? new AwsError(503, "ServiceUnavailable", "Service is unavailable (injected by the emulator)")
                    : new AwsError(500, "InternalFailure", "An internal error occurred (injected by the emulator)");
        }
    }
}
