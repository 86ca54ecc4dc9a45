package io.trailkeeper.emulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CloudTrail LookupEvents with the limits of the real service, because they are what a collector has to be
 * built around: at most 50 events a page, NextToken paging, newest first, one lookup attribute, an inclusive
 * time range, only the last 90 days, management events unless Insights events are asked for.
 *
 * <p>Events later than the emulator's clock are not served either: they have not happened yet, which lets a
 * test move the clock forward to make events appear, as a watch loop sees them.
 */
final class LookupEvents {
    static final int MAX_RESULTS = 50;
    static final Duration RETENTION = Duration.ofDays(90);
    private static final Set<String> ATTRIBUTE_KEYS = Set.of("EventId", "EventName", "ReadOnly", "Username",
            "ResourceType", "ResourceName", "EventSource", "AccessKeyId");

    private final EventHistory history;
    private final PageTokens tokens;
    private final Clock clock;
    private final EmulatorCounters counters;
    private final LookupPaging paging;
    private final AtomicLong tokensPresented = new AtomicLong();
    /** For {@link LookupPaging#CYCLING_TOKENS}: each query's first NextToken, by the query's fingerprint. */
    private final java.util.Map<String, String> firstTokens = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<LookupRefusal> refusals;
    /** By eventID, how long after its eventTime an event appears (CloudTrail shows events minutes late). */
    private final java.util.Map<String, Duration> delays;

    LookupEvents(EventHistory history, PageTokens tokens, Clock clock, EmulatorCounters counters,
                 LookupPaging paging, List<LookupRefusal> refusals, java.util.Map<String, Duration> delays) {
        this.refusals = List.copyOf(refusals);
        this.delays = java.util.Map.copyOf(delays);
        this.history = history;
        this.tokens = tokens;
        this.clock = clock;
        this.counters = counters;
        this.paging = paging;
    }

    /** The parsed request: at most one attribute; times as given (null when absent). */
    private record Query(String key, String value, Instant start, Instant end, boolean insight, int maxResults,
                         String nextToken) {
    }

    WireResponse handle(Call call) {
        Query query = parse(call.json());
        Instant now = clock.instant();
        Instant oldest = now.minus(RETENTION);
        Instant upper = query.end() == null || query.end().isAfter(now) ? now : query.end();
        Instant lower = query.start() == null || query.start().isBefore(oldest) ? oldest : query.start();
        refuseIfDenied(call, lower, upper);
        String fingerprint = PageTokens.fingerprint(call.region(), String.valueOf(query.key()),
                String.valueOf(query.value()), String.valueOf(query.start()), String.valueOf(query.end()),
                String.valueOf(query.insight()));
        if (query.nextToken() != null && (paging == LookupPaging.REJECTED_TOKENS
                || paging == LookupPaging.EXPIRING_TOKENS && tokensPresented.incrementAndGet() % 2 == 0)) {
            throw PageTokens.invalid();
        }
        PageTokens.Cursor cursor = query.nextToken() == null ? null : tokens.read(query.nextToken(), fingerprint);

        HistoryEvent[] events = visible(history.events(call.region(), query.insight()), now);
        List<HistoryEvent> page = new ArrayList<>(query.maxResults());
        boolean more = paging == LookupPaging.OLDEST_FIRST
                ? oldestFirst(events, query, lower, upper, cursor, page)
                : newestFirst(events, query, lower, upper, cursor, page);
        counters.countEventsServed(call.region(), page.size());
        String next = more ? tokens.issue(fingerprint, page.get(page.size() - 1)) : null;
        if (next != null && query.nextToken() != null && paging == LookupPaging.REPEATED_TOKEN) {
            next = query.nextToken();
        }
        if (next != null && paging == LookupPaging.CYCLING_TOKENS) {
            next = cycle(fingerprint, query.nextToken(), next);
        }
        return call.ok(render(page, next));
    }

    /** The events that have appeared by {@code now}: all but those whose delay has not passed yet. */
    private HistoryEvent[] visible(HistoryEvent[] events, Instant now) {
        if (delays.isEmpty()) {
            return events;
        }
        return java.util.Arrays.stream(events).filter(e -> {
            Duration delay = e.eventId() == null ? null : delays.get(e.eventId());
            return delay == null || !e.time().plus(delay).isAfter(now);
        }).toArray(HistoryEvent[]::new);
    }

    /**
     * The fault {@link LookupPaging#CYCLING_TOKENS}: the query's first NextToken is kept; a page asked with another
     * token answers the first one again.
     */
    private String cycle(String fingerprint, String asked, String next) {
        if (asked == null) {
            firstTokens.put(fingerprint, next);
            return next;
        }
        String first = firstTokens.get(fingerprint);
        return first == null || first.equals(asked) ? next : first;
    }

    /** A refused window of the history ({@link LookupRefusal}) answers as IAM does, before any page is read. */
    private void refuseIfDenied(Call call, Instant lower, Instant upper) {
        for (LookupRefusal r : refusals) {
            if (r.refuses(call.region(), lower, upper)) {
                counters.countRefused(call.region());
                throw AwsError.badRequest("AccessDeniedException", "User is not authorized to perform:"
                        + " cloudtrail:LookupEvents on resource: arn:aws:cloudtrail:" + call.region()
                        + " with an explicit deny in an identity-based policy (events " + r.from() + " to " + r.to()
                        + ")");
            }
        }
    }

    /** Fills the page as CloudTrail does, newest first; true when more events follow it. */
    private static boolean newestFirst(HistoryEvent[] events, Query query, Instant lower, Instant upper,
                                       PageTokens.Cursor cursor, List<HistoryEvent> page) {
        int i = Math.max(firstAtOrBefore(events, upper), cursor == null ? 0 : firstAfter(events, cursor));
        for (; i < events.length; i++) {
            HistoryEvent e = events[i];
            if (e.time().isBefore(lower)) {
                break;
            }
            if (e.time().isAfter(upper) || query.key() != null && !e.matches(query.key(), query.value())) {
                continue;
            }
            if (page.size() == query.maxResults()) {
                return true;
            }
            page.add(e);
        }
        return false;
    }

    /** The fault {@link LookupPaging#OLDEST_FIRST}: the same events, oldest first; true when more follow. */
    private static boolean oldestFirst(HistoryEvent[] events, Query query, Instant lower, Instant upper,
                                       PageTokens.Cursor cursor, List<HistoryEvent> page) {
        List<HistoryEvent> all = new ArrayList<>();
        newestFirst(events, new Query(query.key(), query.value(), query.start(), query.end(), query.insight(),
                Integer.MAX_VALUE, null), lower, upper, null, all);
        Collections.reverse(all);
        int start = 0;
        if (cursor != null) {
            while (start < all.size() && !(all.get(start).time().equals(cursor.time())
                    && all.get(start).sequence() == cursor.sequence())) {
                start++;
            }
            start++;
        }
        for (int i = start; i < all.size(); i++) {
            if (page.size() == query.maxResults()) {
                return true;
            }
            page.add(all.get(i));
        }
        return false;
    }

    private static Query parse(JsonNode request) {
        String[] attribute = attribute(request.get("LookupAttributes"));
        Instant start = Call.timestamp(request, "StartTime");
        Instant end = Call.timestamp(request, "EndTime");
        if (start != null && end != null && start.isAfter(end)) {
            throw AwsError.badRequest("InvalidTimeRangeException",
                    "Start time " + start + " is after end time " + end);
        }
        JsonNode category = request.get("EventCategory");
        boolean insight = category != null && !category.isNull();
        if (insight && !"insight".equals(category.asText())) {
            throw AwsError.badRequest("InvalidEventCategoryException",
                    "EventCategory must be insight, was " + category.asText());
        }
        JsonNode token = request.get("NextToken");
        String nextToken = token == null || token.isNull() || token.asText().isEmpty() ? null : token.asText();
        return new Query(attribute[0], attribute[1], start, end, insight, maxResults(request.get("MaxResults")),
                nextToken);
    }

    private static int maxResults(JsonNode max) {
        if (max == null || max.isNull()) {
            return MAX_RESULTS;
        }
        if (!max.canConvertToInt() || max.asInt() < 1 || max.asInt() > MAX_RESULTS) {
            throw AwsError.badRequest("InvalidMaxResultsException",
                    "MaxResults must be between 1 and " + MAX_RESULTS + ", was " + max.asText());
        }
        return max.asInt();
    }

    /** {@code [key, value]} of the one lookup attribute, or {@code [null, null]} when there is none. */
    private static String[] attribute(JsonNode attributes) {
        if (attributes == null || attributes.isNull() || attributes.isEmpty()) {
            return new String[2];
        }
        if (attributes.size() > 1) {
            throw AwsError.badRequest("InvalidLookupAttributesException",
                    "You can specify at most one lookup attribute, not " + attributes.size());
        }
        String key = attributes.get(0).path("AttributeKey").asText("");
        String value = attributes.get(0).path("AttributeValue").asText("");
        if (!ATTRIBUTE_KEYS.contains(key)) {
            throw AwsError.badRequest("InvalidLookupAttributesException",
                    "AttributeKey " + key + " is not one of " + new TreeSet<>(ATTRIBUTE_KEYS));
        }
        if (value.isEmpty() || value.length() > 2000) {
            throw AwsError.badRequest("InvalidLookupAttributesException",
                    "AttributeValue must be 1 to 2000 characters long");
        }
        return new String[] {key, value};
    }

    /** The index of the first (newest) event at or before {@code upper}. */
    private static int firstAtOrBefore(HistoryEvent[] events, Instant upper) {
        int lo = 0;
        int hi = events.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (events[mid].time().isAfter(upper)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The index of the first event after the cursor in LookupEvents order. */
    private static int firstAfter(HistoryEvent[] events, PageTokens.Cursor cursor) {
        int lo = 0;
        int hi = events.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            HistoryEvent e = events[mid];
            int c = cursor.time().compareTo(e.time());
            boolean atOrBeforeCursor = c < 0 || c == 0 && e.sequence() <= cursor.sequence();
            if (atOrBeforeCursor) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static byte[] render(List<HistoryEvent> page, String nextToken) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024 + page.size() * 2048);
        try (JsonGenerator g = Call.JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("Events");
            for (HistoryEvent e : page) {
                g.writeStartObject();
                writeText(g, "EventId", e.eventId());
                writeText(g, "EventName", e.eventName());
                writeText(g, "ReadOnly", e.readOnly());
                writeText(g, "AccessKeyId", e.accessKeyId());
                g.writeFieldName("EventTime");
                if (e.time().getNano() == 0) {
                    g.writeNumber(e.time().getEpochSecond());
                } else {
                    g.writeNumber(BigDecimal.valueOf(e.time().getEpochSecond()).add(BigDecimal.valueOf(e.time().getNano(), 9)));
                }
                writeText(g, "EventSource", e.eventSource());
                writeText(g, "Username", e.username());
                g.writeArrayFieldStart("Resources");
                for (HistoryEvent.Resource r : e.resources()) {
                    g.writeStartObject();
                    g.writeStringField("ResourceType", r.type());
                    g.writeStringField("ResourceName", r.name());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeFieldName("CloudTrailEvent");
                g.writeUTF8String(e.raw(), 0, e.raw().length);
                g.writeEndObject();
            }
            g.writeEndArray();
            writeText(g, "NextToken", nextToken);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    private static void writeText(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }
}
