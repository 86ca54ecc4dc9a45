package io.trailkeeper.cli;

import io.trailkeeper.detect.EventsOutOfTimeOrderException;
import io.trailkeeper.detect.InMemoryEngine;
import io.trailkeeper.detect.Match;
import io.trailkeeper.detect.SigmaRule;
import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import io.trailkeeper.store.EventQuery;
import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.EventStore;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The detection pass of {@code detect}, {@code watch} and {@code report} over a store: one pass in time order, matches
 * as found.
 */
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
        OrderedMatches ordered = new OrderedMatches(out);
        long events = pass(store, rules, records -> new EventSearch(store).records(q, records), ordered::add,
                ordered::release, progress);
        ordered.releaseAll();
        return events;
    }

    /**
     * One pass of the engine made for events in time order over the records {@code read} gives (in time order),
     * each match to {@code out} as the engine gives it (nearly in time order), and after each event the time before
     * which every match has been given to {@code settled} ({@link InMemoryEngine#settled()}); {@code progress} is told
     * how many events were read, which is returned. A record more than a second out of time order ends the pass
     * ({@link #outOfTimeOrder}).
     */
    static long pass(EventStore store, List<SigmaRule> rules, Consumer<Consumer<byte[]>> read, Consumer<Match> out,
                     Consumer<Instant> settled, LongConsumer progress) {
        InMemoryEngine engine = InMemoryEngine.forEventsInTimeOrder(rules);
        long[] events = {0};
        try (RecordBatches batches = new RecordBatches(e -> {
            progress.accept(++events[0]);
            try {
                engine.accept(e, out);
            } catch (EventsOutOfTimeOrderException outOfOrder) {
                throw outOfTimeOrder(store, outOfOrder);
            }
            settled.accept(engine.settled());
        })) {
            read.accept(batches::add);
        }
        engine.finish(out);
        return events[0];
    }

    /**
     * The engine refusing a record more than a second out of time order, said as what it is: the time the store keeps
     * for the record (which orders the pass) is not its eventTime.
     */
    static TrailKeeperException outOfTimeOrder(EventStore store, EventsOutOfTimeOrderException e) {
        return new TrailKeeperException(ErrorCode.STORE_UNREADABLE, "detection reads the store " + store.path()
                + " in time order, and a record came out of it: " + e.getMessage(), "if an earlier TrailKeeper wrote"
                + " the store, `trailkeeper rederive` reads its records again; if not, run with -x and report it", e);
    }
}
