package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.detect.Match;
import io.trailkeeper.detect.SigmaRule;
import io.trailkeeper.detect.alert.Alert;
import io.trailkeeper.detect.alert.AlertDispatcher;
import io.trailkeeper.detect.alert.AlertState;
import io.trailkeeper.detect.alert.MemoryAlertState;
import io.trailkeeper.store.EventQuery;
import io.trailkeeper.store.EventStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watch round makes its alerts as the matches are found and raises them a batch at a time, where it kept every
 * match of the store in a list and raised them in one call (the first round over 2 million events: 1.46 million
 * matches of SigmaHQ's rules, gigabytes of heap): the same alerts raised.
 */
class WatchRoundAlertsTest {
    /** Smaller than watch's batch ({@link RoundAlerts#BATCH}): the generated store's matches make several. */
    private static final int BATCH = 1_000;

    @TempDir
    Path dir;

    @Test
    void aRoundRaisesTheAlertsOfEveryMatchInBatches() {
        Path store = GeneratedStore.ingest(dir);
        try (EventStore s = EventStore.openForReading(store, EventStore.StoreOptions.defaults())) {
            List<SigmaRule> rules = RulesCommand.load(List.of(), true, TrailBuckets.placeholders(s)).rules();
            List<Match> all = new ArrayList<>();
            StoreDetection.run(s, rules, EventQuery.all(), all::add, n -> { });
            Set<String> before = keys(raiseAsBefore(all));

            Batches batches = new Batches();
            try (RoundAlerts round = new RoundAlerts(BATCH);
                 AlertDispatcher d = new AlertDispatcher(List.of(), batches, AlertDispatcherOptions.FAST)) {
                StoreDetection.run(s, rules, EventQuery.all(), round::add, n -> { });
                round.finish();
                assertEquals(all.size(), round.matches());
                // only correlation matches are held, and only while their incident is open (IncidentsAsFoundTest):
                // never the round's list of matches (the generated calls fire a correlation or two, such as the
                // bundled secrets_many_read on a role's secret reads)
                long correlations = all.stream().filter(m -> !m.group().isEmpty()).count();
                assertTrue(round.mostHeld() <= correlations, round.mostHeld() + " held of " + correlations);
                assertEquals(before.size(), round.raise(d, () -> false));
                assertEquals(0, round.unraised());
            }
            assertTrue(before.size() > BATCH, "alerts: " + before.size());
            assertEquals(before, keys(batches.raised));
            assertTrue(batches.largest <= BATCH, "largest batch raised: " + batches.largest);
        }
    }

    /**
     * A stop (Ctrl-C, SIGTERM) ends the raising after the batch being raised: a first round over a large store raises
     * for half an hour, and went on after the signal (the next run raises the rest).
     */
    @Test
    void aStopEndsTheRaisingAfterTheBatchBeingRaised() {
        Path store = GeneratedStore.ingest(dir);
        Batches batches = new Batches();
        try (EventStore s = EventStore.openForReading(store, EventStore.StoreOptions.defaults());
             RoundAlerts round = new RoundAlerts(BATCH);
             AlertDispatcher d = new AlertDispatcher(List.of(), batches, AlertDispatcherOptions.FAST)) {
            List<SigmaRule> rules = RulesCommand.load(List.of(), true, TrailBuckets.placeholders(s)).rules();
            StoreDetection.run(s, rules, EventQuery.all(), round::add, n -> { });
            round.finish();
            assertTrue(round.matches() > 2 * BATCH, "matches: " + round.matches());
            assertEquals(BATCH, round.raise(d, () -> !batches.raised.isEmpty()));
            // no correlation fires: an alert a match, and those after the first batch are said not raised
            assertEquals(round.matches() - BATCH, round.unraised());
        }
        assertEquals(BATCH, batches.raised.size());
    }

    /** What watch raised before: every match of the round at once. */
    private static List<Alert> raiseAsBefore(List<Match> all) {
        try (AlertDispatcher d = new AlertDispatcher(List.of(), new MemoryAlertState(), AlertDispatcherOptions.FAST)) {
            return d.raise(all);
        }
    }

    private static Set<String> keys(Collection<Alert> alerts) {
        return alerts.stream().map(Alert::key).collect(Collectors.toSet());
    }

    /** A state in memory that remembers the largest call. */
    private static final class Batches implements AlertState {
        final MemoryAlertState state = new MemoryAlertState();
        final List<Alert> raised = new ArrayList<>();
        int largest;

        @Override
        public synchronized List<Alert> raise(List<Alert> alerts, Collection<String> sinks) {
            largest = Math.max(largest, alerts.size());
            List<Alert> fresh = state.raise(alerts, sinks);
            raised.addAll(fresh);
            return fresh;
        }

        @Override
        public List<Alert> pending(String sink, int limit) {
            return state.pending(sink, limit);
        }

        @Override
        public void delivered(Alert alert, String sink) {
            state.delivered(alert, sink);
        }

        @Override
        public void failed(Alert alert, String sink, String error) {
            state.failed(alert, sink, error);
        }
    }

    /** Dispatcher options that close at once: there are no sinks. */
    private static final class AlertDispatcherOptions {
        static final AlertDispatcher.Options FAST = new AlertDispatcher.Options(10, Duration.ofMillis(10),
                Duration.ofMillis(50), Duration.ofMillis(100));
    }
}
