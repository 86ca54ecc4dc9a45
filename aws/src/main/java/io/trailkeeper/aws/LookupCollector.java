package io.trailkeeper.aws;

import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.events.CloudTrailReader;
import io.trailkeeper.events.CollectSink;
import io.trailkeeper.events.CollectSink.TimeWindow;
import io.trailkeeper.events.CollectedBatch;
import io.trailkeeper.events.Coverage;
import io.trailkeeper.events.IngestProblem;
import io.trailkeeper.events.RecordSink;
import io.trailkeeper.events.SourceKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.EventCategory;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsRequest;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;

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
    /** Events reach the event history within about 15 minutes; windows closer to now are read again next time. */
    static final Duration SETTLING = Duration.ofMinutes(15);
    static final int PAGE_SIZE = 50;

    private final AwsClients clients;
    private final CollectSink sink;
    private final Options options;
    private final Listener listener;
    private final Clock clock;
    private final CloudTrailReader reader = new CloudTrailReader();

    /**
     * @param ratePerSecond     requests per second per region (LookupEvents allows 2)
     * @param maxThrottleRetries consecutive throttled answers before a region's window is given up as throttled
     * @param maxErrorRetries   consecutive failures (5xx, connection) before it is given up as failed
     */
    public record Options(double ratePerSecond, int maxThrottleRetries, int maxErrorRetries, Duration maxBackoff,
                          int parallelRegions) {
        public static Options defaults() {
            return new Options(2.0, 30, 8, Duration.ofSeconds(20), 32);
        }

        public Options withRate(double value) {
            return new Options(value, maxThrottleRetries, maxErrorRetries, maxBackoff, parallelRegions);
        }

        public Options withParallelRegions(int value) {
            return new Options(ratePerSecond, maxThrottleRetries, maxErrorRetries, maxBackoff, value);
        }

        public Options withRetries(int throttles, int errors, Duration backoff) {
            return new Options(ratePerSecond, throttles, errors, backoff, parallelRegions);
        }
    }

    /**
     * What to collect. {@code insights} reads Insights events instead of management events;
     * {@code sinceByRegion} starts some regions later than {@code since} (e.g. where a trail's files end).
     */
    public record Request(String account, List<RegionInfo> regions, Instant since, Instant until, boolean insights,
                          java.util.Map<String, Instant> sinceByRegion) {
        public Request {
            sinceByRegion = sinceByRegion == null ? java.util.Map.of() : java.util.Map.copyOf(sinceByRegion);
        }

        public Request(String account, List<RegionInfo> regions, Instant since, Instant until, boolean insights) {
            this(account, regions, since, until, insights, null);
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
                futures.add(pool.submit(() -> new RegionRun(request, region, from, until, now).run()));
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

    /** One region's collection, on its own thread. */
    private final class RegionRun {
        private final Request request;
        private final RegionInfo region;
        private final Instant since;
        private final Instant until;
        private final Instant now;
        private final Pacer pacer = new Pacer(options.ratePerSecond());
        private final String category;
        private final String source;
        private long events;
        private long requests;
        private long throttled;
        private long retried;
        private long pages;
        private Instant oldest;
        private final AtomicLong index = new AtomicLong();
        private final List<Coverage> coverage = new ArrayList<>();

        RegionRun(Request request, RegionInfo region, Instant since, Instant until, Instant now) {
            this.request = request;
            this.region = region;
            this.since = since;
            this.until = until;
            this.now = now;
            this.category = request.insights() ? "insight" : "management";
            this.source = "lookup:" + request.account() + "/" + region.name();
        }

        RegionResult run() throws InterruptedException {
            String scope = "event history " + region.name() + (request.insights() ? " (Insights)" : "");
            if (!region.enabled()) {
                return finish(cover(scope, since, until, Coverage.Status.NOT_ENABLED, "the region is not enabled"
                        + " for the account (opt-in region); nothing was recorded there while it was off"));
            }
            Instant oldestKept = now.minus(HISTORY);
            Instant from = since;
            if (from.isBefore(oldestKept)) {
                from = oldestKept;
            }
            List<TimeWindow> done = sink.lookupDone(request.account(), region.name(), category);
            List<TimeWindow> todo = from.isAfter(until) ? List.of() : todo(from, until, done);
            listener.regionStarted(region.name(), todo);
            for (TimeWindow gap : todo) {
                Coverage failed = readWindow(scope, gap);
                if (failed != null) {
                    coverage.add(failed);
                    return finish(null);
                }
            }
            if (since.isBefore(oldestKept)) {
                Instant end = until.isBefore(oldestKept) ? until : oldestKept.minusSeconds(1);
                coverage.add(cover(scope, since, end, Coverage.Status.TRUNCATED,
                        "event history keeps 90 days; older events exist only in a trail's files"));
            }
            if (!from.isAfter(until)) {
                coverage.add(cover(scope, from, until, Coverage.Status.COMPLETE, ""));
            }
            return finish(null);
        }

        private RegionResult finish(Coverage last) {
            if (last != null) {
                coverage.add(last);
            }
            coverage.forEach(sink::coverage);
            RegionCounts c = counts();
            listener.regionFinished(region.name(), c, coverage.isEmpty() ? null : coverage.get(coverage.size() - 1));
            return new RegionResult(region.name(), c, List.copyOf(coverage));
        }

        private Coverage cover(String scope, Instant from, Instant to, Coverage.Status status, String reason) {
            return new Coverage("lookup", request.account(), region.name(), scope, from, to, status, reason);
        }

        private RegionCounts counts() {
            return new RegionCounts(events, requests, throttled, retried, pages, oldest);
        }

        /** Reads one window to its start, page by page; returns null when complete, else why it stopped. */
        private Coverage readWindow(String scope, TimeWindow gap) throws InterruptedException {
            CloudTrailClient client = clients.cloudTrail(region.name());
            Instant top = gap.to();
            String token = null;
            Instant gapOldest = null;
            while (true) {
                LookupEventsRequest.Builder b = LookupEventsRequest.builder()
                        .startTime(gap.from()).endTime(top).maxResults(PAGE_SIZE).nextToken(token);
                if (request.insights()) {
                    b.eventCategory(EventCategory.INSIGHT);
                }
                LookupEventsResponse page;
                try {
                    page = call(client, b.build());
                } catch (GiveUp g) {
                    Instant end = gapOldest != null && gapOldest.isAfter(gap.from()) ? gapOldest : gap.to();
                    return cover(scope, gap.from(), end.truncatedTo(ChronoUnit.SECONDS), g.status, g.reason);
                } catch (InvalidToken t) {
                    // the token expired (a long pause): ask again for what is left below the oldest page read
                    token = null;
                    if (gapOldest != null) {
                        top = gapOldest.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
                    }
                    continue;
                }
                token = page.nextToken();
                if (token != null && token.isEmpty()) {
                    token = null;
                }
                List<CloudTrailEvent> parsed = new ArrayList<>();
                List<IngestProblem> problems = new ArrayList<>();
                Instant pageOldest = null;
                for (Event e : page.events()) {
                    parse(e, parsed, problems);
                    if (e.eventTime() != null && (pageOldest == null || e.eventTime().isBefore(pageOldest))) {
                        pageOldest = e.eventTime();
                    }
                }
                pages++;
                events += parsed.size();
                if (pageOldest != null && (oldest == null || pageOldest.isBefore(oldest))) {
                    oldest = pageOldest;
                }
                if (pageOldest != null && (gapOldest == null || pageOldest.isBefore(gapOldest))) {
                    gapOldest = pageOldest;
                }
                CollectedBatch.LookupWindow done = null;
                if (token == null) {
                    done = new CollectedBatch.LookupWindow(request.account(), region.name(), category, gap.from(),
                            gap.to());
                } else if (pageOldest != null) {
                    // done: everything after the oldest second of this page (more events of that second may
                    // follow on the next page)
                    Instant from = pageOldest.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
                    if (!from.isAfter(gap.to())) {
                        done = new CollectedBatch.LookupWindow(request.account(), region.name(), category, from,
                                gap.to());
                    }
                }
                if (done != null && done.to().isAfter(now.minus(SETTLING))) {
                    // the last minutes may still receive events: claim only what has settled
                    Instant settled = now.minus(SETTLING);
                    done = settled.isBefore(done.from()) ? null : new CollectedBatch.LookupWindow(done.account(),
                            done.region(), done.category(), done.from(), settled);
                }
                long first = index.getAndAdd(parsed.size());
                sink.write(new CollectedBatch(source, SourceKind.LOOKUP_EVENTS, first, parsed, problems, 0, done));
                listener.page(region.name(), counts());
                if (token == null) {
                    return null;
                }
            }
        }

        private void parse(Event e, List<CloudTrailEvent> into, List<IngestProblem> problems) {
            String json = e.cloudTrailEvent();
            if (json == null) {
                problems.add(new IngestProblem(source, "event " + e.eventId(), -1,
                        io.trailkeeper.events.ProblemCode.BAD_LOOKUP_EVENT, IngestProblem.Outcome.REJECTED,
                        "the LookupEvents item has no CloudTrailEvent", null));
                return;
            }
            try {
                reader.read(source, new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), new RecordSink() {
                    @Override
                    public void event(CloudTrailEvent event, String s, SourceKind kind, long i) {
                        into.add(event);
                    }

                    @Override
                    public void digest(String s) {
                    }

                    @Override
                    public void problem(IngestProblem problem) {
                        problems.add(problem);
                    }
                });
            } catch (IOException impossible) {
                throw new java.io.UncheckedIOException(impossible);
            }
        }

        /** One request, paced, retried while retrying can help. */
        private LookupEventsResponse call(CloudTrailClient client, LookupEventsRequest r)
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
                                    + " times in a row; run again later to continue");
                        }
                        retried++;
                        pacer.backOff(backoff(throttles));
                    } else if ("InvalidNextTokenException".equals(AwsErrors.code(e)) && r.nextToken() != null) {
                        throw new InvalidToken();
                    } else if (AwsErrors.isAccessDenied(e)) {
                        throw new GiveUp(Coverage.Status.DENIED, AwsErrors.describe(e));
                    } else if (AwsErrors.isRegionNotEnabled(e)) {
                        throw new GiveUp(Coverage.Status.NOT_ENABLED, "the region refused the credentials ("
                                + AwsErrors.describe(e) + "): it is probably an opt-in region not enabled");
                    } else if (AwsErrors.isRetryable(e)) {
                        if (++errors > options.maxErrorRetries()) {
                            throw new GiveUp(Coverage.Status.FAILED, "gave up after " + errors + " failures: "
                                    + AwsErrors.describe(e));
                        }
                        retried++;
                        pacer.backOff(backoff(errors));
                    } else {
                        throw new GiveUp(Coverage.Status.FAILED, AwsErrors.describe(e));
                    }
                }
            }
        }

        /** Exponential with full jitter, from half a second up to the maximum. */
        private Duration backoff(int attempt) {
            long cap = Math.min(options.maxBackoff().toMillis(), 500L << Math.min(attempt - 1, 10));
            return Duration.ofMillis(cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1));
        }
    }

    private static final class GiveUp extends Exception {
        final Coverage.Status status;
        final String reason;

        GiveUp(Coverage.Status status, String reason) {
            super(reason, null, false, false);
            this.status = status;
            this.reason = reason;
        }
    }

    private static final class InvalidToken extends Exception {
        InvalidToken() {
            super(null, null, false, false);
        }
    }
}
