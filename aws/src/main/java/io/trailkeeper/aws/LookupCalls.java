package io.trailkeeper.aws;

import io.trailkeeper.events.Coverage;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsRequest;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;

/**
 * One region's LookupEvents requests for {@link RegionHistoryReader}: paced at the region's rate, throttling and
 * transient failures retried with backoff up to the options' bounds, every other answer turned into why the
 * window is given up ({@link GiveUp}) or a refused NextToken ({@link InvalidToken}).
 */
final class LookupCalls {
    private final LookupCollector.Options options;
    private final RegionInfo region;
    private final Pacer pacer;
    long requests;
    long throttled;
    /** Requests that failed (a server error, a dropped connection) and were sent again; throttled ones apart. */
    long retried;

    LookupCalls(LookupCollector.Options options, RegionInfo region) {
        this.options = options;
        this.region = region;
        this.pacer = new Pacer(options.ratePerSecond());
    }

    /** One request, paced, retried while retrying can help. */
    LookupEventsResponse call(CloudTrailClient client, LookupEventsRequest r)
            throws InterruptedException, GiveUp, InvalidToken {
        int throttles = 0;
        int errors = 0;
        while (true) {
            pacer.acquire();
            requests++;
            try {
                return client.lookupEvents(r);
            } catch (SdkException e) {
                if (AwsErrors.isThrottling(e)) {
                    throttled++;
                    if (++throttles > options.maxThrottleRetries()) {
                        throw new GiveUp(Coverage.Status.THROTTLED, "throttled " + throttles
                                + " times in a row; run again later to continue", true, false);
                    }
                    pacer.backOff(backoff(throttles));
                } else if ("InvalidNextTokenException".equals(AwsErrors.code(e)) && r.nextToken() != null) {
                    throw new InvalidToken();
                } else if (AwsErrors.isAccessDenied(e)) {
                    throw new GiveUp(Coverage.Status.DENIED, AwsErrors.describe(e), false, false);
                } else if (AwsErrors.isRegionNotEnabled(e)) {
                    // not enabled only where DescribeRegions did not say enabled: else it is the credentials
                    throw new GiveUp(RegionRefusal.status(region), RegionRefusal.reason(region, e), false, true);
                } else if (AwsErrors.isRetryable(e)) {
                    if (++errors > options.maxErrorRetries()) {
                        throw new GiveUp(Coverage.Status.FAILED, "gave up after " + errors + " failures: "
                                + AwsErrors.describe(e), true, false);
                    }
                    retried++;
                    pacer.backOff(backoff(errors));
                } else {
                    // an answer not worth retrying: other days may answer alike, so bounded as spent retries are
                    throw new GiveUp(Coverage.Status.FAILED, AwsErrors.describe(e), true, false);
                }
            }
        }
    }

    /** Exponential with full jitter, from half a second up to the maximum. */
    private Duration backoff(int attempt) {
        long cap = Math.min(options.maxBackoff().toMillis(), 500L << Math.min(attempt - 1, 10));
        return Duration.ofMillis(cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1));
    }

    static final class GiveUp extends Exception {
        final Coverage.Status status;
        final String reason;
        final boolean exhausted;
        final boolean wholeRegion;

        GiveUp(Coverage.Status status, String reason, boolean exhausted, boolean wholeRegion) {
            super(reason, null, false, false);
            this.status = status;
            this.reason = reason;
            this.exhausted = exhausted;
            this.wholeRegion = wholeRegion;
        }
    }

    static final class InvalidToken extends Exception {
        InvalidToken() {
            super(null, null, false, false);
        }
    }
}
