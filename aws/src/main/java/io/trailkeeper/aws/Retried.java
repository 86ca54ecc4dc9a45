package io.trailkeeper.aws;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A call asked again while it fails in a way that passes (throttling, a server error, no answer: what
 * {@code retryable} says), for calls whose client's own attempts are too few or none: {@code attempts} in all, the
 * pause before the second {@code firstPause}, doubled each time. The last failure, or one not worth another try,
 * is thrown as it came; interrupted while pausing, the failure is thrown with the thread's interrupt flag set.
 */
public final class Retried {
    private Retried() {
    }

    public static <T> T call(Supplier<T> call, int attempts, Duration firstPause, Predicate<SdkException> retryable) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (SdkException e) {
                if (attempt >= attempts || !retryable.test(e)) {
                    throw e;
                }
                try {
                    Thread.sleep(firstPause.toMillis() << (attempt - 1));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
