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
 * figures of record come from {@code bench detect}, not from a timed test: a loaded machine once ran this at a
 * fifth of its usual speed). It prints what it measured and asserts that every pass over the same events, after
 * {@code finish}, finds the same matches: state left over from an earlier pass would show here.
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
        events.forEach(e -> engine.accept(e, m -> matched.incrementAndGet()));
        engine.finish(m -> matched.incrementAndGet());
        long firstPass = matched.get();
        assertTrue(firstPass > 0, "the generated events match no rule");
        long start = System.nanoTime();
        int rounds = 5;
        long finishing = 0;
        for (int r = 0; r < rounds; r++) {
            matched.set(0);
            events.forEach(e -> engine.accept(e, m -> matched.incrementAndGet()));
            long f = System.nanoTime();
            engine.finish(m -> matched.incrementAndGet());
            finishing += System.nanoTime() - f;
            assertEquals(firstPass, matched.get(), "matches in pass " + (r + 2));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double perSecond = rounds * events.size() / seconds;
        System.out.printf("in-memory engine: %d rules, %.0f events/s on one thread (%.0f%% of the time in"
                + " correlations), %d matches%n", rules.rules().size(), perSecond, 100 * finishing / 1e9 / seconds,
                matched.get());
    }
}
