package io.trailkeeper.aws.auto;

import static io.trailkeeper.aws.auto.IncidentRecords.ATTACKER_IP;
import static io.trailkeeper.aws.auto.IncidentRecords.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.aws.s3.S3MockServer;
import io.trailkeeper.emulator.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * collect auto where the trail's files do not hold all the event history does: time before the trail started
 * (or before a region's or a member's files begin), files deleted or missing since the latest delivery, global
 * service events left out, and management events its selectors leave out.
 */
class CollectAutoUnrecordedTest extends AutoShapes {
    @Test
    void aTrailThatStartedLoggingAfterTheIncidentLeavesTheTimeBeforeToTheEventHistory() {
        // the trail was created (or started again) once the incident was found: its files begin there
        Instant started = INCIDENT.plus(Duration.ofDays(1));
        bucket("auto-started-late", IncidentRecords.ACCOUNT, b -> {
            for (String region : ENABLED) {
                b.deliver(region, started.plusSeconds(600), List.of(call(started.plusSeconds(300), region,
                        "ec2.amazonaws.com", "DescribeInstances", "{}", IncidentRecords.ADMIN_IP)));
            }
        });
        String trail = "{\"Name\":\"late\",\"HomeRegion\":\"us-east-1\",\"S3BucketName\":\"auto-started-late\","
                + "\"IsMultiRegionTrail\":true,\"status\":{\"IsLogging\":true,\"StartLoggingTime\":\"" + started + "\"}}";
        AutoRun.Result r = collect(incident().trail(trail).build(), S3MockServer.get().endpoint());

        assertEquals(2, r.s3().events());
        assertEquals(ENABLED, lookupRegions(r), "the time before the trail began, in every region it covers");
        assertTrue(r.plan().lookupSince().isEmpty(), "from 90 days back");
        Instant until = started.plus(Duration.ofHours(1));
        assertEquals(java.util.Map.of("eu-west-1", until, "us-east-1", until), r.plan().lookupUntil(),
                "to an hour after the start: the files hold the time after");
        assertEquals(2, r.lookup().events(), "the incident, before the trail began");
        assertTrue(r.plan().notes().contains("the trail started logging at " + started + " (its latest start): it has"
                + " no files of the time before, so the event history of its regions is collected too (from 90 days"
                + " back to " + until + "); what is older than both was recorded nowhere"),
                () -> r.plan().notes().toString());
    }

    @Test
    void aTrailLoggingSinceBeforeTheEventHistoryNeedsNone() {
        bucket("auto-started-early", IncidentRecords.ACCOUNT, b -> {
            for (String region : ENABLED) {
                b.deliver(region, NOW.minus(Duration.ofDays(91)), List.of(call(NOW.minus(Duration.ofDays(91)),
                        region, "ec2.amazonaws.com", "DescribeInstances", "{}", IncidentRecords.ADMIN_IP)));
            }
            incidentFiles(b);
            ENABLED.forEach(region -> b.everyDay(region, NOW.minus(Duration.ofDays(90)), INCIDENT));
        });
        String trail = "{\"Name\":\"early\",\"HomeRegion\":\"us-east-1\",\"S3BucketName\":\"auto-started-early\","
                + "\"IsMultiRegionTrail\":true,\"status\":{\"IsLogging\":true,\"StartLoggingTime\":\""
                + NOW.minus(Duration.ofDays(91)) + "\"}}";
        AutoRun.Result r = collect(incident().trail(trail).build(), S3MockServer.get().endpoint());

        assertEquals(4, r.s3().events());
        assertEquals(List.of(), lookupRegions(r));
        assertTrue(r.s3().complete());
    }

    @Test
    void aTrailWithoutGlobalServiceEventsLeavesIamToTheEventHistoryOfUsEast1() {
        // a single-region trail in us-east-1 whose IncludeGlobalServiceEvents is false: IAM calls are not in its files
        bucket("auto-no-global", IncidentRecords.ACCOUNT, b -> b.deliver("us-east-1", INCIDENT.plusSeconds(400),
                List.of(call(INCIDENT.plusSeconds(30), "us-east-1", "ec2.amazonaws.com", "DescribeInstances", "{}",
                        IncidentRecords.ADMIN_IP))));
        String trail = "{\"Name\":\"virginia\",\"HomeRegion\":\"us-east-1\",\"S3BucketName\":\"auto-no-global\","
                + "\"IncludeGlobalServiceEvents\":false}";
        AutoRun.Result r = collect(incident().trail(trail).build(), S3MockServer.get().endpoint());

        assertEquals(ENABLED, lookupRegions(r), "eu-west-1 is not covered; us-east-1 for its global service events");
        assertTrue(r.plan().lookupSince().isEmpty());
        assertEquals(2, r.lookup().events(), "CreateAccessKey (IAM) and Ireland's launch");
        assertTrue(r.plan().notes().contains("the trail does not include global service events (IAM, STS's global"
                + " endpoint, CloudFront and others, recorded in us-east-1): they come from the event history of"
                + " us-east-1 (90 days)"), () -> r.plan().notes().toString());
    }

    @Test
    void aRegionWhoseFilesBeginLateIsReadFromItsEventHistoryBeforeThem() {
        // eu-west-1 enabled (or the trail made multi-region) 5 days ago: its folder has 5 days, the trail's 200
        String earlier = call(NOW.minus(Duration.ofDays(20)), "eu-west-1", "ec2.amazonaws.com", "RunInstances",
                "{\"instanceType\":\"t3.micro\"}", ATTACKER_IP);
        bucket("auto-late-region", IncidentRecords.ACCOUNT, b -> {
            b.deliver("us-east-1", NOW.minus(Duration.ofDays(200)), List.of(call(NOW.minus(Duration.ofDays(200)),
                    "us-east-1", "ec2.amazonaws.com", "DescribeInstances", "{}", IncidentRecords.ADMIN_IP)));
            incidentFiles(b);
            b.everyDay("us-east-1", NOW.minus(Duration.ofDays(91)), INCIDENT);
        });
        String trail = "{\"Name\":\"everywhere\",\"HomeRegion\":\"us-east-1\",\"S3BucketName\":\"auto-late-region\","
                + "\"IsMultiRegionTrail\":true}";
        AutoRun.Result r = collect(incident().record(earlier).trail(trail).build(),
                S3MockServer.get().endpoint());

        assertEquals(List.of("eu-west-1"), lookupRegions(r));
        assertEquals(2, r.lookup().events(), "the launch 20 days ago, before Ireland's files begin, and the incident's");
        assertTrue(r.plan().notes().contains("the trail's files do not hold the record of eu-west-1 (its files begin on"
                + " " + INCIDENT.toString().substring(0, 10) + ", the trail's on " + NOW.minus(Duration.ofDays(200))
                .toString().substring(0, 10) + "): its event history is collected too (from 90 days back to "
                + dayAfter(INCIDENT).plus(Duration.ofHours(1)) + ")"),
                () -> r.plan().notes().toString());
    }

    @Test
    void aTrailOfWriteEventsOnlyLeavesTheReadsToTheEventHistory() {
        // the attacker's reads (here a GetSecretValue) are management events a WriteOnly trail never writes down
        String secretRead = call(INCIDENT.plusSeconds(90), "us-east-1", "secretsmanager.amazonaws.com",
                "GetSecretValue", "{\"secretId\":\"prod/db\"}", ATTACKER_IP);
        incidentFiles("auto-writes-only");
        String trail = "{\"Name\":\"writes\",\"HomeRegion\":\"us-east-1\",\"S3BucketName\":\"auto-writes-only\","
                + "\"IsMultiRegionTrail\":true,\"eventSelectors\":[{\"ReadWriteType\":\"WriteOnly\","
                + "\"IncludeManagementEvents\":true,\"DataResources\":[],\"ExcludeManagementEventSources\":"
                + "[\"kms.amazonaws.com\"]}]}";
        AutoRun.Result r = collect(incident().record(secretRead).trail(trail).build(),
                S3MockServer.get().endpoint());

        assertEquals(List.of("read-only management events", "management events of kms.amazonaws.com (excluded)"),
                r.plan().trail().managementLeftOut());
        assertEquals(ENABLED, lookupRegions(r));
        assertTrue(r.plan().lookupSince().isEmpty());
        assertEquals(3, r.lookup().events(), "the secret read among them");
        assertTrue(r.plan().notes().contains("the trail's selectors leave out read-only management events; management"
                + " events of kms.amazonaws.com (excluded): those come from the event history of its regions (90"
                + " days); older ones were recorded nowhere"), () -> r.plan().notes().toString());
    }

    @Test
    void filesDeletedFromTheBucketAreTakenFromTheEventHistory() {
        // the attacker deleted Ireland's files of the last days; CloudTrail delivered until an hour ago
        String afterwards = call(NOW.minus(Duration.ofHours(5)), "eu-west-1", "ec2.amazonaws.com", "TerminateInstances",
                "{\"instancesSet\":{}}", ATTACKER_IP);
        bucket("auto-deleted-files", IncidentRecords.ACCOUNT, b -> {
            incidentFiles(b);
            b.deliver("us-east-1", NOW.minus(Duration.ofHours(2)), List.of(call(NOW.minus(Duration.ofHours(3)),
                    "us-east-1", "ec2.amazonaws.com", "DescribeInstances", "{}", IncidentRecords.ADMIN_IP)));
            b.everyDay("us-east-1", INCIDENT.plus(Duration.ofDays(1)), NOW.minus(Duration.ofHours(2)));
        });
        String trail = everywhere("auto-deleted-files", "LatestDeliveryTime", NOW.minus(Duration.ofHours(1)));
        AutoRun.Result r = collect(incident().record(afterwards).trail(trail).build(),
                S3MockServer.get().endpoint());

        assertEquals(List.of("eu-west-1"), lookupRegions(r));
        assertEquals(2, r.lookup().events(), "the termination after Ireland's last file");
        assertTrue(r.plan().notes().contains("the trail's files do not hold the record of eu-west-1 (its files end on "
                + INCIDENT.toString().substring(0, 10) + ", the account's other regions' on "
                + NOW.toString().substring(0, 10) + "): its event history is collected too (from "
                + dayAfter(INCIDENT).minus(Duration.ofDays(1)).minus(Duration.ofHours(1)) + ")"),
                () -> r.plan().notes().toString());
    }

    @Test
    void aDayOfFilesDeletedBetweenOthersIsTakenFromTheEventHistory() {
        // the attacker deleted Ireland's files of the incident's day; the days before and after are there
        bucket("auto-day-deleted", IncidentRecords.ACCOUNT, b -> {
            b.everyDay("us-east-1", NOW.minus(Duration.ofDays(91)), NOW);
            b.deliver("us-east-1", INCIDENT.plusSeconds(400), List.of(IN_VIRGINIA));
            b.everyDay("eu-west-1", NOW.minus(Duration.ofDays(91)), INCIDENT);
            b.everyDay("eu-west-1", INCIDENT.plus(Duration.ofDays(1)), NOW);
        });
        String trail = everywhere("auto-day-deleted", "StartLoggingTime", NOW.minus(Duration.ofDays(400)));
        AutoRun.Result r = collect(incident().trail(trail).build(), S3MockServer.get().endpoint());

        assertEquals(List.of("eu-west-1"), lookupRegions(r), "Virginia's files skip no day");
        assertEquals(1, r.lookup().events(), "the launch in Ireland, whose file is gone");
        String day = INCIDENT.toString().substring(0, 10);
        Instant from = Instant.parse(day + "T00:00:00Z").minus(Duration.ofHours(1));
        assertTrue(r.plan().notes().contains("the trail's files do not hold the record of eu-west-1 (no file of " + day
                + " though files before and after: deleted from the bucket, or a day without a call there): its event"
                + " history is collected too (from " + from + " to " + dayAfter(INCIDENT).plus(Duration.ofHours(1))
                + ")"), () -> r.plan().notes().toString());
        assertEquals(java.util.Map.of("eu-west-1", from), r.plan().lookupSince(), "the files hold the days before");
    }

    @Test
    void theEventHistoryTellsAQuietDayFromADayWhoseFilesWereDeleted() {
        // Ireland's files of the incident's day were deleted; Virginia had no call at all five days before it
        Instant quiet = INCIDENT.minus(Duration.ofDays(5));
        bucket("auto-quiet-or-deleted", IncidentRecords.ACCOUNT, b -> {
            b.everyDay("us-east-1", NOW.minus(Duration.ofDays(91)), quiet);
            b.everyDay("us-east-1", quiet.plus(Duration.ofDays(1)), NOW);
            b.everyDay("eu-west-1", NOW.minus(Duration.ofDays(91)), INCIDENT);
            b.everyDay("eu-west-1", INCIDENT.plus(Duration.ofDays(1)), NOW);
        });
        String trail = everywhere("auto-quiet-or-deleted", "StartLoggingTime", NOW.minus(Duration.ofDays(400)));
        AutoRun.Result r = collect(incident().trail(trail).build(), S3MockServer.get().endpoint());

        assertEquals(ENABLED, lookupRegions(r));
        assertEquals(java.util.Map.of("eu-west-1", Instant.parse(INCIDENT.toString().substring(0, 10) + "T00:00:00Z")
                .minus(Duration.ofHours(1)), "us-east-1", Instant.parse(quiet.toString().substring(0, 10)
                + "T00:00:00Z").minus(Duration.ofHours(1))), r.plan().lookupSince(), "from the first day skipped");
        assertTrue(r.plan().notes().contains("the event history of eu-west-1 on the days without a trail file: "
                + INCIDENT.toString().substring(0, 10) + ": the history has 1 event that day: trail files deleted or"
                + " never delivered"), () -> r.plan().notes().toString());
        assertTrue(r.plan().notes().contains("the event history of us-east-1 on the days without a trail file: "
                + quiet.toString().substring(0, 10) + ": the history has no event that day either: a quiet day"),
                () -> r.plan().notes().toString());
    }

    @Test
    void aBucketWhoseNewestFilesAreOlderThanTheLatestDeliveryIsMissingFiles() {
        incidentFiles("auto-stale-bucket");
        String trail = everywhere("auto-stale-bucket", "LatestDeliveryTime", NOW.minus(Duration.ofMinutes(10)));
        AutoRun.Result r = collect(incident().trail(trail).build(), S3MockServer.get().endpoint());

        assertEquals(ENABLED, lookupRegions(r));
        assertTrue(r.plan().notes().contains("the trail's files do not hold the record of eu-west-1, us-east-1 (the"
                + " newest file of the account is of " + INCIDENT.toString().substring(0, 10) + " but the trail last"
                + " delivered on " + NOW.toString().substring(0, 10) + " (GetTrailStatus): files since are missing"
                + " from the bucket): their event history is collected too (from " + dayAfter(INCIDENT)
                .minus(Duration.ofDays(1)).minus(Duration.ofHours(1)) + ")"), () -> r.plan().notes().toString());
    }

    @Test
    void aMemberThatJoinedTheOrganizationLatelyHasItsEarlierRecordFromTheEventHistory() {
        bucket("auto-org-joined", IncidentRecords.ACCOUNT, b -> {
            TrailBucket mine = b.under("security/cloudtrail/prod", "o-a1b2c3d4e5", IncidentRecords.ACCOUNT);
            mine.deliver("us-east-1", INCIDENT.plusSeconds(400), List.of(IN_VIRGINIA));
            mine.deliver("eu-west-1", INCIDENT.plusSeconds(400), List.of(IN_IRELAND));
        });
        String before = call(NOW.minus(Duration.ofDays(30)), "us-east-1", "iam.amazonaws.com", "CreateUser",
                "{\"userName\":\"backdoor\"}", ATTACKER_IP);
        Scenario scenario = incident().record(before)
                .trail("{\"Name\":\"org\",\"HomeRegion\":\"us-east-1\",\"S3BucketName\":\"auto-org-joined\","
                        + "\"S3KeyPrefix\":\"security/cloudtrail/prod\",\"IsMultiRegionTrail\":true,"
                        + "\"IsOrganizationTrail\":true,\"TrailARN\":\"arn:aws:cloudtrail:us-east-1:111111111111:"
                        + "trail/org\",\"status\":{\"IsLogging\":true,\"StartLoggingTime\":\"2024-01-01T00:00:00Z\"}}")
                .build();
        AutoRun.Result r = collect(scenario, S3MockServer.get().endpoint());

        assertEquals(ENABLED, lookupRegions(r));
        assertEquals(3, r.lookup().events(), "the backdoor user, created before the account joined");
        assertTrue(r.plan().notes().contains("the trail's files do not hold the record of eu-west-1, us-east-1 (the"
                + " account's files begin on " + INCIDENT.toString().substring(0, 10) + " though the trail has logged"
                + " since 2024-01-01 (an account that joined the organization since, or older files deleted)): their"
                + " event history is collected too (from 90 days back to "
                + dayAfter(INCIDENT).plus(Duration.ofHours(1)) + ")"), () -> r.plan().notes().toString());
    }

    /** The start of the day after {@code t}'s. */
    private static Instant dayAfter(Instant t) {
        return Instant.parse(t.toString().substring(0, 10) + "T00:00:00Z").plus(Duration.ofDays(1));
    }
}
