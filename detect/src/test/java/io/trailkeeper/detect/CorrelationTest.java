package io.trailkeeper.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.events.CloudTrailEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorrelationTest {
    private static final String LOGINS = """
            title: Console login failed
            name: login_failed
            logsource: {product: aws, service: cloudtrail}
            detection:
                selection:
                    eventName: ConsoleLogin
                    responseElements.ConsoleLogin: Failure
                condition: selection
            level: low
            ---
            title: Console login succeeded
            name: login_succeeded
            logsource: {product: aws, service: cloudtrail}
            detection:
                selection:
                    eventName: ConsoleLogin
                    responseElements.ConsoleLogin: Success
                condition: selection
            level: informational
            ---
            title: Many failed logins
            name: many_failed
            correlation:
                type: event_count
                rules: login_failed
                group-by: [userIdentity.userName]
                timespan: 10m
                condition: {gte: 5}
            level: medium
            ---
            title: Failed logins then success
            id: brute-force-success
            author: tester
            correlation:
                type: temporal_ordered
                rules: [many_failed, login_succeeded]
                group-by: [userIdentity.userName]
                timespan: 10m
            level: high
            """;

    @Test
    void fiveFailedLoginsThenASuccessWithinTenMinutesPerUser() {
        List<CloudTrailEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(login("alice", "10:0" + i + ":00", "Failure"));
        }
        events.add(login("bob", "10:02:30", "Failure"));
        events.add(login("alice", "10:06:00", "Success"));
        // bob: four failures and a success; carol: five failures over 20 minutes, then a success
        for (int i = 0; i < 3; i++) {
            events.add(login("bob", "10:0" + (3 + i) + ":00", "Failure"));
        }
        events.add(login("bob", "10:07:00", "Success"));
        for (int i = 0; i < 5; i++) {
            events.add(login("carol", "11:" + (10 + 5 * i) + ":00", "Failure"));
        }
        events.add(login("carol", "11:31:00", "Success"));
        List<Match> matches = run(LOGINS, events);
        assertEquals(List.of("Failed logins then success [alice] 6 events, last at 2024-03-01T10:06:00Z"),
                describe(matches));
    }

    @Test
    void aCorrelationsMatchCreditsTheAuthorsOfTheRulesItCorrelates() {
        String yaml = LOGINS.replace("name: login_failed\n", "name: login_failed\nauthor: Failure Author\n")
                .replace("name: login_succeeded\n", "name: login_succeeded\nauthor: tester\n");
        List<CloudTrailEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(login("alice", "10:0" + i + ":00", "Failure"));
        }
        events.add(login("alice", "10:06:00", "Success"));
        List<Match> matches = run(yaml, events);
        assertEquals(List.of("tester; correlating rules by Failure Author"), matches.stream()
                .map(m -> m.rule().author()).toList(), "through many_failed, which has no author of its own");
        assertEquals(List.of("tester"), run(LOGINS.replace("name: login_failed\n", "name: login_failed\nauthor: tester\n"),
                events).stream().map(m -> m.rule().author()).toList(), "no one else to credit");
    }

    @Test
    void aSuccessBeforeTheFailuresDoesNotCount() {
        List<CloudTrailEvent> events = new ArrayList<>();
        events.add(login("alice", "10:00:00", "Success"));
        for (int i = 1; i < 6; i++) {
            events.add(login("alice", "10:0" + i + ":00", "Failure"));
        }
        assertEquals(List.of(), describe(run(LOGINS, events)));
    }

    static final String FAIL_OK_KEY = """
            title: Console login failed
            name: failed_login
            logsource: {product: aws, service: cloudtrail}
            detection:
                selection:
                    eventName: ConsoleLogin
                    responseElements.ConsoleLogin: Failure
                condition: selection
            ---
            title: Console login succeeded
            name: ok_login
            logsource: {product: aws, service: cloudtrail}
            detection:
                selection:
                    eventName: ConsoleLogin
                    responseElements.ConsoleLogin: Success
                condition: selection
            ---
            title: Access key created
            name: new_key
            logsource: {product: aws, service: cloudtrail}
            detection:
                selection:
                    eventName: CreateAccessKey
                condition: selection
            ---
            title: Failure, success, new key
            id: fail-ok-key
            correlation:
                type: temporal_ordered
                rules: [failed_login, ok_login, new_key]
                group-by: [userIdentity.userName]
                timespan: 5m
            """;

    @Test
    void anOrderedSequenceFiresWhenItsFirstRuleMatchesAgainPartway() {
        List<CloudTrailEvent> events = List.of(login("bob", "10:10:00", "Failure"), login("bob", "10:10:10", "Success"),
                login("bob", "10:10:20", "Failure"), call("bob", "10:10:30", "CreateAccessKey"));
        List<Match> matches = run(FAIL_OK_KEY, events);
        assertEquals(List.of("Failure, success, new key [bob] 3 events, last at 2024-03-01T10:10:30Z"),
                describe(matches));
        assertEquals(List.of("10:10:30", "10:10:10", "10:10:00"), matches.get(0).events().stream()
                .map(e -> e.eventTime().toString().substring(11, 19)).toList());
    }

    @Test
    void anOrderedSequenceKeepsTheLatestStartAndTheTimespan() {
        // the failure at 10:02 starts a chain still within 5m of the key; 10:00's alone would be too old
        assertEquals(List.of("Failure, success, new key [carol] 3 events, last at 2024-03-01T10:06:30Z"),
                describe(run(FAIL_OK_KEY, List.of(login("carol", "10:00:00", "Failure"),
                        login("carol", "10:02:00", "Failure"), login("carol", "10:03:00", "Success"),
                        call("carol", "10:06:30", "CreateAccessKey")))));
        // the only success precedes the later failure: the chain starts at 10:00, too long ago
        assertEquals(List.of(), describe(run(FAIL_OK_KEY, List.of(login("dave", "10:00:00", "Failure"),
                login("dave", "10:01:00", "Success"), login("dave", "10:02:00", "Failure"),
                call("dave", "10:05:01", "CreateAccessKey")))));
        // out of order: a key before the success
        assertEquals(List.of(), describe(run(FAIL_OK_KEY, List.of(login("erin", "10:00:00", "Failure"),
                call("erin", "10:00:10", "CreateAccessKey"), login("erin", "10:00:20", "Success")))));
        // a window that fired starts again empty: one sequence, one match
        assertEquals(1, run(FAIL_OK_KEY, List.of(login("bob", "10:10:00", "Failure"),
                login("bob", "10:10:10", "Success"), call("bob", "10:10:30", "CreateAccessKey"),
                call("bob", "10:10:40", "CreateAccessKey"))).size());
    }

    @Test
    void aTemporalConditionCountsTheRulesThatMatched() {
        String twoOfThree = FAIL_OK_KEY.replace("type: temporal_ordered", "type: temporal")
                .replace("    timespan: 5m\n", "    timespan: 5m\n    condition: {gte: 2}\n");
        // a success and a key: two of the three rules
        List<CloudTrailEvent> two = List.of(call("bob", "10:00:00", "CreateAccessKey"), login("bob", "10:01:00", "Success"));
        assertEquals(List.of("Failure, success, new key [bob] 2 events, last at 2024-03-01T10:01:00Z"),
                describe(run(twoOfThree, two)));
        assertEquals(List.of(), describe(run(FAIL_OK_KEY.replace("type: temporal_ordered", "type: temporal"), two)));
        // in order, two of three: a success then a key is in the order listed, a key then a success is not
        String ordered = FAIL_OK_KEY.replace("    timespan: 5m\n", "    timespan: 5m\n    condition: {gt: 1}\n");
        assertEquals(List.of(), describe(run(ordered, two)));
        assertEquals(List.of("Failure, success, new key [bob] 2 events, last at 2024-03-01T10:02:00Z"),
                describe(run(ordered, List.of(login("bob", "10:01:00", "Success"), call("bob", "10:02:00",
                        "CreateAccessKey")))));
    }

    @Test
    void aTemporalConditionTheEngineCannotUseIsRejected() {
        for (String[] c : new String[][] {
                {"'failed_login and ok_login'", "c.yml:34: a temporal_ordered correlation's condition is the number of"
                        + " its rules that must match, such as {gte: 2}; found 'failed_login and ok_login'"},
                {"{gte: 4}", "c.yml:34: the condition gte 4 can never be met by 3 rules"},
                {"{field: userIdentity.arn, gte: 2}", "c.yml:34: a temporal_ordered correlation counts the rules"
                        + " that matched, not the values of a field"},
                {"{lte: 2}", "c.yml:29: a count compared with 'lte' is not supported (only gt and gte: counts that"
                        + " grow past a bound)"}}) {
            RuleSet set = new RuleLoader().parse(FAIL_OK_KEY.replace("    timespan: 5m\n", "    timespan: 5m\n"
                    + "    condition: " + c[0] + "\n"), "c.yml");
            assertEquals(List.of(c[1]), set.problems().stream().map(RuleProblem::describe).toList());
            assertEquals(3, set.rules().size(), "the correlation is not used");
        }
    }

    @Test
    void referencedRulesGenerateTheirOwnMatchesOnlyWhenAsked() {
        List<CloudTrailEvent> one = List.of(login("alice", "10:00:00", "Failure"));
        assertEquals(List.of(), describe(run(LOGINS, one)));
        String generating = LOGINS.replace("    condition: {gte: 5}\n", "    condition: {gte: 5}\n    generate: true\n");
        assertEquals(List.of("Console login failed [] 1 events, last at 2024-03-01T10:00:00Z"),
                describe(run(generating, one)));
    }

    @Test
    void distinctBucketsReadByOnePrincipal() {
        String rules = """
                title: Object read
                name: object_read
                logsource: {product: aws, service: cloudtrail}
                detection:
                    selection:
                        eventSource: s3.amazonaws.com
                        eventName: GetObject
                    condition: selection
                ---
                title: Many buckets read
                id: many-buckets
                correlation:
                    type: value_count
                    rules: object_read
                    group-by: [userIdentity.arn]
                    timespan: 1h
                    condition:
                        field: requestParameters.bucketName
                        gte: 3
                """;
        List<CloudTrailEvent> events = new ArrayList<>();
        // alice reads one bucket many times, then two more; bob reads three buckets over three hours
        for (int i = 0; i < 6; i++) {
            events.add(read("alice", "a", "10:1" + i + ":00"));
        }
        events.add(read("alice", "b", "10:30:00"));
        events.add(read("alice", "c", "10:40:00"));
        events.add(read("bob", "a", "10:00:00"));
        events.add(read("bob", "b", "11:30:00"));
        events.add(read("bob", "c", "13:00:00"));
        assertEquals(List.of("Many buckets read [arn:aws:iam::111122223333:user/alice] 8 events, last at"
                + " 2024-03-01T10:40:00Z"), describe(run(rules, events)));

        // a value that leaves the window while the same value read later stays in it is still counted once;
        // given out of time order, the events are counted by their time
        List<CloudTrailEvent> sliding = new ArrayList<>();
        sliding.add(read("carol", "c", "11:20:00"));
        sliding.add(read("carol", "a", "10:00:00"));
        sliding.add(read("carol", "a", "10:50:00"));
        sliding.add(read("carol", "b", "10:30:00"));
        assertEquals(List.of("Many buckets read [arn:aws:iam::111122223333:user/carol] 3 events, last at"
                + " 2024-03-01T11:20:00Z"), describe(run(rules, sliding)));
        sliding.add(read("dave", "a", "10:00:00"));
        sliding.add(read("dave", "b", "10:30:00"));
        sliding.add(read("dave", "a", "11:20:00"));
        sliding.add(read("dave", "c", "11:40:00"));
        assertEquals(List.of("Many buckets read [arn:aws:iam::111122223333:user/carol] 3 events, last at"
                + " 2024-03-01T11:20:00Z"), describe(run(rules, sliding)));
    }

    @Test
    void aLegacyCountRuleFiresAsItsCorrelation() {
        String legacy = RuleLoaderFixtures.rule("""
                detection:
                    selection:
                        eventName: ConsoleLogin
                    timeframe: 10m
                    condition: selection | count() by sourceIPAddress > 3
                """);
        List<CloudTrailEvent> events = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            events.add(login("user" + i, "10:0" + i + ":00", "Failure"));
        }
        assertEquals(List.of("Test rule [198.51.100.4] 4 events, last at 2024-03-01T10:03:00Z"),
                describe(run(legacy, events)));
        assertEquals(List.of(), describe(run(legacy, events.subList(0, 3))));
    }

    @Test
    void keptEventsAreSummariesAndEqualTimesGiveTheSameMatchesInAnyOrder() {
        // four failures for alice at the same second, and a success: the matches, the events they show and
        // their order do not depend on the order the events came in (they are ordered by time, then record hash)
        List<CloudTrailEvent> events = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            events.add(Events.one(("{\"eventVersion\":\"1.08\",\"eventTime\":\"2024-03-01T10:00:00Z\","
                    + "\"eventSource\":\"signin.amazonaws.com\",\"eventName\":\"ConsoleLogin\","
                    + "\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"198.51.100.%d\",\"userIdentity\":"
                    + "{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::111122223333:user/alice\","
                    + "\"userName\":\"alice\"},\"responseElements\":{\"ConsoleLogin\":\"Failure\"}}")
                    .formatted(i)));
        }
        events.add(login("alice", "10:00:00", "Failure"));
        events.add(login("alice", "10:01:00", "Success"));
        List<Match> forward = run(LOGINS, events);
        List<CloudTrailEvent> reversed = new ArrayList<>(events.subList(0, 5));
        java.util.Collections.reverse(reversed);
        reversed.add(events.get(5));
        List<Match> backward = run(LOGINS, reversed);
        assertEquals(List.of("Failed logins then success [alice] 6 events, last at 2024-03-01T10:01:00Z"),
                describe(forward));
        assertEquals(hashes(forward), hashes(backward));
        for (CloudTrailEvent e : forward.get(0).events()) {
            org.junit.jupiter.api.Assertions.assertTrue(e.isSummary(), "a kept event lets its record go");
            org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, e::raw);
            assertEquals("alice", e.userName());
        }
    }

    @Test
    void recordHashesAreOrderedAsTheStoreOrdersThem() throws Exception {
        // DuckDB orders UUIDs as unsigned 128-bit numbers; Java's UUID.compareTo compares signed halves
        java.util.Random random = new java.util.Random(7);
        List<java.util.UUID> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ids.add(new java.util.UUID(random.nextLong(), random.nextLong()));
        }
        ids.add(java.util.UUID.fromString("80000000-0000-0000-0000-000000000000"));
        ids.add(java.util.UUID.fromString("7fffffff-ffff-ffff-8000-000000000000"));
        ids.add(java.util.UUID.fromString("00000000-0000-0000-ffff-ffffffffffff"));
        List<java.util.UUID> sorted = new ArrayList<>(ids);
        sorted.sort(Match::compareRecordHashes);
        List<java.util.UUID> byDuckDb = new ArrayList<>();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
             java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (h UUID)");
            for (java.util.UUID id : ids) {
                s.execute("INSERT INTO t VALUES ('" + id + "')");
            }
            try (java.sql.ResultSet r = s.executeQuery("SELECT CAST(h AS VARCHAR) FROM t ORDER BY h")) {
                while (r.next()) {
                    byDuckDb.add(java.util.UUID.fromString(r.getString(1)));
                }
            }
        }
        assertEquals(byDuckDb, sorted);
    }

    private static List<String> hashes(List<Match> matches) {
        return matches.stream().flatMap(m -> m.events().stream()).map(e -> e.recordHash().toString()).toList();
    }

    private static List<Match> run(String yaml, List<CloudTrailEvent> events) {
        RuleSet set = new RuleLoader().parse(yaml, "c.yml");
        assertEquals(List.of(), set.problems().stream().map(RuleProblem::describe).toList());
        InMemoryEngine engine = new InMemoryEngine(set);
        List<Match> out = new ArrayList<>();
        events.forEach(e -> engine.accept(e, out::add));
        engine.finish(out::add);
        return out;
    }

    private static List<String> describe(List<Match> matches) {
        return matches.stream().map(m -> m.rule().title() + " " + m.group() + " " + m.events().size()
                + " events, last at " + m.event().eventTime()).toList();
    }

    private static CloudTrailEvent login(String user, String time, String outcome) {
        return Events.one("""
                {"eventVersion":"1.08","eventTime":"2024-03-01T%sZ","eventSource":"signin.amazonaws.com",\
                "eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.4",\
                "userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/%s","userName":"%s"},\
                "responseElements":{"ConsoleLogin":"%s"},"recipientAccountId":"111122223333"}"""
                .formatted(time, user, user, outcome));
    }

    private static CloudTrailEvent call(String user, String time, String eventName) {
        return Events.one("""
                {"eventVersion":"1.08","eventTime":"2024-03-01T%sZ","eventSource":"iam.amazonaws.com",\
                "eventName":"%s","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.4",\
                "userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/%s","userName":"%s"},\
                "recipientAccountId":"111122223333"}""".formatted(time, eventName, user, user));
    }

    private static CloudTrailEvent read(String user, String bucket, String time) {
        return Events.one("""
                {"eventVersion":"1.08","eventTime":"2024-03-01T%sZ","eventSource":"s3.amazonaws.com",\
                "eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.4",\
                "userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/%s","userName":"%s"},\
                "requestParameters":{"bucketName":"%s","key":"k"},"recipientAccountId":"111122223333"}"""
                .formatted(time, user, user, bucket));
    }
}
