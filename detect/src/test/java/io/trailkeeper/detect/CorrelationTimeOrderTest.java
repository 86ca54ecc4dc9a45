package io.trailkeeper.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.CloudTrailEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An engine fed in time order ({@link InMemoryEngine#forEventsInTimeOrder}) finds what the engine that evaluates
 * its correlations at the end finds, while holding only what the correlations' timespans still cover.
 */
class CorrelationTimeOrderTest {
    private static final String RULES = """
            title: IAM Call
            name: iam_call
            id: 3f0c1b8e-1a52-4d44-9a43-5c0d2f1e7a01
            logsource:
                product: aws
                service: cloudtrail
            detection:
                selection:
                    eventSource: iam.amazonaws.com
                condition: selection
            level: low
            ---
            title: Many IAM Calls By One User
            id: 3f0c1b8e-1a52-4d44-9a43-5c0d2f1e7a02
            correlation:
                type: event_count
                rules:
                    - iam_call
                group-by:
                    - userIdentity.userName
                timespan: 1h
                condition:
                    gte: 100
            level: medium
            """;
    private static final Instant START = Instant.parse("2024-03-01T00:00:00Z");

    @Test
    void tenDaysOfCallsHoldOnlyTheLastTwoHoursAndFireAsAtTheEnd() {
        // a call a minute for ten days, each user's 30 calls in half an hour (never 100 an hour), then none again;
        // at day five 150 calls in 45 s by one user
        List<CloudTrailEvent> events = new ArrayList<>();
        for (int i = 0; i < 14_400; i++) {
            events.add(call("user" + i / 30, START.plusSeconds(60L * i), "m" + i));
            if (i == 7_200) {
                for (int j = 0; j < 150; j++) {
                    events.add(call("mallory", START.plusSeconds(60L * i).plusMillis(300L * j), "b" + j));
                }
            }
        }
        SigmaRule[] rules = new RuleLoader().parse(RULES, "calls.yml").rules().toArray(SigmaRule[]::new);
        InMemoryEngine atTheEnd = new InMemoryEngine(List.of(rules));
        List<String> expected = new ArrayList<>();
        events.forEach(e -> atTheEnd.accept(e, m -> expected.add(describe(m))));
        assertEquals(events.size(), atTheEnd.correlationsHeld(), "without time order every hit waits for the end");
        atTheEnd.finish(m -> expected.add(describe(m)));

        InMemoryEngine inOrder = InMemoryEngine.forEventsInTimeOrder(List.of(rules));
        List<String> actual = new ArrayList<>();
        int most = 0;
        for (CloudTrailEvent e : events) {
            inOrder.accept(e, m -> actual.add(describe(m)));
            most = Math.max(most, inOrder.correlationsHeld());
        }
        // a user's window is let go an hour after the user's last call: the last two hours of calls at most
        assertTrue(most <= 2 * 61 + 150, "held at most two hours of calls and the burst: " + most);
        assertTrue(inOrder.correlationsHeld() <= 2 * 61, "at the end: " + inOrder.correlationsHeld());
        inOrder.finish(m -> actual.add(describe(m)));
        assertEquals(1, actual.stream().filter(d -> d.startsWith("Many IAM Calls By One User")).count(), "the burst");
        assertEquals(sorted(expected), sorted(actual));
    }

    @Test
    void everyMatchComesOutAfterTheOnesBeforeItsTimeAndTheCorrelationsFireAsAtTheEnd() {
        // the bundled pack over a stream with bursts of sign-in failures and reads, the events given in time order
        List<CloudTrailEvent> events = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            Instant t = START.plusMillis(700L * i + (i / 500) * 3_600_000L);
            events.add(i % 3 == 0 ? login("203.0.113." + i % 4, t, i % 30 == 0 ? "Success" : "Failure", "l" + i)
                    : read("user" + i % 2, t, "r" + i));
        }
        List<SigmaRule> pack = new RuleLoader().bundled().rules();
        InMemoryEngine atTheEnd = new InMemoryEngine(pack);
        List<String> expected = new ArrayList<>();
        events.forEach(e -> atTheEnd.accept(e, m -> expected.add(describe(m))));
        atTheEnd.finish(m -> expected.add(describe(m)));

        InMemoryEngine inOrder = InMemoryEngine.forEventsInTimeOrder(pack);
        List<String> actual = new ArrayList<>();
        List<Instant> settled = new ArrayList<>();
        for (CloudTrailEvent e : events) {
            inOrder.accept(e, m -> {
                Instant before = settled.isEmpty() ? null : settled.get(settled.size() - 1);
                assertTrue(before == null || !m.event().eventTime().isBefore(before), m + " after " + before);
                actual.add(describe(m));
            });
            settled.add(inOrder.settled());
        }
        inOrder.finish(m -> actual.add(describe(m)));
        assertTrue(expected.stream().filter(d -> !d.contains(" 1 events ")).count() > 10, "correlations fired: " + expected);
        assertEquals(sorted(expected), sorted(actual));
    }

    @Test
    void anEventASecondOutOfOrderIsTakenAndOneFurtherIsRefused() {
        List<SigmaRule> rules = new RuleLoader().parse(RULES, "calls.yml").rules();
        InMemoryEngine engine = InMemoryEngine.forEventsInTimeOrder(rules);
        engine.accept(call("alice", START.plusSeconds(10), "a"), m -> { });
        engine.accept(call("alice", START.plusMillis(9_000), "b"), m -> { }); // a second early: taken
        CloudTrailEvent late = call("alice", START.plusSeconds(8), "c");
        IllegalArgumentException e = assertThrows(EventsOutOfTimeOrderException.class, () -> engine.accept(late, m -> { }));
        assertTrue(e.getMessage().contains("e-c at 2024-03-01T00:00:08Z came after one at 2024-03-01T00:00:10Z"),
                e.getMessage());
    }

    private static List<String> sorted(List<String> matches) {
        List<String> out = new ArrayList<>(matches);
        out.sort(Comparator.naturalOrder());
        return out;
    }

    private static String describe(Match m) {
        StringBuilder s = new StringBuilder(m.rule().title() + " " + m.group() + " " + m.event().eventTime() + " "
                + m.events().size() + " events");
        m.events().forEach(e -> s.append(' ').append(e.eventId()));
        return s.toString();
    }

    private static CloudTrailEvent call(String user, Instant time, String id) {
        return Events.one("""
                {"eventVersion":"1.08","eventTime":"%s","eventSource":"iam.amazonaws.com","eventName":"ListUsers",\
                "awsRegion":"us-east-1","sourceIPAddress":"198.51.100.4","userIdentity":{"type":"IAMUser",\
                "arn":"arn:aws:iam::111122223333:user/%s","userName":"%s"},"eventID":"e-%s"}"""
                .formatted(time, user, user, id));
    }

    private static CloudTrailEvent login(String ip, Instant time, String outcome, String id) {
        return Events.one("""
                {"eventVersion":"1.08","eventTime":"%s","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin",\
                "awsRegion":"us-east-1","sourceIPAddress":"%s","userIdentity":{"type":"IAMUser",\
                "arn":"arn:aws:iam::111122223333:user/bob","userName":"bob"},"responseElements":{"ConsoleLogin":"%s"},\
                "additionalEventData":{"MFAUsed":"Yes"},"recipientAccountId":"111122223333","eventID":"e-%s"}"""
                .formatted(time, ip, outcome, id));
    }

    private static CloudTrailEvent read(String user, Instant time, String id) {
        return Events.one("""
                {"eventVersion":"1.08","eventTime":"%s","eventSource":"s3.amazonaws.com","eventName":"GetObject",\
                "awsRegion":"us-east-1","sourceIPAddress":"198.51.100.9","userIdentity":{"type":"IAMUser",\
                "arn":"arn:aws:iam::111122223333:user/%s","userName":"%s"},"requestParameters":{"bucketName":"b",\
                "key":"%s"},"eventCategory":"Data","eventID":"e-%s"}""".formatted(time, user, user, id, id));
    }
}
