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
        java.util.Map<String, Integer> byRule = new java.util.TreeMap<>();
        events.forEach(e -> engine.accept(e, m -> byRule.merge(m.rule().title(), 1, Integer::sum)));
        System.out.println("DEBUG " + byRule);
        com.fasterxml.jackson.databind.ObjectMapper om = new com.fasterxml.jackson.databind.ObjectMapper();
        for (int w = 0; w < 3; w++) {
            long t0 = System.nanoTime();
            long n = 0;
            for (CloudTrailEvent e : events) {
                try {
                    n += om.readTree(e.raw()).size();
                } catch (java.io.IOException x) {
                    throw new java.io.UncheckedIOException(x);
                }
            }
            System.out.println("DEBUG parse/s " + events.size() / ((System.nanoTime() - t0) / 1e9) + " " + n
                    + " avg bytes " + events.stream().mapToInt(e -> e.raw().length).average().getAsDouble());
        }
        for (SigmaRule r : rules.rules()) {
            if (r.detection() != null) {
                System.out.println("DEBUG " + r.title() + " " + CompiledDetection.required(r.detection(), "eventName")
                        + " " + CompiledDetection.required(r.detection(), "eventSource"));
            }
        }
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
        System.out.println("DEBUG finish share " + finishing / 1e9 + " of " + seconds);
        double perSecond = rounds * events.size() / seconds;
        System.out.printf("in-memory engine: %d rules, %.0f events/s on one thread, %d matches%n",
                rules.rules().size(), perSecond, matched.get());
        assertTrue(perSecond > 50_000, "events/s: " + perSecond);
    }
}
