package io.trailkeeper.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.EventCategory;
import software.amazon.awssdk.services.cloudtrail.model.InvalidEventCategoryException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidLookupAttributesException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidMaxResultsException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidNextTokenException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidTimeRangeException;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttribute;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsRequest;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;
import software.amazon.awssdk.services.cloudtrail.model.Resource;

/** LookupEvents through the real SDK client: paging, order, time range, the 90-day window, attributes, categories. */
class LookupEventsTest {
    static final Instant NOW = Instant.parse("2026-11-20T00:00:00Z");
    static final int PAGED_EVENTS = 1234;

    static Emulator emulator;
    /** us-west-2's management events as generated, in load order. */
    static final List<TestRecord> paged = new ArrayList<>();
    static final List<TestRecord> insights = new ArrayList<>();
    static TestRecord t1;
    static TestRecord t2;
    static TestRecord t3;
    static TestRecord days89;
    static TestRecord days90;
    static TestRecord days91;
    static TestRecord future;
    static TestRecord createUser;
    static TestRecord deleteBucket;
    static TestRecord describeInstances;
    static TestRecord stopLogging;

    @BeforeAll
    static void start() {
        ScenarioBuilder scenario = Scenario.builder().now(NOW);
        for (int i = 0; i < PAGED_EVENTS; i++) {
            // two events per hour: ties in time must still come out in a stable order, each once
            TestRecord r = TestRecord.event(NOW.minus(Duration.ofHours(i / 2)), "us-west-2", i);
            paged.add(r);
            scenario.record(r.json());
            if (i % 400 == 0) {
                scenario.record(TestRecord.event(NOW.minus(Duration.ofHours(i / 2)), "us-west-2", -i).dataEvent().json());
                TestRecord insight = TestRecord.event(NOW.minus(Duration.ofHours(i)), "us-west-2", 10_000 + i)
                        .insight("iam.amazonaws.com", "DeleteAccessKey");
                insights.add(insight);
                scenario.record(insight.json());
            }
        }
        t1 = TestRecord.event(NOW.minus(Duration.ofDays(10)), "eu-west-1", 1);
        t2 = TestRecord.event(NOW.minus(Duration.ofDays(5)), "eu-west-1", 2);
        t3 = TestRecord.event(NOW.minus(Duration.ofDays(1)), "eu-west-1", 3);
        days89 = TestRecord.event(NOW.minus(Duration.ofDays(89)), "eu-west-1", 4);
        days90 = TestRecord.event(NOW.minus(Duration.ofDays(90)), "eu-west-1", 5);
        days91 = TestRecord.event(NOW.minus(Duration.ofDays(91)), "eu-west-1", 6);
        future = TestRecord.event(NOW.plus(Duration.ofHours(1)), "eu-west-1", 7);
        for (TestRecord r : List.of(t1, t2, t3, days89, days90, days91, future)) {
            scenario.record(r.json());
        }
        createUser = TestRecord.event(NOW.minus(Duration.ofHours(4)), "us-east-1", 1)
                .call("iam.amazonaws.com", "CreateUser", false).requestParameter("userName", "mallory");
        deleteBucket = TestRecord.event(NOW.minus(Duration.ofHours(3)), "us-east-1", 2)
                .call("s3.amazonaws.com", "DeleteBucket", false).roleSession("deploy", "ci-session")
                .requestParameter("bucketName", "evidence");
        describeInstances = TestRecord.event(NOW.minus(Duration.ofHours(2)), "us-east-1", 3)
                .call("ec2.amazonaws.com", "DescribeInstances", true).user("bob", "AKIABOB")
                .resource("AWS::EC2::Instance", "arn:aws:ec2:us-east-1:123456789012:instance/i-0abc");
        stopLogging = TestRecord.event(NOW.minus(Duration.ofHours(1)), "us-east-1", 4)
                .call("cloudtrail.amazonaws.com", "StopLogging", false).requestParameter("name", "main");
        for (TestRecord r : List.of(createUser, deleteBucket, describeInstances, stopLogging)) {
            scenario.record(r.json());
        }
        emulator = Emulator.start(EmulatorConfig.builder(scenario.build()).lookupRatePerSecond(0).build());
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void pagingReturnsEveryEventOnceNewestFirstAtMostFiftyAPage() {
        List<String> served = new ArrayList<>();
        int pages = 0;
        long servedBefore = emulator.counters().eventsServed("us-west-2");
        try (CloudTrailClient cloudTrail = SdkClients.cloudTrail(emulator, "us-west-2")) {
            for (LookupEventsResponse page : cloudTrail.lookupEventsPaginator(LookupEventsRequest.builder().build())) {
                assertTrue(page.events().size() <= 50, "a page of " + page.events().size());
                page.events().forEach(e -> served.add(e.eventId()));
                pages++;
            }
        }
        List<String> expected = new ArrayList<>();
        paged.stream().sorted(Comparator.comparing(TestRecord::time).reversed())
                .forEach(r -> expected.add(r.eventId()));
        assertEquals(PAGED_EVENTS, served.size());
        assertEquals(PAGED_EVENTS, new HashSet<>(served).size(), "no event twice");
        assertEquals(expected, served, "newest first, events of the same second in load order");
        assertEquals((PAGED_EVENTS + 49) / 50, pages);
        assertEquals(PAGED_EVENTS, emulator.counters().eventsServed("us-west-2") - servedBefore);
    }

    @Test
    void smallPagesContinueWhereThePreviousEnded() {
        try (CloudTrailClient cloudTrail = SdkClients.cloudTrail(emulator, "us-west-2")) {
            LookupEventsResponse first = cloudTrail.lookupEvents(r -> r.maxResults(7));
            LookupEventsResponse second = cloudTrail.lookupEvents(r -> r.maxResults(7).nextToken(first.nextToken()));
            assertEquals(7, first.events().size());
            assertEquals(7, second.events().size());
            Instant lastOfFirst = first.events().get(6).eventTime();
            assertTrue(!second.events().get(0).eventTime().isAfter(lastOfFirst));
            Set<String> ids = new HashSet<>();
            first.events().forEach(e -> ids.add(e.eventId()));
            second.events().forEach(e -> assertTrue(ids.add(e.eventId()), "served twice: " + e.eventId()));
        }
    }

    @Test
    void anItemCarriesTheRecordExactlyAndWhatCloudTrailDerivesFromIt() {
        Event e = only(lookup("us-east-1", r -> r.lookupAttributes(attribute(LookupAttributeKey.EVENT_NAME, "DeleteBucket"))));
        assertEquals(deleteBucket.eventId(), e.eventId());
        assertEquals("DeleteBucket", e.eventName());
        assertEquals("s3.amazonaws.com", e.eventSource());
        assertEquals("false", e.readOnly());
        assertEquals("ASIASESSION", e.accessKeyId());
        assertEquals("ci-session", e.username(), "a role session shows as its session name");
        assertEquals(NOW.minus(Duration.ofHours(3)), e.eventTime());
        assertTrue(e.resources().contains(Resource.builder().resourceType("AWS::S3::Bucket").resourceName("evidence").build()),
                e.resources().toString());
        assertEquals(deleteBucket.json(), e.cloudTrailEvent());
    }

    @Test
    void everyLookupAttributeKeyFilters() {
        assertIds("us-east-1", LookupAttributeKey.EVENT_ID, describeInstances.eventId(), describeInstances);
        assertIds("us-east-1", LookupAttributeKey.EVENT_NAME, "CreateUser", createUser);
        assertIds("us-east-1", LookupAttributeKey.READ_ONLY, "true", describeInstances);
        assertIds("us-east-1", LookupAttributeKey.READ_ONLY, "false", stopLogging, deleteBucket, createUser);
        assertIds("us-east-1", LookupAttributeKey.USERNAME, "alice", stopLogging, createUser);
        assertIds("us-east-1", LookupAttributeKey.USERNAME, "ci-session", deleteBucket);
        assertIds("us-east-1", LookupAttributeKey.RESOURCE_TYPE, "AWS::S3::Bucket", deleteBucket);
        assertIds("us-east-1", LookupAttributeKey.RESOURCE_TYPE, "AWS::CloudTrail::Trail", stopLogging);
        assertIds("us-east-1", LookupAttributeKey.RESOURCE_NAME, "mallory", createUser);
        assertIds("us-east-1", LookupAttributeKey.RESOURCE_NAME,
                "arn:aws:ec2:us-east-1:123456789012:instance/i-0abc", describeInstances);
        assertIds("us-east-1", LookupAttributeKey.EVENT_SOURCE, "cloudtrail.amazonaws.com", stopLogging);
        assertIds("us-east-1", LookupAttributeKey.ACCESS_KEY_ID, "AKIABOB", describeInstances);
        assertIds("us-east-1", LookupAttributeKey.EVENT_NAME, "NoSuchCall");
    }

    @Test
    void moreThanOneLookupAttributeIsRefused() {
        try (CloudTrailClient cloudTrail = SdkClients.cloudTrail(emulator, "us-east-1")) {
            InvalidLookupAttributesException e = assertThrows(InvalidLookupAttributesException.class,
                    () -> cloudTrail.lookupEvents(r -> r.lookupAttributes(
                            attribute(LookupAttributeKey.EVENT_NAME, "CreateUser"),
                            attribute(LookupAttributeKey.USERNAME, "alice"))));
            assertEquals(400, e.statusCode());
        }
    }

    @Test
    void startAndEndTimeAreInclusive() {
        Instant start = NOW.minus(Duration.ofDays(10));
        Instant end = NOW.minus(Duration.ofDays(5));
        assertIdsOf(lookup("eu-west-1", r -> r.startTime(start).endTime(end)), t2, t1);
        assertIdsOf(lookup("eu-west-1", r -> r.startTime(end.plusSeconds(1))), t3);
        assertIdsOf(lookup("eu-west-1", r -> r.endTime(start)), t1, days89, days90);
    }

    @Test
    void onlyTheLastNinetyDaysAreServedAndNothingFromTheFuture() {
        assertIdsOf(lookup("eu-west-1", r -> { }), t3, t2, t1, days89, days90);
        assertIdsOf(lookup("eu-west-1", r -> r.startTime(NOW.minus(Duration.ofDays(200))).endTime(NOW.plus(Duration.ofDays(1)))),
                t3, t2, t1, days89, days90);
    }

    @Test
    void insightsEventsOnlyWhenAskedForAndDataEventsNever() {
        List<Event> served = lookupAll("us-west-2", r -> r.eventCategory(EventCategory.INSIGHT));
        assertEquals(insights.stream().map(TestRecord::eventId).collect(java.util.stream.Collectors.toSet()),
                served.stream().map(Event::eventId).collect(java.util.stream.Collectors.toSet()));
        assertTrue(served.stream().allMatch(e -> e.eventName().equals("DeleteAccessKey")
                && e.eventSource().equals("iam.amazonaws.com")));
        List<Event> management = lookupAll("us-west-2", r -> { });
        assertTrue(management.stream().noneMatch(e -> e.cloudTrailEvent().contains("\"Insight\"")
                || e.cloudTrailEvent().contains("\"Data\"")));
    }

    @Test
    void invalidRequestsGetCloudTrailsErrors() {
        try (CloudTrailClient cloudTrail = SdkClients.cloudTrail(emulator, "us-east-1")) {
            assertThrows(InvalidMaxResultsException.class, () -> cloudTrail.lookupEvents(r -> r.maxResults(0)));
            assertThrows(InvalidMaxResultsException.class, () -> cloudTrail.lookupEvents(r -> r.maxResults(51)));
            assertThrows(InvalidTimeRangeException.class,
                    () -> cloudTrail.lookupEvents(r -> r.startTime(NOW).endTime(NOW.minusSeconds(1))));
            assertThrows(InvalidNextTokenException.class, () -> cloudTrail.lookupEvents(r -> r.nextToken("garbage")));
            assertThrows(InvalidEventCategoryException.class, () -> cloudTrail.lookupEvents(r -> r.eventCategory("data")));
        }
    }

    @Test
    void aNextTokenOnlyContinuesItsOwnQuery() {
        String token;
        try (CloudTrailClient west = SdkClients.cloudTrail(emulator, "us-west-2")) {
            token = west.lookupEvents(r -> r.maxResults(5)).nextToken();
            assertNotNull(token);
            assertThrows(InvalidNextTokenException.class, () -> west.lookupEvents(r -> r.maxResults(5).nextToken(token)
                    .lookupAttributes(attribute(LookupAttributeKey.USERNAME, "alice"))));
            assertThrows(InvalidNextTokenException.class, () -> west.lookupEvents(r -> r.nextToken(token)
                    .startTime(NOW.minus(Duration.ofDays(1)))));
            String tampered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
            assertThrows(InvalidNextTokenException.class, () -> west.lookupEvents(r -> r.nextToken(tampered)));
        }
        try (CloudTrailClient east = SdkClients.cloudTrail(emulator, "us-east-1")) {
            assertThrows(InvalidNextTokenException.class, () -> east.lookupEvents(r -> r.nextToken(token)));
        }
    }

    @Test
    void theLastPageHasNoNextToken() {
        LookupEventsResponse last = lookupResponse("us-east-1", r -> r.maxResults(4));
        assertEquals(4, last.events().size());
        assertNull(last.nextToken());
    }

    @Test
    void pagingFaultsRepeatRefuseOrReverseTheNextToken() {
        ScenarioBuilder b = Scenario.builder().now(NOW).enabledRegions("eu-west-1");
        for (int i = 0; i < 120; i++) {
            b.record(TestRecord.event(NOW.minus(Duration.ofMinutes(i + 1)), "eu-west-1", i).json());
        }
        Scenario scenario = b.build();
        try (Emulator repeating = Emulator.start(EmulatorConfig.builder(scenario).lookupRatePerSecond(0)
                .lookupPaging(LookupPaging.REPEATED_TOKEN).build());
             CloudTrailClient client = SdkClients.cloudTrail(repeating, "eu-west-1")) {
            String token = client.lookupEvents(r -> { }).nextToken();
            LookupEventsResponse second = client.lookupEvents(r -> r.nextToken(token));
            assertEquals(token, second.nextToken(), "the token asked with comes back");
            assertEquals(50, second.events().size());
        }
        try (Emulator refusing = Emulator.start(EmulatorConfig.builder(scenario).lookupRatePerSecond(0)
                .lookupPaging(LookupPaging.REJECTED_TOKENS).build());
             CloudTrailClient client = SdkClients.cloudTrail(refusing, "eu-west-1")) {
            String token = client.lookupEvents(r -> { }).nextToken();
            assertNotNull(token);
            assertThrows(InvalidNextTokenException.class, () -> client.lookupEvents(r -> r.nextToken(token)));
        }
        try (Emulator expiring = Emulator.start(EmulatorConfig.builder(scenario).lookupRatePerSecond(0)
                .lookupPaging(LookupPaging.EXPIRING_TOKENS).build());
             CloudTrailClient client = SdkClients.cloudTrail(expiring, "eu-west-1")) {
            String token = client.lookupEvents(r -> { }).nextToken();
            String next = client.lookupEvents(r -> r.nextToken(token)).nextToken();
            assertThrows(InvalidNextTokenException.class, () -> client.lookupEvents(r -> r.nextToken(next)));
            assertEquals(20, client.lookupEvents(r -> r.nextToken(next)).events().size(), "the third one again");
        }
        try (Emulator reversed = Emulator.start(EmulatorConfig.builder(scenario).lookupRatePerSecond(0)
                .lookupPaging(LookupPaging.OLDEST_FIRST).build());
             CloudTrailClient client = SdkClients.cloudTrail(reversed, "eu-west-1")) {
            List<Event> all = new ArrayList<>();
            String token = null;
            do {
                String next = token;
                LookupEventsResponse page = client.lookupEvents(r -> r.nextToken(next));
                all.addAll(page.events());
                token = page.nextToken();
            } while (token != null);
            assertEquals(120, all.size());
            assertEquals(120, all.stream().map(Event::eventId).distinct().count(), "each event once");
            assertEquals(all.stream().sorted(Comparator.comparing(Event::eventTime)).toList(), all, "oldest first");
        }
    }

    private static void assertIds(String region, LookupAttributeKey key, String value, TestRecord... expected) {
        assertIdsOf(lookup(region, r -> r.lookupAttributes(attribute(key, value))), expected);
    }

    private static void assertIdsOf(List<Event> events, TestRecord... expected) {
        assertEquals(java.util.Arrays.stream(expected).map(TestRecord::eventId).toList(),
                events.stream().map(Event::eventId).toList());
    }

    static LookupAttribute attribute(LookupAttributeKey key, String value) {
        return LookupAttribute.builder().attributeKey(key).attributeValue(value).build();
    }

    private static Event only(List<Event> events) {
        assertEquals(1, events.size(), events.toString());
        return events.get(0);
    }

    private static List<Event> lookup(String region, Consumer<LookupEventsRequest.Builder> request) {
        return lookupResponse(region, request).events();
    }

    private static LookupEventsResponse lookupResponse(String region, Consumer<LookupEventsRequest.Builder> request) {
        try (CloudTrailClient cloudTrail = SdkClients.cloudTrail(emulator, region)) {
            return cloudTrail.lookupEvents(request);
        }
    }

    private static List<Event> lookupAll(String region, Consumer<LookupEventsRequest.Builder> request) {
        try (CloudTrailClient cloudTrail = SdkClients.cloudTrail(emulator, region)) {
            LookupEventsRequest.Builder b = LookupEventsRequest.builder();
            request.accept(b);
            List<Event> all = new ArrayList<>();
            cloudTrail.lookupEventsPaginator(b.build()).events().forEach(all::add);
            return all;
        }
    }
}
