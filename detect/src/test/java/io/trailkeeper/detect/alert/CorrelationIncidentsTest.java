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

/** A burst of S3 reads by one principal is one alert of the bundled "many S3 objects" correlation, not one per window. */
class CorrelationIncidentsTest {
    private static final String RULE = "2d5007be-43b5-44bf-9117-41a7c1ee708d";
    private static final Instant START = Instant.parse("2024-03-01T10:00:00Z");

    @Test
    void aBurstOfReadsByOnePrincipalIsOneAlertSayingHowManyEventsAndWhen() {
        List<CloudTrailEvent> events = new ArrayList<>();
        // alice: 1,000 reads in 3 minutes; bob: 150 at the same time; alice again 150 reads an hour later
        for (int i = 0; i < 1000; i++) {
            events.add(AlertSamples.s3Read("alice", START.plusMillis(180L * i), "a" + i));
            if (i % 6 == 0 && i / 6 < 150) {
                events.add(AlertSamples.s3Read("bob", START.plusMillis(180L * i + 1), "b" + i));
            }
        }
        for (int i = 0; i < 150; i++) {
            events.add(AlertSamples.s3Read("alice", START.plusSeconds(3600 + i), "c" + i));
        }
        List<Match> matches = detect(events);
        assertEquals(9 + 1 + 1, matches.size(), "Sigma's windows: 9 of 101 in alice's burst, bob's, alice's later one");

        MemoryAlertState state = new MemoryAlertState();
        List<Alert> raised;
        try (AlertDispatcher d = new AlertDispatcher(List.of(), state, AlertDispatcherTest.FAST)) {
            raised = d.raise(matches);
        }
        assertEquals(3, raised.size(), raised.stream().map(Alert::text).toList().toString());
        Alert burst = raised.stream().filter(a -> a.principal().endsWith("/alice") && a.recordHashes().size() > 101)
                .findFirst().orElseThrow();
        assertEquals(909, burst.recordHashes().size(), "every event of the 9 windows, each once");
        assertEquals(909, burst.recordHashes().stream().distinct().count());
        assertEquals(START, burst.firstEventTime());
        assertEquals(START.plusMillis(180L * 908), burst.eventTime());
        assertTrue(burst.text().contains("(909 events from 2024-03-01T10:00:00Z to 2024-03-01T10:02:43.440Z)"),
                burst.text());
        Alert back = Alert.fromJson(burst.toJson());
        assertEquals(burst.firstEventTime(), back.firstEventTime());
        assertEquals(burst.key(), back.key());
        assertEquals(List.of(101, 101), raised.stream().filter(a -> a != burst)
                .map(a -> a.recordHashes().size()).sorted().toList(), "bob's and alice's later reads apart");
    }

    @Test
    void aLaterRoundWhoseLookBackStartsInsideTheBurstRaisesNothingNew() {
        List<CloudTrailEvent> burst = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            burst.add(AlertSamples.s3Read("alice", START.plusMillis(180L * i), "a" + i));
        }
        MemoryAlertState state = new MemoryAlertState();
        try (AlertDispatcher d = new AlertDispatcher(List.of(), state, AlertDispatcherTest.FAST)) {
            assertEquals(1, d.raise(detect(burst.subList(0, 600))).size(), "the burst so far");
            // the next round sees the rest and, its look-back past the first 250, other windows of the same reads
            List<Alert> again = d.raise(detect(burst.subList(250, 1000)));
            assertEquals(List.of(), again.stream().map(Alert::text).toList(), "one incident, raised once");
        }
    }

    @Test
    void aDetectionRulesMatchesPassUnchanged() {
        List<Match> two = List.of(AlertSamples.match("StopLogging", 1), AlertSamples.match("StopLogging", 2));
        assertEquals(two, CorrelationIncidents.merge(two));
    }

    private static List<Match> detect(List<CloudTrailEvent> events) {
        InMemoryEngine engine = new InMemoryEngine(new RuleLoader().bundled());
        List<Match> out = new ArrayList<>();
        events.forEach(e -> engine.accept(e, out::add));
        engine.finish(out::add);
        return out.stream().filter(m -> RULE.equals(m.rule().id())).toList();
    }
}
