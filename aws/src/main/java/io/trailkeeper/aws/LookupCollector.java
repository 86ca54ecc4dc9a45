package io.trailkeeper.aws;

import io.trailkeeper.events.CloudTrailReader;
import io.trailkeeper.events.CollectSink;
import io.trailkeeper.events.CollectSink.TimeWindow;
import io.trailkeeper.events.Coverage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.cloudtrail.model.Event;

/**
 * Reads every region's CloudTrail event history (LookupEvents), the record that is left when there is no
 * trail or the attacker deleted it: all regions at once, each paced by its own {@link Pacer} at the API's
 * limit, pages of 50, newest first.
 *
 * <p>Nothing is lost: throttling, server errors and dropped connections are retried with backoff; what
 * still fails becomes a {@link Coverage} entry naming the region, the window and the reason. Each page goes
 * to the sink with the window it completes, so a run killed at any point is continued by the next run from
 * where each region stopped (the sink's {@link CollectSink#lookupDone} says what is done).
 */
public final class LookupCollector {
    /** Event history keeps 90 days. */
    public static final Duration HISTORY = Duration.ofDays(90);
    /**
     * How far back from now each run reads again by default: events reach the event history typically within 15
     * minutes of the call, not guaranteed, with their own (older) eventTime, so a window is claimed read only up to
     * 30 minutes before now. What is read twice is stored once (equal records, equal hashes).
     */
    static final Duration SETTLING = Duration.ofMinutes(30);
    static final int PAGE_SIZE = 50;

    private final AwsClients clients;
    private final CollectSink sink;
    private final Options options;
    private final Listener listener;
    private final Clock clock;
    private final CloudTrailReader reader = new CloudTrailReader();

    /**
     * @param ratePerSecond      requests per second per region (LookupEvents allows 2)
     * @param maxThrottleRetries consecutive throttled answers before a region's window is given up as throttled
     * @param maxErrorRetries    consecutive failures (5xx, connection) before it is given up as failed
     * @param settling           how long before now a window is claimed read up to: the last part is read again by
     *                           the next run, for events the history shows late ({@link #SETTLING} by default)
     * @param again              read the whole window, the parts earlier runs read too (for events the history
     *                           showed later than the settling time); what was stored is not stored twice
     */
    public record Options(double ratePerSecond, int maxThrottleRetries, int maxErrorRetries, Duration maxBackoff,
                          int parallelRegions, Duration settling, boolean again) {
        public Options {
            if (settling == null || settling.isNegative()) {
                throw new IllegalArgumentException("the settling time must be zero or more, was " + settling);
            }
        }

        public static Options defaults() {
            return new Options(2.0, 30, 8, Duration.ofSeconds(20), 32, SETTLING, false);
        }

        public Options withRate(double value) {
            return new Options(value, maxThrottleRetries, maxErrorRetries, maxBackoff, parallelRegions, settling, again);
        }

        public Options withParallelRegions(int value) {
            return new Options(ratePerSecond, maxThrottleRetries, maxErrorRetries, maxBackoff, value, settling, again);
        }

        public Options withRetries(int throttles, int errors, Duration backoff) {
            return new Options(ratePerSecond, throttles, errors, backoff, parallelRegions, settling, again);
        }

        public Options withSettling(Duration value) {
            return new Options(ratePerSecond, maxThrottleRetries, maxErrorRetries, maxBackoff, parallelRegions, value,
                    again);
        }

        public Options withAgain(boolean value) {
            return new Options(ratePerSecond, maxThrottleRetries, maxErrorRetries, maxBackoff, parallelRegions,
                    settling, value);
        }
    }

    /**
     * What to collect. {@code insights} reads Insights events instead of management events;
     * {@code sinceByRegion} starts some regions later than {@code since} (e.g. where a trail's files end),
     * {@code untilByRegion} ends some earlier than {@code until} (e.g. where a trail's files begin).
     */
    public record Request(String account, List<RegionInfo> regions, Instant since, Instant until, boolean insights,
                          java.util.Map<String, Instant> sinceByRegion, java.util.Map<String, Instant> untilByRegion) {
        public Request {
            sinceByRegion = sinceByRegion == null ? java.util.Map.of() : java.util.Map.copyOf(sinceByRegion);
            untilByRegion = untilByRegion == null ? java.util.Map.of() : java.util.Map.copyOf(untilByRegion);
        }

        public Request(String account, List<RegionInfo> regions, Instant since, Instant until, boolean insights) {
            this(account, regions, since, until, insights, null, null);
        }
    }

    /** Told about progress, from the regions' threads. */
    public interface Listener {
        default void regionStarted(String region, List<TimeWindow> todo) {
        }

        default void page(String region, RegionCounts counts) {
        }

        default void regionFinished(String region, RegionCounts counts, Coverage coverage) {
        }
    }

    /** One region's figures. */
    public record RegionCounts(long events, long requests, long throttled, long retried, long pages,
                               Instant oldestSeen) {
    }

    /** The outcome per region. */
    public record Summary(List<RegionResult> regions, Duration elapsed) {
        public long events() {
            return regions.stream().mapToLong(r -> r.counts().events()).sum();
        }

        public long requests() {
            return regions.stream().mapToLong(r -> r.counts().requests()).sum();
        }

        public long throttled() {
            return regions.stream().mapToLong(r -> r.counts().throttled()).sum();
        }

        /** Requests that failed (a server error, a dropped connection) and were sent again. */
        public long retried() {
            return regions.stream().mapToLong(r -> r.counts().retried()).sum();
        }

        /**
         * Whether every window asked for was read. A region the account never enabled counts as seen: nothing
         * can have been recorded there.
         */
        public boolean complete() {
            return regions.stream().allMatch(r -> r.coverage().stream().allMatch(
                    c -> c.complete() || c.status() == Coverage.Status.NOT_ENABLED));
        }
    }

    public record RegionResult(String region, RegionCounts counts, List<Coverage> coverage) {
    }

    public LookupCollector(AwsClients clients, CollectSink sink, Options options, Listener listener, Clock clock) {
        this.clients = clients;
        this.sink = sink;
        this.options = options;
        this.listener = listener;
        this.clock = clock;
    }

    public Summary collect(Request request) {
        long t0 = System.nanoTime();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant until = request.until() == null || request.until().isAfter(now) ? now
                : request.until().truncatedTo(ChronoUnit.SECONDS);
        Instant since = request.since() == null ? now.minus(HISTORY) : request.since().truncatedTo(ChronoUnit.SECONDS);
        int threads = Math.max(1, Math.min(options.parallelRegions(), request.regions().size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "lookup");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<RegionResult>> futures = new ArrayList<>();
            for (RegionInfo region : request.regions()) {
                Instant own = request.sinceByRegion().get(region.name());
                Instant from = own == null ? since : own.truncatedTo(ChronoUnit.SECONDS);
                Instant ownEnd = request.untilByRegion().get(region.name());
                Instant to = ownEnd == null || ownEnd.isAfter(until) ? until : ownEnd.truncatedTo(ChronoUnit.SECONDS);
                futures.add(pool.submit(() -> new RegionHistoryReader(clients, sink, options, listener, reader,
                        request, region, from, to, now).run()));
            }
            List<RegionResult> results = new ArrayList<>();
            for (Future<RegionResult> f : futures) {
                try {
                    results.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IllegalStateException(c);
                }
            }
            return new Summary(results, Duration.ofNanos(System.nanoTime() - t0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The windows of [since, until] not yet read, newest first. */
    static List<TimeWindow> todo(Instant since, Instant until, List<TimeWindow> done) {
        List<TimeWindow> gaps = new ArrayList<>();
        Instant cursor = since;
        for (TimeWindow d : done) {
            if (d.to().isBefore(cursor)) {
                continue;
            }
            if (d.from().isAfter(until)) {
                break;
            }
            if (d.from().isAfter(cursor)) {
                gaps.add(new TimeWindow(cursor, d.from().minusSeconds(1)));
            }
            cursor = d.to().plusSeconds(1);
            if (cursor.isAfter(until)) {
                break;
            }
        }
        if (!cursor.isAfter(until)) {
            gaps.add(new TimeWindow(cursor, until));
        }
        List<TimeWindow> newestFirst = new ArrayList<>(gaps);
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }
}
