package io.trailkeeper.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.testkit.EventGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A quick measure of the in-memory engine over generated records with every SigmaHQ and bundled rule (the
 * figures of record come from {@code bench detect}); it asserts only a bound far below the target, so that a
 * slow machine does not fail the build, and prints what it measured.
 */
class ThroughputTest {
    @Test
    void allRulesInOnePass() {
        RuleLoader loader = new RuleLoader();
        RuleSet rules = loader.load(Events.shared().resolve("sigma/rules")).plus(loader.bundled());
        assertEquals(List.of(), rules.problems());
        EventGenerator generator = new EventGenerator(42, "111122223333");
        StringBuilder lines = new StringBuilder();
        Instant t = Instant.parse("2024-03-01T00:00:00Z");
        for (int i = 0; i < 100_000; i++) {
            lines.append(generator.record(t.plusSeconds(i), EventGenerator.REGIONS.get(i % 17))).append('\n');
        }
        List<CloudTrailEvent> events = new ArrayList<>(Events.of(lines.toString().split("\n")));
        InMemoryEngine engine = new InMemoryEngine(rules);
        AtomicLong matched = new AtomicLong();
        for (int warm = 0; warm < 3; warm++) {
            events.forEach(e -> engine.accept(e, m -> matched.incrementAndGet()));
            engine.finish(m -> matched.incrementAndGet());
        }
        long start = System.nanoTime();
        int rounds = 5;
        long finishing = 0;
        for (int r = 0; r < rounds; r++) {
            events.forEach(e -> engine.accept(e, m -> matched.incrementAndGet()));
            long f = System.nanoTime();
            engine.finish(m -> matched.incrementAndGet());
            finishing += System.nanoTime() - f;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double perSecond = rounds * events.size() / seconds;
        System.out.printf("in-memory engine: %d rules, %.0f events/s on one thread (%.0f%% of the time in"
                + " correlations), %d matches%n", rules.rules().size(), perSecond, 100 * finishing / 1e9 / seconds,
                matched.get());
        assertTrue(perSecond > 50_000, "events/s: " + perSecond);
    }
}
