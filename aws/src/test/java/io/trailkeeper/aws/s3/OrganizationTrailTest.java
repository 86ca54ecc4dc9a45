package io.trailkeeper.aws.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.events.Coverage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An organization trail's bucket ({@code AWSLogs/o-abc123/ACCOUNT/...}) beside the management account's own
 * trail ({@code AWSLogs/ACCOUNT/...}), over days that cross a month: every account, region and day is found by
 * listing, and the account, region and day filters narrow the run to what they name.
 */
class OrganizationTrailTest {
    private static final String ORG = "AWSLogs/o-abc123/";
    private static final String A1 = "111111111111";
    private static final String A2 = "222222222222";
    private static final String A3 = "333333333333";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-01T00:00:00Z"), ZoneOffset.UTC);
    private static final List<String> DAYS = List.of("2024-01-01", "2024-01-02", "2024-01-31", "2024-02-01");

    /** What was put: account, region, day, records. */
    private record Put(String account, String region, LocalDate day, int records) {
    }

    private static final List<Put> PUTS = new ArrayList<>();
    private static AwsClients clients;
    private static S3Client s3;
    private static TrailFiles bucket;

    @BeforeAll
    static void putTrail() {
        clients = S3MockServer.get().clients();
        s3 = clients.s3("us-east-1");
        bucket = new TrailFiles(s3, "org-trail");
        put(ORG + A1 + "/", A1, List.of("us-east-1", "eu-west-1"));
        put(ORG + A2 + "/", A2, List.of("us-east-1", "ap-southeast-2"));
        put("AWSLogs/" + A3 + "/", A3, List.of("us-east-1"));
        Instant hour = Instant.parse("2024-01-02T01:00:00Z");
        String log = bucket.putLog(ORG + A1 + "/", A1, "us-east-1", hour, "withdigest", 2);
        PUTS.add(new Put(A1, "us-east-1", LocalDate.parse("2024-01-02"), 2));
        bucket.putDigest(ORG + A1 + "/", A1, "us-east-1", hour, log, Map.of());
        bucket.putInsight(ORG + A1 + "/", A1, "us-east-1", hour, "insight1");
        // not CloudTrail's: ignored without a fuss
        bucket.put(ORG + "README.txt", "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of());
        bucket.put("AWSLogs/not-an-account/CloudTrail/x", new byte[] {1}, Map.of());
    }

    private static void put(String folder, String account, List<String> regions) {
        for (String region : regions) {
            for (String day : DAYS) {
                for (int file = 0; file < 2; file++) {
                    Instant t = Instant.parse(day + "T0" + (3 + file) + ":15:00Z");
                    int records = 3 + file;
                    bucket.putLog(folder, account, region, t, account + region + day + file, records);
                    PUTS.add(new Put(account, region, LocalDate.parse(day), records));
                }
            }
        }
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    private static long expected(Predicate<Put> which) {
        return PUTS.stream().filter(which).mapToLong(Put::records).sum();
    }

    private static S3TrailCollector collector(MemoryCollectSink sink) {
        // pages of 2: AWSLogs/ alone (o-abc123, 333333333333, not-an-account) needs a continuation token
        return new S3TrailCollector(s3, sink, CLOCK, 2, Duration.ofMillis(10));
    }

    @Test
    void findsEveryAccountRegionAndDay() {
        MemoryCollectSink sink = new MemoryCollectSink();
        S3TrailCollector.Summary summary = collector(sink).collect(S3TrailCollector.Request.of("org-trail"));

        assertEquals(List.of(A1, A2, A3), summary.accounts());
        assertEquals(List.of("ap-southeast-2", "eu-west-1", "us-east-1"), summary.regions());
        assertEquals(5 * DAYS.size(), summary.daysListed());
        assertEquals(expected(p -> true) + 1, summary.events(), "log records and the Insights record");
        assertEquals(summary.events(), sink.hashes().size());
        assertEquals(1, summary.digests());
        assertEquals(1, summary.insightFiles());
        assertEquals(PUTS.size() + 2, summary.objectsLoaded());
        assertTrue(sink.events().stream().anyMatch(e -> "AwsCloudTrailInsight".equals(e.eventType())));
        assertEquals(0, summary.problems(), () -> sink.problems().toString());

        // one entry per region folder of each tree: 5 log folders, the digest and the Insights folder
        assertEquals(7, summary.coverage().size());
        assertTrue(summary.complete());
        Coverage a2 = coverage(summary, "s3://org-trail/AWSLogs/o-abc123/222222222222/CloudTrail/ap-southeast-2/");
        assertEquals(A2, a2.account());
        assertEquals("ap-southeast-2", a2.region());
        assertEquals(Instant.parse("2024-01-01T00:00:00Z"), a2.from());
        assertEquals(CLOCK.instant(), a2.to());
        coverage(summary, "s3://org-trail/AWSLogs/o-abc123/111111111111/CloudTrail-Digest/us-east-1/");
        coverage(summary, "s3://org-trail/AWSLogs/333333333333/CloudTrail/us-east-1/");

        Map<String, String> types = new java.util.HashMap<>();
        sink.checkpoints().values().forEach(o -> types.merge(o.type(), o.key(), (x, y) -> x));
        assertEquals(Set.of("log", "digest", "insight"), types.keySet());
        assertTrue(types.get("digest").contains("_CloudTrail-Digest_"));
    }

    @Test
    void accountsAndRegionsNarrowTheRun() {
        MemoryCollectSink sink = new MemoryCollectSink();
        S3TrailCollector.Summary summary = collector(sink).collect(S3TrailCollector.Request.of("org-trail")
                .withAccounts(Set.of(A2)).withRegions(Set.of("us-east-1", "eu-central-1")));

        assertEquals(List.of(A2), summary.accounts());
        assertEquals(List.of("us-east-1"), summary.regions());
        assertEquals(expected(p -> p.account.equals(A2) && p.region.equals("us-east-1")), summary.events());
        for (CloudTrailEvent e : sink.events()) {
            assertEquals(A2, e.recipientAccountId());
            assertEquals("us-east-1", e.awsRegion());
        }
        assertEquals(2, summary.coverage().size());
        Coverage none = coverage(summary, "s3://org-trail/AWSLogs/o-abc123/222222222222/CloudTrail/eu-central-1/");
        assertEquals(Coverage.Status.COMPLETE, none.status(), "looked, and the trail delivered nothing there");
        assertNull(none.from());
        coverage(summary, "s3://org-trail/AWSLogs/o-abc123/222222222222/CloudTrail/us-east-1/");
    }

    @Test
    void sinceAndUntilNarrowTheDaysAcrossAMonth() {
        MemoryCollectSink sink = new MemoryCollectSink();
        LocalDate since = LocalDate.parse("2024-01-02");
        LocalDate until = LocalDate.parse("2024-01-31");
        S3TrailCollector.Summary summary = collector(sink).collect(S3TrailCollector.Request.of("org-trail")
                .withDays(since, until));

        assertEquals(5 * 2, summary.daysListed());
        assertEquals(expected(p -> !p.day.isBefore(since) && !p.day.isAfter(until)) + 1, summary.events());
        assertTrue(sink.events().stream().allMatch(e -> e.eventTime().atZone(ZoneOffset.UTC).toLocalDate()
                .isAfter(since.minusDays(1)) && e.eventTime().atZone(ZoneOffset.UTC).toLocalDate().isBefore(
                        until.plusDays(1))));
        for (Coverage c : summary.coverage()) {
            assertEquals(Instant.parse("2024-01-02T00:00:00Z"), c.from(), c.scope());
            assertEquals(Instant.parse("2024-01-31T23:59:59Z"), c.to(), c.scope());
        }

        MemoryCollectSink february = new MemoryCollectSink();
        S3TrailCollector.Summary onlyFebruary = collector(february).collect(S3TrailCollector.Request.of("org-trail")
                .withDays(LocalDate.parse("2024-02-01"), null).withAccounts(Set.of(A3)));
        assertEquals(1, onlyFebruary.daysListed());
        assertEquals(expected(p -> p.account.equals(A3) && p.day.getMonthValue() == 2), onlyFebruary.events());
    }

    private static Coverage coverage(S3TrailCollector.Summary summary, String scope) {
        return summary.coverage().stream().filter(c -> c.scope().equals(scope)).findFirst()
                .orElseThrow(() -> new AssertionError("no coverage for " + scope + " in " + summary.coverage()));
    }
}
