package io.trailkeeper.cli;

import io.trailkeeper.detect.Match;
import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * The matches of an engine fed in time order, put exactly in {@link DetectCommand#IN_TIME_ORDER}: they come nearly
 * in order (a correlation's match once the events are a second past it, events of one time in the store's order),
 * so each is held only until the engine says no earlier match can come ({@code settled}), and matches of events
 * without a time until the end, where that order puts them. Equal matches keep the order they came in.
 */
final class OrderedMatches {
    private record Entry(Match match, long arrival) {
    }

    private static final Comparator<Entry> ORDER = Comparator.comparing(Entry::match, DetectCommand.IN_TIME_ORDER)
            .thenComparingLong(Entry::arrival);

    private final PriorityQueue<Entry> held = new PriorityQueue<>(ORDER);
    private final Consumer<Match> out;
    private long arrivals;

    OrderedMatches(Consumer<Match> out) {
        this.out = out;
    }

    void add(Match m) {
        held.add(new Entry(m, arrivals++));
    }

    /** Gives out, in order, the matches held whose time is before {@code settled} (none when it is null). */
    void release(Instant settled) {
        while (settled != null && !held.isEmpty()) {
            Instant t = held.peek().match().event().eventTime();
            if (t == null || !t.isBefore(settled)) {
                return;
            }
            out.accept(held.poll().match());
        }
    }

    /** Gives out every match held, in order. */
    void releaseAll() {
        while (!held.isEmpty()) {
            out.accept(held.poll().match());
        }
    }

    /** How many matches wait (for tests). */
    int held() {
        return held.size();
    }
}
