package io.trailkeeper.store.coverage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The times a trail recorded data events, as its stored selector history shows, but its selectors (a stored
 * PutEventSelectors) did not log every S3 object read and write: reads or writes not selected at all (writes only,
 * DynamoDB tables only), some buckets or prefixes only, or an eventName, userIdentity.arn or other condition that
 * leaves calls out. Read as {@code audit} reads today's selectors, so coverage and the audit agree.
 */
final class S3SelectionGaps {
    private static final int SPANS_SHOWN = 4;

    private S3SelectionGaps() {
    }

    /** A time the selectors in force left {@code unlogged} unlogged; {@code to} null when it lasts to the end. */
    record Span(Instant from, Instant to, String unlogged) {
        String words() {
            return (to == null ? "from " + from + " on" : "from " + from + " to " + to) + ", " + unlogged;
        }
    }

    /**
     * One gap per trail whose selectors left S3 object reads or writes unlogged at some time of [start, end) (the
     * window's days, from the start of the first to the end of the last).
     */
    static List<CoverageGap> gaps(SelectorHistory history, Instant start, Instant end) {
        List<CoverageGap> out = new ArrayList<>();
        for (SelectorHistory.Trail t : history.trails().values()) {
            List<Span> spans = spans(t, history.logBuckets(), start, end);
            if (!spans.isEmpty()) {
                out.add(gap(t, spans, end));
            }
        }
        return out;
    }

    /** The spans of [start, end) when the trail recorded data events but left S3 object calls unlogged. */
    static List<Span> spans(SelectorHistory.Trail t, java.util.Set<String> logBuckets, Instant start, Instant end) {
        return spans(t, p -> t.s3Unlogged(p, logBuckets), start, end);
    }

    /**
     * The spans of [start, end) when the trail recorded data events but {@code unloggedAt} (what its selectors in force
     * then leave unlogged, "" or null for nothing) says some.
     */
    static List<Span> spans(SelectorHistory.Trail t, java.util.function.Function<Instant, String> unloggedAt,
                            Instant start, Instant end) {
        List<Instant> points = new ArrayList<>(List.of(start));
        t.changes().stream().map(SelectorHistory.Change::at).filter(a -> a.isAfter(start) && a.isBefore(end))
                .forEach(points::add);
        List<Span> out = new ArrayList<>();
        Instant from = null;
        String open = null;
        for (Instant p : points) {
            String unlogged = t.at(p) == SelectorHistory.Recording.YES ? unloggedAt.apply(p) : null;
            String now = unlogged == null || unlogged.isEmpty() ? null : unlogged;
            if (open != null && !open.equals(now)) {
                out.add(new Span(from, p, open));
                open = null;
            }
            if (now != null && open == null) {
                from = p;
                open = now;
            }
        }
        if (open != null) {
            out.add(new Span(from, null, open));
        }
        return out;
    }

    /**
     * For a collect auto note: {@code ; its selectors did not log every S3 object read and write: from T on, no S3
     * object reads}, or "" when they logged them all whenever it recorded data events in [start, end).
     */
    static String unlogged(SelectorHistory history, SelectorHistory.Trail t, Instant start, Instant end) {
        List<Span> spans = spans(t, history.logBuckets(), start, end);
        return spans.isEmpty() ? "" : "; its selectors did not log every S3 object read and write: " + when(spans);
    }

    static String when(List<Span> spans) {
        List<String> shown = spans.subList(Math.max(0, spans.size() - SPANS_SHOWN), spans.size()).stream()
                .map(Span::words).toList();
        return (spans.size() > SPANS_SHOWN ? (spans.size() - SPANS_SHOWN) + " earlier times, then " : "")
                + String.join("; ", shown);
    }

    /** The days the spans touch, an open one to {@code end}. */
    static List<DayRange> days(List<Span> spans, Instant end) {
        List<LocalDate> days = new ArrayList<>();
        for (Span s : spans) {
            Instant to = s.to() == null ? end : s.to();
            for (LocalDate d = LocalDate.ofInstant(s.from(), ZoneOffset.UTC);
                 d.atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(to); d = d.plusDays(1)) {
                days.add(d);
            }
        }
        return DayRange.of(days);
    }

    private static CoverageGap gap(SelectorHistory.Trail t, List<Span> spans, Instant end) {
        String when = when(spans);
        String brief = "trail " + t.name() + "'s selectors did not log every S3 object read and write: " + when
                + " (its selector history in the store)";
        String fix = "select every bucket's object reads and writes (`trailkeeper fix --plan` writes such selectors);"
                + " another trail's files may hold the calls these left out (`trailkeeper collect auto` reads every"
                + " trail that selects data events)";
        String sentence = "Trail " + t.name() + " recorded data events, as the store's CloudTrail calls show ("
                + DataEventSelectors.calls(t) + "), but its selectors did not log every S3 object read and write: "
                + when + ": whether objects outside them were read or written then cannot be told from its files; "
                + fix + ".";
        return new CoverageGap(CoverageGap.Kind.NO_DATA_EVENTS, List.of(), days(spans, end), "", brief, sentence,
                fix);
    }
}
