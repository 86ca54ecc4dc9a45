package io.trailkeeper.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.testkit.EventGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine on several threads gives what one engine gives, in the same order, correlations included. */
class ParallelEngineTest {
    @Test
    void sameMatchesInTheSameOrderAsOneEngine() {
        RuleLoader loader = new RuleLoader();
        RuleSet rules = loader.load(Events.shared().resolve("sigma/rules")).plus(loader.bundled());
        EventGenerator generator = new EventGenerator(11, "111122223333");
        StringBuilder lines = new StringBuilder();
        Instant t = Instant.parse("2024-03-01T00:00:00Z");
        for (int i = 0; i < 20_000; i++) {
            lines.append(generator.record(t.plusMillis(i * 20L), EventGenerator.REGIONS.get(i % 17))).append('\n');
        }
        List<CloudTrailEvent> events = Events.of(lines.toString().split("\n"));

        List<String> expected = new ArrayList<>();
        InMemoryEngine one = new InMemoryEngine(rules);
        events.forEach(e -> one.accept(e, m -> expected.add(describe(m))));
        one.finish(m -> expected.add(describe(m)));

        for (int threads : new int[] {1, 2, 3}) {
            List<String> actual = new ArrayList<>();
            try (ParallelEngine many = new ParallelEngine(rules, threads)) {
                for (int from = 0; from < events.size(); from += 1000) {
                    many.accept(events.subList(from, Math.min(events.size(), from + 1000)), m -> actual.add(describe(m)));
                }
                many.finish(m -> actual.add(describe(m)));
            }
            assertEquals(expected, actual, threads + " threads");
        }
        assertTrue(expected.stream().anyMatch(s -> s.startsWith("correlation")), "some correlation fired");
    }

    private static String describe(Match m) {
        StringBuilder s = new StringBuilder(m.rule().correlation() != null ? "correlation " : "detection ");
        s.append(m.rule().title()).append(' ').append(m.group());
        m.events().forEach(e -> s.append(' ').append(e.recordHash()));
        return s.toString();
    }
}
