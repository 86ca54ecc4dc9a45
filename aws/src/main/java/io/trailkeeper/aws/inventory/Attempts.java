package io.trailkeeper.aws.inventory;

import io.trailkeeper.aws.AwsErrors;
import io.trailkeeper.aws.Retried;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Calls to CloudTrail, whose clients make one attempt only (their pacing is the collectors' own): retried here
 * on throttling, 5xx and lost connections, a few times with growing pauses, so that a busy LookupEvents quota
 * (2 calls per second per region, shared with every other caller) is not mistaken for "could not read".
 */
final class Attempts {
    private static final int MAX_ATTEMPTS = 4;
    private static final Duration FIRST_PAUSE = Duration.ofMillis(600);

    private Attempts() {
    }

    static <T> T cloudTrail(Supplier<T> call) {
        return Retried.call(call, MAX_ATTEMPTS, FIRST_PAUSE, AwsErrors::isRetryable);
    }

    /** The reason recorded for a failed read: AWS's error code and message, or the client-side failure. */
    static String reason(SdkException e) {
        return AwsErrors.describe(e);
    }

    /** Whether a service answered with this error code (e.g. NoSuchBucketPolicy: "none set", not a failure). */
    static boolean is(SdkException e, String code) {
        return e instanceof AwsServiceException && code.equals(AwsErrors.code(e));
    }
}
