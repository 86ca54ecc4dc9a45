package io.trailkeeper.aws.auto;

import static io.trailkeeper.aws.auto.IncidentRecords.ATTACKER_IP;
import static io.trailkeeper.aws.auto.IncidentRecords.call;
import static io.trailkeeper.aws.auto.IncidentRecords.routine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.aws.AwsOptions;
import io.trailkeeper.aws.LookupCollector;
import io.trailkeeper.aws.StoreRows;
import io.trailkeeper.aws.s3.S3MockServer;
import io.trailkeeper.emulator.Emulator;
import io.trailkeeper.emulator.EmulatorConfig;
import io.trailkeeper.emulator.Scenario;
import io.trailkeeper.emulator.ScenarioBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * collect auto end to end: the emulator plays the account (regions, trails, every region's event history),
 * S3Mock holds the trail's bucket, and everything lands in a real store. The incident is DESIGN.md's third:
 * a console sign-in in ap-southeast-2, an access key created (us-east-1), the Tokyo bucket deleted from a CLI
 * that named us-west-2, while the only trail records Tokyo alone.
 */
class CollectAutoTest {
    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final List<String> ENABLED = List.of("ap-northeast-1", "ap-southeast-2", "eu-west-1", "us-east-1",
            "us-west-2");
    static final Instant INCIDENT = NOW.minus(Duration.ofDays(3));
    static final double RATE = 50;

    static final String SIGN_IN = call(INCIDENT, "ap-southeast-2", "signin.amazonaws.com", "ConsoleLogin", "null",
            ATTACKER_IP);
    static final String NEW_KEY = call(INCIDENT.plusSeconds(60), "us-east-1", "iam.amazonaws.com", "CreateAccessKey",
            "{\"userName\":\"mallory\"}", ATTACKER_IP);
    static final String BUCKET_POLICY_READ = call(INCIDENT.plusSeconds(120), "ap-northeast-1", "s3.amazonaws.com",
            "GetBucketPolicy", "{\"bucketName\":\"tokyo-customer-data\"}", ATTACKER_IP);
    static final String BUCKET_DELETED = call(INCIDENT.plusSeconds(180), "us-west-2", "s3.amazonaws.com",
            "DeleteBucket", "{\"bucketName\":\"tokyo-customer-data\",\"Host\":"
                    + "\"tokyo-customer-data.s3.ap-northeast-1.amazonaws.com\"}", ATTACKER_IP);
    /** Tokyo's record from long before the event history's 90 days: only the trail's files still have it. */
    static final String LONG_AGO = routine(NOW.minus(Duration.ofDays(200)), "ap-northeast-1", 0);
    static final List<String> TOKYO_YESTERDAY = List.of(routine(NOW.minus(Duration.ofHours(26)), "ap-northeast-1", 1),
            routine(NOW.minus(Duration.ofHours(25)), "ap-northeast-1", 2));

    @TempDir
    Path dir;

    /** The account: five enabled regions, one not enabled, and every region's event history of the incident. */
    private static ScenarioBuilder account() {
        return Scenario.builder().account(IncidentRecords.ACCOUNT).now(NOW).enabledRegions(ENABLED)
                .notEnabledRegions("af-south-1")
                .record(SIGN_IN).record(NEW_KEY).record(BUCKET_POLICY_READ).record(BUCKET_DELETED)
                .records(TOKYO_YESTERDAY)
                .record(routine(NOW.minus(Duration.ofDays(5)), "eu-west-1", 3))
                .record(routine(NOW.minus(Duration.ofDays(40)), "eu-west-1", 4));
    }

    private static String tokyoTrail(String bucket) {
        return "{\"Name\":\"tokyo\",\"HomeRegion\":\"ap-northeast-1\",\"S3BucketName\":\"" + bucket + "\"}";
    }

    private AutoRun.Result collect(Scenario scenario) {
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(scenario).lookupRatePerSecond(RATE).build());
             AwsClients clients = clients(emulator)) {
            return AutoRun.run(clients, store(), CLOCK, RATE);
        }
    }

    private static AwsClients clients(Emulator emulator) {
        return new AwsClients(AwsOptions.defaults().withRegion("us-east-1").withEndpoint(emulator.endpoint())
                .withServiceEndpoint("s3", S3MockServer.get().endpoint()));
    }

    /** A bucket in S3Mock, filled before the run. */
    private static void bucket(String name, Consumer<TrailBucket> fill) {
        try (AwsClients s3 = new AwsClients(AwsOptions.defaults().withRegion("us-east-1")
                .withServiceEndpoint("s3", S3MockServer.get().endpoint()))) {
            fill.accept(new TrailBucket(s3.s3("us-east-1"), name, IncidentRecords.ACCOUNT));
        }
    }

    private Path store() {
        return dir.resolve("store.duckdb");
    }

    /** The first column of each row of a query on the store. */
    private List<String> rows(String sql) {
        return StoreRows.firstColumn(store(), sql);
    }

    private static final String ATTACKER_EVENTS = "SELECT event_name || ' ' || aws_region || ' ' || source_kind"
            + " FROM events WHERE source_ip = '" + ATTACKER_IP + "' ORDER BY event_time";

    @Test
    void aTokyoTrailIsCollectedAndTheOtherRegionsFromTheirEventHistory() {
        bucket("auto-tokyo-trail", b -> {
            b.deliver("ap-northeast-1", NOW.minus(Duration.ofDays(200)).plusSeconds(300), List.of(LONG_AGO));
            b.deliver("ap-northeast-1", INCIDENT.plusSeconds(400), List.of(BUCKET_POLICY_READ));
            b.deliver("ap-northeast-1", NOW.minus(Duration.ofHours(24)), TOKYO_YESTERDAY);
            b.everyDay("ap-northeast-1", NOW.minus(Duration.ofDays(91)), NOW.minus(Duration.ofHours(24)));
        });
        AutoRun.Result r = collect(account().trail(tokyoTrail("auto-tokyo-trail")).build());

        assertEquals("tokyo", r.plan().trail().name());
        assertTrue(r.plan().notes().contains("the trail records only ap-northeast-1; 4 other regions come from their"
                + " event history (90 days): ap-southeast-2, eu-west-1, us-east-1, us-west-2"), () -> r.plan().notes()
                .toString());
        assertEquals(4, r.s3().events());
        assertEquals(5, r.lookup().events(), "sign-in, key, deletion and eu-west-1's two; Tokyo's is not read");
        assertEquals(9, r.newEvents());
        assertTrue(r.s3().complete() && r.lookup().complete());

        // the whole incident, each part from where it was recorded
        assertEquals(List.of("ConsoleLogin ap-southeast-2 lookup-events", "CreateAccessKey us-east-1 lookup-events",
                "GetBucketPolicy ap-northeast-1 trail-file", "DeleteBucket us-west-2 lookup-events"),
                rows(ATTACKER_EVENTS));
        assertEquals(List.of("ap-northeast-1 trail-file", "ap-southeast-2 lookup-events", "eu-west-1 lookup-events",
                "us-east-1 lookup-events", "us-west-2 lookup-events"),
                rows("SELECT DISTINCT aws_region || ' ' || source_kind FROM events ORDER BY 1"));
        assertEquals(List.of("2026-05-04"), rows("SELECT CAST(CAST(event_time AS DATE) AS VARCHAR) FROM events"
                + " WHERE event_time < TIMESTAMP '2026-08-01'"), "older than the event history: from the trail");

        // the coverage says where each region's record came from, and that it is whole
        assertEquals(List.of("lookup af-south-1 not-enabled", "lookup ap-southeast-2 complete",
                "lookup eu-west-1 complete", "lookup us-east-1 complete",
                "lookup us-west-2 complete", "s3 ap-northeast-1 complete"),
                rows("SELECT collector || ' ' || region || ' ' || status FROM coverage ORDER BY 1"));
        assertEquals(List.of("s3://auto-tokyo-trail/AWSLogs/123456789012/CloudTrail/ap-northeast-1/ 2026-05-04 00:00:00"
                + " 2026-11-20 12:00:00"), rows("SELECT scope || ' ' || CAST(window_from AS VARCHAR) || ' ' ||"
                + " CAST(window_to AS VARCHAR) FROM coverage WHERE collector = 's3'"));
        assertEquals(List.of("2026-08-22 12:00:00"), rows("SELECT DISTINCT CAST(window_from AS VARCHAR) FROM coverage"
                + " WHERE collector = 'lookup'"), "90 days back from now");
    }

    @Test
    void aDeletedBucketFallsBackToEveryRegionsEventHistory() {
        AutoRun.Result r = collect(account().trail(tokyoTrail("auto-deleted-bucket")).build());

        assertNull(r.plan().trail());
        assertNull(r.s3());
        assertEquals("the trail's bucket s3://auto-deleted-bucket cannot be read (the bucket 'auto-deleted-bucket'"
                + " does not exist); falling back to the event history of every region (90 days)",
                r.plan().notes().get(r.plan().notes().size() - 1));
        assertTrue(r.plan().notes().get(0).startsWith("found trail tokyo"), "the plan's notes are kept, the trail"
                + " only as found");
        assertEquals(ENABLED, lookupRegions(r));
        assertTrue(r.lookup().complete());

        // Tokyo's part now comes from its event history; what was older than 90 days is gone with the bucket
        assertEquals(List.of("ConsoleLogin ap-southeast-2 lookup-events", "CreateAccessKey us-east-1 lookup-events",
                "GetBucketPolicy ap-northeast-1 lookup-events", "DeleteBucket us-west-2 lookup-events"),
                rows(ATTACKER_EVENTS));
        assertEquals(List.of("lookup-events"), rows("SELECT DISTINCT source_kind FROM events"));
        assertEquals(List.of("0"), rows("SELECT count(*) FROM events WHERE event_time < TIMESTAMP '2026-08-01'"));
        assertEquals(List.of("lookup af-south-1 not-enabled", "lookup ap-northeast-1 complete",
                "lookup ap-southeast-2 complete",
                "lookup eu-west-1 complete", "lookup us-east-1 complete", "lookup us-west-2 complete"),
                rows("SELECT collector || ' ' || region || ' ' || status FROM coverage ORDER BY 1"));
    }

    @Test
    void noTrailAtAllMeansEveryRegionsEventHistory() {
        AutoRun.Result r = collect(account().build());

        assertEquals(List.of(), r.found().trails());
        assertNull(r.plan().trail());
        assertEquals("no trail in any region: the only record is each region's event history (90 days, management"
                + " events only)", r.plan().notes().get(0));
        assertEquals(ENABLED, lookupRegions(r),
                "af-south-1 is not enabled: not asked");
        assertEquals(List.of("af-south-1"), notEnabled(r), "but recorded as not enabled, for coverage");
        assertEquals(8, r.newEvents());
        assertEquals(List.of("ConsoleLogin ap-southeast-2 lookup-events", "CreateAccessKey us-east-1 lookup-events",
                "GetBucketPolicy ap-northeast-1 lookup-events", "DeleteBucket us-west-2 lookup-events"),
                rows(ATTACKER_EVENTS));
        assertEquals(List.of("5"), rows("SELECT count(*) FROM coverage WHERE collector = 'lookup'"
                + " AND status = 'complete'"));
    }

    /**
     * A deleted-trail drill: the intruder deleted the only trail, and collect auto said "no trail in any region: the
     * only record is each region's event history", though the trail's bucket may keep months of its files. The
     * DeleteTrail the history holds is told, with what reads the bucket; a refused one is not.
     */
    @Test
    void aTrailTheEventHistoryShowsDeletedIsToldWithItsBucketToRead() {
        AutoRun.Result r = collect(account()
                .record(call(INCIDENT.plusSeconds(240), "us-east-1", "cloudtrail.amazonaws.com", "DeleteTrail",
                        "{\"name\":\"org-main\"}", ATTACKER_IP))
                .record(call(INCIDENT.plusSeconds(30), "eu-west-1", "cloudtrail.amazonaws.com", "DeleteTrail",
                        "{\"name\":\"eu-audit\"}", ATTACKER_IP).replace("\"eventCategory\"",
                        "\"errorCode\":\"AccessDeniedException\",\"eventCategory\""))
                .build());

        assertNull(r.plan().trail());
        assertEquals("no trail in any region: the only record is each region's event history (90 days, management"
                + " events only)", r.plan().notes().get(0));
        assertEquals("the event history shows a trail deleted: org-main at " + INCIDENT.plusSeconds(240) + " in"
                + " us-east-1 by mallory; a deleted trail's bucket keeps the files it delivered, older than the event"
                + " history's 90 days: `trailkeeper collect s3 --bucket BUCKET` reads them (DeleteTrail does not name"
                + " the bucket: its name is in the trail's CreateTrail or UpdateTrail, or among the account's buckets)",
                r.plan().notes().get(1));
    }

    @Test
    void aDeletedTrailIsToldThoughItsLookupIsThrottledOnce() {
        Scenario scenario = account().record(call(INCIDENT.plusSeconds(240), "us-east-1", "cloudtrail.amazonaws.com",
                "DeleteTrail", "{\"name\":\"org-main\"}", ATTACKER_IP)).build();
        AutoRun.Result r;
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(scenario).lookupRatePerSecond(0.5).build());
             AwsClients clients = clients(emulator)) {
            // another caller spends us-east-1's one call of these two seconds: the DeleteTrail lookup that follows
            // within them is throttled (on a machine slow enough to take longer the test passes without retries)
            clients.cloudTrail("us-east-1").lookupEvents(b -> b.maxResults(1));
            r = AutoRun.run(clients, store(), CLOCK, 0.5);
        }

        assertNull(r.plan().trail());
        assertTrue(r.plan().notes().get(1).startsWith("the event history shows a trail deleted: org-main at "
                + INCIDENT.plusSeconds(240) + " in us-east-1 by mallory; "), r.plan().notes().toString());
    }

    @Test
    void aStoppedTrailIsCollectedToItsStopAndTheEventHistoryFromThere() {
        Instant stop = NOW.minus(Duration.ofDays(10));
        String beforeStop = routine(stop.minus(Duration.ofDays(2)), "us-west-2", 10);
        String longBefore = routine(stop.minus(Duration.ofHours(2)), "eu-west-1", 11);
        String inOverlap = routine(stop.minus(Duration.ofMinutes(30)), "eu-west-1", 12);
        String stopLogging = call(stop, "us-east-1", "cloudtrail.amazonaws.com", "StopLogging",
                "{\"name\":\"everywhere\"}", ATTACKER_IP);
        bucket("auto-stopped-trail", b -> {
            // every region has its folder: the trail delivered everywhere until it stopped
            for (int i = 0; i < ENABLED.size(); i++) {
                Instant at = stop.minus(Duration.ofDays(3)).plusSeconds(60L * i);
                b.deliver(ENABLED.get(i), at.plusSeconds(300), List.of(routine(at, ENABLED.get(i), 20 + i)));
            }
            b.deliver("us-west-2", stop.minus(Duration.ofDays(2)).plusSeconds(300), List.of(beforeStop));
        });
        String trail = "{\"Name\":\"everywhere\",\"HomeRegion\":\"us-east-1\",\"S3BucketName\":\"auto-stopped-trail\","
                + "\"IsMultiRegionTrail\":true,\"status\":{\"IsLogging\":false,\"StopLoggingTime\":\"" + stop + "\"}}";
        // the event history also holds an event from two hours before the stop: the trail's files should have
        // it (here they do not, to show the event history is read from an hour before the stop, not earlier)
        AutoRun.Result r = collect(account().trail(trail).record(longBefore).record(inOverlap).record(stopLogging)
                .build());

        assertEquals("everywhere", r.plan().trail().name());
        assertEquals(1 + ENABLED.size(), r.s3().events());
        assertEquals(ENABLED, lookupRegions(r));
        assertEquals(List.of(stop.minus(Duration.ofHours(1)).toString().replace("T", " ").replace("Z", "")),
                rows("SELECT DISTINCT CAST(window_from AS VARCHAR) FROM coverage WHERE collector = 'lookup'"
                        + " AND status <> 'not-enabled'"));
        // before the stop from the trail's files, from an hour before it on from the event history
        assertEquals(List.of("DescribeInstances ap-northeast-1 trail-file", "DescribeInstances ap-southeast-2 trail-file",
                "DescribeInstances eu-west-1 trail-file", "DescribeInstances us-east-1 trail-file",
                "DescribeInstances us-west-2 trail-file",
                "DescribeInstances us-west-2 trail-file", "DescribeInstances eu-west-1 lookup-events",
                "StopLogging us-east-1 lookup-events", "DescribeInstances eu-west-1 lookup-events",
                "ConsoleLogin ap-southeast-2 lookup-events", "CreateAccessKey us-east-1 lookup-events",
                "GetBucketPolicy ap-northeast-1 lookup-events", "DeleteBucket us-west-2 lookup-events",
                "DescribeInstances ap-northeast-1 lookup-events", "DescribeInstances ap-northeast-1 lookup-events"),
                rows("SELECT event_name || ' ' || aws_region || ' ' || source_kind FROM events ORDER BY event_time"));
        assertEquals(List.of("0"), rows("SELECT count(*) FROM events WHERE event_id = '" + id(longBefore) + "'"));
        assertEquals(List.of("1"), rows("SELECT count(*) FROM events WHERE event_id = '" + id(inOverlap) + "'"));
    }

    /** The regions whose event history was read: those not enabled are only recorded as such (no call made). */
    private static List<String> lookupRegions(AutoRun.Result r) {
        return r.lookup().regions().stream().filter(x -> x.coverage().stream().noneMatch(
                c -> c.status() == io.trailkeeper.events.Coverage.Status.NOT_ENABLED))
                .map(LookupCollector.RegionResult::region).sorted().toList();
    }

    /** The regions recorded as not enabled, so that coverage can tell one switched off inside the window. */
    private static List<String> notEnabled(AutoRun.Result r) {
        return r.lookup().regions().stream().filter(x -> x.coverage().stream().anyMatch(
                c -> c.status() == io.trailkeeper.events.Coverage.Status.NOT_ENABLED))
                .map(LookupCollector.RegionResult::region).sorted().toList();
    }

    private static String id(String record) {
        int at = record.indexOf("\"eventID\":\"") + 11;
        return record.substring(at, record.indexOf('"', at));
    }
}
