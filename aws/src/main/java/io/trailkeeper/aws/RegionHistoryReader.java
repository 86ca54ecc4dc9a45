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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.EventCategory;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsRequest;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;

/**
 * One region's part of {@link LookupCollector}, on its own thread: reads the windows not yet collected, newest
 * first, page by page at the region's pace, and hands each page to the sink with the window it completes.
 */
final class RegionHistoryReader {
    private final AwsClients clients;
    private final CollectSink sink;
    private final LookupCollector.Options options;
    private final LookupCollector.Listener listener;
    private final CloudTrailReader reader;
    private final LookupCollector.Request request;
    private final RegionInfo region;
    private final Instant since;
    private final Instant until;
    private final Instant now;
    private final LookupCalls calls;
    private final String category;
    private final String source;
    private long events;
    private long pages;
    private Instant oldest;
    /** Whether the last window given up spent its retries; whether the region refused the credentials. */
    private boolean exhausted;
    private boolean regionRefused;
    private final AtomicLong index = new AtomicLong();
    private final List<Coverage> coverage = new ArrayList<>();

    RegionHistoryReader(AwsClients clients, CollectSink sink, LookupCollector.Options options,
                        LookupCollector.Listener listener, CloudTrailReader reader, LookupCollector.Request request,
                        RegionInfo region, Instant since, Instant until, Instant now) {
        this.clients = clients;
        this.sink = sink;
        this.options = options;
        this.listener = listener;
        this.reader = reader;
        this.calls = new LookupCalls(options, region);
        this.request = request;
        this.region = region;
        this.since = since;
        this.until = until;
        this.now = now;
        this.category = request.insights() ? "insight" : "management";
        this.source = "lookup:" + request.account() + "/" + region.name();
    }

    LookupCollector.RegionResult run() throws InterruptedException {
        String scope = "event history " + region.name() + (request.insights() ? " (Insights)" : "");
        if (!region.enabled()) {
            // not enabled now: whether it was on earlier in the window (an intruder may enable a region, work there
            // and disable it again) only the store's events can tell (coverage does), so this says what is known
            return finish(cover(scope, since, until, Coverage.Status.NOT_ENABLED, "the region is not enabled"
                    + " for the account now (opt-in region), so its event history cannot be read; nothing is recorded"
                    + " there while it is off"));
        }
        Instant oldestKept = now.minus(LookupCollector.HISTORY);
        Instant from = since;
        if (from.isBefore(oldestKept)) {
            from = oldestKept;
        }
        // --again: what earlier runs read is read again, for events the history showed after they read
        List<TimeWindow> done = options.again() ? List.of()
                : sink.lookupDone(request.account(), region.name(), category);
        List<TimeWindow> todo = from.isAfter(until) ? List.of() : LookupCollector.todo(from, until, done);
        listener.regionStarted(region.name(), todo);
        UnreadWindows unread = readAll(scope, todo);
        if (since.isBefore(oldestKept)) {
            Instant end = until.isBefore(oldestKept) ? until : oldestKept.minusSeconds(1);
            coverage.add(cover(scope, since, end, Coverage.Status.TRUNCATED,
                    "event history keeps 90 days; older events exist only in a trail's files"));
        }
        if (!from.isAfter(until)) {
            coverage.addAll(unread.coverage(cover(scope, from, until, Coverage.Status.COMPLETE, ""), from, until));
        }
        return finish(null);
    }

    /**
     * Reads the windows newest first. A window that fails is read again day by day, and a day that fails is
     * recorded unread while the older days are still read: a refused period must not cost the rest of the
     * history. A region refusing the credentials ends the region.
     */
    private UnreadWindows readAll(String scope, List<TimeWindow> todo) throws InterruptedException {
        UnreadWindows unread = new UnreadWindows();
        java.util.Deque<TimeWindow> queue = new java.util.ArrayDeque<>(todo);
        while (!queue.isEmpty()) {
            TimeWindow window = queue.poll();
            Coverage failed = readWindow(scope, window);
            if (failed == null) {
                unread.read();
                continue;
            }
            List<TimeWindow> days = UnreadWindows.days(window.from(), failed.to());
            boolean stop = regionRefused;
            if (!stop && days.size() > 1) {
                for (int i = days.size() - 1; i >= 0; i--) {
                    queue.addFirst(days.get(i));
                }
                continue;
            }
            if (stop) {
                unread.add(failed);
                queue.forEach(w -> unread.add(cover(scope, w.from(), w.to(), failed.status(), failed.reason())));
                break;
            }
            if (unread.failed(failed, exhausted)) {
                unread.stop(List.copyOf(queue), "trailkeeper collect lookup --regions " + region.name()
                        + (request.insights() ? " --insights" : ""));
                break;
            }
        }
        return unread;
    }

    private LookupCollector.RegionResult finish(Coverage last) {
        if (last != null) {
            coverage.add(last);
        }
        coverage.forEach(sink::coverage);
        LookupCollector.RegionCounts c = counts();
        // the listener is told the region's first part not read, if any: what a person must see. Not the days
        // older than the history's 90 (truncated), which no run can read and the summary says
        Coverage told = coverage.stream().filter(e -> !e.complete() && e.status() != Coverage.Status.TRUNCATED)
                .findFirst()
                .orElse(coverage.isEmpty() ? null : coverage.get(coverage.size() - 1));
        listener.regionFinished(region.name(), c, told);
        return new LookupCollector.RegionResult(region.name(), c, List.copyOf(coverage));
    }

    private Coverage cover(String scope, Instant from, Instant to, Coverage.Status status, String reason) {
        return new Coverage("lookup", request.account(), region.name(), scope, from, to, status, reason);
    }

    private LookupCollector.RegionCounts counts() {
        return new LookupCollector.RegionCounts(events, calls.requests, calls.throttled, calls.retried, pages,
                oldest);
    }

    /**
     * Reads one window to its start, page by page; returns null when complete, else why it stopped. A NextToken
     * answered with itself or with one an earlier page of the query gave (tokens going round), or refused over and
     * over while the window does not move, ends the window as failed: a server paging wrongly must not hold the
     * collection in a loop.
     */
    private Coverage readWindow(String scope, TimeWindow gap) throws InterruptedException {
        CloudTrailClient client = clients.cloudTrail(region.name());
        WindowPages seen = new WindowPages(gap);
        Instant top = gap.to();
        String token = null;
        java.util.Set<String> tokens = new java.util.HashSet<>();
        while (true) {
            LookupEventsRequest.Builder b = LookupEventsRequest.builder()
                    .startTime(gap.from()).endTime(top).maxResults(LookupCollector.PAGE_SIZE).nextToken(token);
            if (request.insights()) {
                b.eventCategory(EventCategory.INSIGHT);
            }
            LookupEventsResponse page;
            try {
                page = calls.call(client, b.build());
            } catch (LookupCalls.GiveUp g) {
                exhausted = g.exhausted;
                regionRefused = g.wholeRegion;
                return cover(scope, gap.from(), seen.unreadEnd(), g.status, g.reason);
            } catch (LookupCalls.InvalidToken t) {
                // the token expired (a long pause) or was refused: ask again for what is left
                top = seen.recover();
                if (top == null) {
                    exhausted = true;
                    return cover(scope, gap.from(), seen.unreadEnd(), Coverage.Status.FAILED, "LookupEvents in "
                            + region.name() + " refused its own NextToken (InvalidNextTokenException) "
                            + (WindowPages.MAX_FRUITLESS_RECOVERIES + 1) + " times in a row while asking again read"
                            + " nothing older; stopped instead of asking forever: run again later");
                }
                token = null;
                tokens.clear(); // a new query, with tokens of its own
                continue;
            }
            String sent = token;
            token = page.nextToken() == null || page.nextToken().isEmpty() ? null : page.nextToken();
            String repeated = token == null || tokens.add(token) ? null : token.equals(sent)
                    ? "answered a NextToken with the same NextToken"
                    : "gave a NextToken an earlier page of this window had given (its tokens go round)";
            write(page, gap, seen, sent != null, token == null, repeated != null);
            if (repeated != null) {
                exhausted = true;
                return cover(scope, gap.from(), seen.unreadEnd(), Coverage.Status.FAILED, "LookupEvents in "
                        + region.name() + " " + repeated + ", so following it would never end; stopped after "
                        + seen.pages() + " pages of this window: run again later");
            }
            if (token == null) {
                return null;
            }
        }
    }

    /** Parses one page and hands it to the sink with the part of the window it proves read (all, with its last). */
    private void write(LookupEventsResponse page, TimeWindow gap, WindowPages seen, boolean continued, boolean last,
                       boolean repeated) {
        List<CloudTrailEvent> parsed = new ArrayList<>();
        List<IngestProblem> problems = new ArrayList<>();
        Instant pageOldest = null;
        Instant pageNewest = null;
        for (Event e : page.events()) {
            parse(e, parsed, problems);
            if (e.eventTime() != null && (pageOldest == null || e.eventTime().isBefore(pageOldest))) {
                pageOldest = e.eventTime();
            }
            if (e.eventTime() != null && (pageNewest == null || e.eventTime().isAfter(pageNewest))) {
                pageNewest = e.eventTime();
            }
        }
        pages++;
        events += parsed.size();
        if (pageOldest != null && (oldest == null || pageOldest.isBefore(oldest))) {
            oldest = pageOldest;
        }
        // a page that came with the token it was asked with proves nothing: it may be any page
        Instant readFrom = repeated ? null : seen.page(pageNewest, pageOldest, continued);
        CollectedBatch.LookupWindow done = null;
        if (last) {
            done = new CollectedBatch.LookupWindow(request.account(), region.name(), category, gap.from(), gap.to());
        } else if (readFrom != null && !readFrom.isAfter(gap.to())) {
            done = new CollectedBatch.LookupWindow(request.account(), region.name(), category, readFrom, gap.to());
        }
        Instant settled = now.minus(options.settling());
        if (done != null && done.to().isAfter(settled)) {
            // the last minutes may still receive events: claim only what has settled
            done = settled.isBefore(done.from()) ? null : new CollectedBatch.LookupWindow(done.account(),
                    done.region(), done.category(), done.from(), settled);
        }
        long first = index.getAndAdd(parsed.size());
        sink.write(new CollectedBatch(source, SourceKind.LOOKUP_EVENTS, first, parsed, problems, 0, done));
        listener.page(region.name(), counts());
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
}
