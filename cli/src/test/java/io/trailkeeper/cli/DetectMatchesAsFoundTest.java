package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.detect.InMemoryEngine;
import io.trailkeeper.detect.Match;
import io.trailkeeper.detect.SigmaRule;
import io.trailkeeper.store.EventQuery;
import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.EventStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * detect gives each match out while it reads the store, in time order, instead of keeping every match until a
 * final sort (SigmaHQ's rules over 2 million events: 1.46 million matches, more than a 1 GB heap).
 */
class DetectMatchesAsFoundTest {
    @TempDir
    Path dir;

    @Test
    void matchesGoOutInTimeOrderWhileTheStoreIsReadAndAreThoseOfTheSortedPass() {
        Path store = GeneratedStore.ingest(dir);
        try (EventStore s = EventStore.openForReading(store, EventStore.StoreOptions.defaults())) {
            List<SigmaRule> rules = RulesCommand.load(List.of(), true, TrailBuckets.placeholders(s)).rules();
            List<String> given = new ArrayList<>();
            long[] read = {0};
            long[] givenWhileReading = {0};
            long events = StoreDetection.run(s, rules, EventQuery.all(), m -> {
                given.add(describe(m));
                if (read[0] < 40_000) {
                    givenWhileReading[0]++;
                }
            }, n -> read[0] = n);
            assertEquals(40_000, events);
            assertTrue(given.size() > 1_000, "matches: " + given.size());
            assertTrue(givenWhileReading[0] > given.size() * 9 / 10, "given out while the store was read: "
                    + givenWhileReading[0] + " of " + given.size());
            assertEquals(sortedAtTheEnd(s, rules), given);
        }
    }

    /** The matches as detect gave them before: every match kept, in the store's order, then sorted. */
    private static List<String> sortedAtTheEnd(EventStore s, List<SigmaRule> rules) {
        InMemoryEngine engine = new InMemoryEngine(rules);
        List<Match> all = new ArrayList<>();
        try (RecordBatches batches = new RecordBatches(e -> engine.accept(e, all::add))) {
            new EventSearch(s).recordsInStoredOrder(EventQuery.all(), batches::add);
        }
        engine.finish(all::add);
        all.sort(DetectCommand.IN_TIME_ORDER);
        return all.stream().map(DetectMatchesAsFoundTest::describe).toList();
    }

    private static String describe(Match m) {
        return m.event().eventTime() + " " + m.rule().title() + " " + m.event().recordHash() + " "
                + m.events().size() + " events " + m.group();
    }
}
