package io.trailkeeper.cli;

import io.trailkeeper.detect.InMemoryEngine;
import io.trailkeeper.detect.Match;
import io.trailkeeper.detect.SigmaRule;
import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import io.trailkeeper.store.EventQuery;
import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.EventStore;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/** The detection pass of {@code detect} and {@code watch} over a store: one pass in time order, matches as found. */
final class StoreDetection {
    private StoreDetection() {
    }

    /**
     * Runs the rules over the events the query selects, read in time order (a page of raw chunks at a time), and
     * gives each match to {@code out} in {@link DetectCommand#IN_TIME_ORDER} as soon as no earlier one can come,
     * telling {@code progress} how many events were read; returns that number. What is held meanwhile is what the
     * correlations' timespans cover and the matches of the last second, not every match.
     */
    static long run(EventStore store, List<SigmaRule> rules, EventQuery q, Consumer<Match> out,
                    LongConsumer progress) {
        InMemoryEngine engine = InMemoryEngine.forEventsInTimeOrder(rules);
        OrderedMatches ordered = new OrderedMatches(out);
        long[] events = {0};
        try (RecordBatches batches = new RecordBatches(e -> {
            events[0]++;
            progress.accept(events[0]);
            try {
                engine.accept(e, ordered::add);
            } catch (IllegalArgumentException outOfOrder) {
                throw outOfTimeOrder(store, outOfOrder);
            }
            ordered.release(engine.settled());
        })) {
            new EventSearch(store).records(q, batches::add);
        }
        engine.finish(ordered::add);
        ordered.releaseAll();
        return events[0];
    }

    /**
     * The engine refusing a record more than a second out of time order, said as what it is: the time the store keeps
     * for the record (which orders the pass) is not its eventTime.
     */
    static TrailKeeperException outOfTimeOrder(EventStore store, IllegalArgumentException e) {
        return new TrailKeeperException(ErrorCode.STORE_UNREADABLE, "detection reads the store " + store.path()
                + " in time order, and a record came out of it: " + e.getMessage(), "if an earlier TrailKeeper wrote"
                + " the store, `trailkeeper rederive` reads its records again; if not, run with -x and report it", e);
    }
}
