package io.trailkeeper.detect.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.detect.InMemoryEngine;
import io.trailkeeper.detect.Match;
import io.trailkeeper.detect.RuleLoader;
import io.trailkeeper.events.CloudTrailEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A watch round groups a correlation's matches into incidents as the matches come, in time order, holding the open
 * incidents only: the same incidents as {@link CorrelationIncidents#merge} of every match at once.
 */
class IncidentsAsFoundTest {
    private static final Instant START = Instant.parse("2024-03-01T10:00:00Z");

    @Test
    void burstsHoursApartAreTheMergesIncidentsAndOnlyTheOpenOneIsHeld() {
        List<CloudTrailEvent> events = new ArrayList<>();
        // 50 bursts an hour apart, each by other principals (an incident no later match of its group closes): one
        // reads 1,000 objects in 3 minutes (9 windows of 101), another 150 beside it
        for (int hour = 0; hour < 50; hour++) {
            Instant at = START.plusSeconds(3600L * hour);
            for (int i = 0; i < 1000; i++) {
                events.add(AlertSamples.s3Read("alice" + hour, at.plusMillis(180L * i), hour + "a" + i));
                if (i % 6 == 0 && i / 6 < 150) {
                    events.add(AlertSamples.s3Read("bob" + hour, at.plusMillis(180L * i + 1), hour + "b" + i));
                }
            }
        }
        List<Match> all = new ArrayList<>();
        List<Match> grouped = new ArrayList<>();
        int[] mostHeld = {0};
        IncidentsAsFound incidents = new IncidentsAsFound(grouped::add);
        // the bundled S3 mass-access correlation (5 minutes) and its base rule: other bundled rules over the same reads
        // (the hour's count from public addresses, 67a05f1) would change the counts this test is about
        java.util.Set<String> s3MassAccess = java.util.Set.of("f86ec6b9-4651-4932-96ac-59aab5fbc4c3",
                "2d5007be-43b5-44bf-9117-41a7c1ee708d");
        List<io.trailkeeper.detect.SigmaRule> rules = new RuleLoader().bundled().rules().stream()
                .filter(r -> s3MassAccess.contains(r.id())).toList();
        assertEquals(2, rules.size(), "the rule and its correlation");
        InMemoryEngine engine = InMemoryEngine.forEventsInTimeOrder(rules);
        java.util.function.Consumer<Match> found = m -> {
            all.add(m);
            incidents.add(m);
            mostHeld[0] = Math.max(mostHeld[0], incidents.held());
        };
        events.forEach(e -> engine.accept(e, found));
        engine.finish(found);
        incidents.finish();

        long correlated = all.stream().filter(CorrelationIncidents::correlated).count();
        assertEquals(50 * (9 + 1), correlated, "Sigma's windows: 9 of one's burst and one of the other's, an hour");
        assertTrue(mostHeld[0] <= 2 * (9 + 1), "held at most: " + mostHeld[0] + " of " + correlated);
        assertEquals(keys(CorrelationIncidents.merge(all)), keys(grouped));
        assertEquals(100, grouped.stream().filter(CorrelationIncidents::correlated).count(),
                "one incident a burst a principal");
        assertEquals(0, incidents.held());
    }

    private static java.util.Set<String> keys(List<Match> matches) {
        return matches.stream().map(m -> Alert.of(m).key()).collect(java.util.stream.Collectors.toSet());
    }
}
