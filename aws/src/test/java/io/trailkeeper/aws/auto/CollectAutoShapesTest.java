package io.trailkeeper.aws.auto;

import static io.trailkeeper.aws.auto.IncidentRecords.ATTACKER_IP;
import static io.trailkeeper.aws.auto.IncidentRecords.call;
import static io.trailkeeper.aws.auto.IncidentRecords.routine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.aws.AutoCollector;
import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.aws.AwsOptions;
import io.trailkeeper.aws.LookupCollector;
import io.trailkeeper.aws.s3.S3MockServer;
import io.trailkeeper.emulator.Emulator;
import io.trailkeeper.emulator.EmulatorConfig;
import io.trailkeeper.emulator.Scenario;
import io.trailkeeper.events.Coverage;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * collect auto against account shapes where the trail's bucket answers, yet does not hold the account's whole
 * record: files refused one by one (another account's bucket policy, kms:Decrypt on SSE-KMS files), a bucket
 * shared with other accounts' trails, regions the trail covers without a folder. Each such region is read
 * from its event history too, and the refused days stay gaps.
 */
class CollectAutoShapesTest {
    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final List<String> ENABLED = List.of("eu-west-1", "us-east-1");
    static final double RATE = 50;
    static final String KEY = "arn:aws:kms:us-east-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    static final Instant INCIDENT = NOW.minus(Duration.ofDays(3));
    static final String IN_IRELAND = call(INCIDENT, "eu-west-1", "ec2.amazonaws.com", "RunInstances",
            "{\"instanceType\":\"p4d.24xlarge\"}", ATTACKER_IP);
    static final String IN_VIRGINIA = call(INCIDENT.plusSeconds(60), "us-east-1", "iam.amazonaws.com",
            "CreateAccessKey", "{\"userName\":\"mallory\"}", ATTACKER_IP);

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    /** The account, its regions and the incident's two calls in its event history; no trail yet. */
    private static Scenario.Builder incident() {
        return Scenario.builder().account(IncidentRecords.ACCOUNT).now(NOW).enabledRegions(ENABLED)
                .record(IN_IRELAND).record(IN_VIRGINIA);
    }

    private static Scenario.Builder account(String bucket) {
        return incident()
                .trail("{\"Name\":\"everywhere\",\"HomeRegion\":\"us-east-1\",\"S3BucketName\":\"" + bucket
                        + "\",\"IsMultiRegionTrail\":true,\"KmsKeyId\":\"" + KEY + "\"}");
    }

    private AutoRun.Result collect(Scenario scenario, URI s3) {
        return collect(scenario, s3, new AutoCollector.Options(RATE, null));
    }

    private AutoRun.Result collect(Scenario scenario, URI s3, AutoCollector.Options options) {
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(scenario).lookupRatePerSecond(RATE).build());
             AwsClients clients = new AwsClients(AwsOptions.defaults().withRegion("us-east-1")
                     .withEndpoint(emulator.endpoint()).withServiceEndpoint("s3", s3))) {
            return AutoRun.run(clients, dir.resolve("store.duckdb"), CLOCK, options);
        }
    }

    private static void bucket(String name, String account, Consumer<TrailBucket> fill) {
        try (AwsClients s3 = new AwsClients(AwsOptions.defaults().withRegion("us-east-1")
                .withServiceEndpoint("s3", S3MockServer.get().endpoint()))) {
            fill.accept(new TrailBucket(s3.s3("us-east-1"), name, account));
        }
    }

    /** A bucket holding the account's files of the incident, one in each region. */
    private static void incidentFiles(String name) {
        bucket(name, IncidentRecords.ACCOUNT, CollectAutoShapesTest::incidentFiles);
    }

    private static void incidentFiles(TrailBucket b) {
        b.deliver("us-east-1", INCIDENT.plusSeconds(400), List.of(IN_VIRGINIA));
        b.deliver("eu-west-1", INCIDENT.plusSeconds(400), List.of(IN_IRELAND));
    }

    @Test
    void filesRefusedForWantOfKmsDecryptAreGapsAndTheirRegionComesFromTheEventHistory() {
        incidentFiles("auto-kms-denied");
        AutoRun.Result r;
        try (DenyingS3Proxy proxy = new DenyingS3Proxy(S3MockServer.get().endpoint())
                .denyObjects("/CloudTrail/eu-west-1/", DenyingS3Proxy.kmsDecryptDenied(KEY))) {
            r = collect(account("auto-kms-denied").build(), proxy.endpoint());
        }

        assertEquals(1, r.s3().events(), "us-east-1's file is read");
        assertEquals(List.of("eu-west-1"), lookupRegions(r), "the refused region from its event history");
        assertEquals(1, r.lookup().events());
        Coverage ireland = r.s3().coverage().stream().filter(c -> "eu-west-1".equals(c.region())).findFirst()
                .orElseThrow();
        assertEquals(Coverage.Status.DENIED, ireland.status(), "the trail's days there are a gap, not complete");
        assertTrue(ireland.reason().contains("kms:Decrypt") && ireland.reason().contains(KEY), ireland.reason());
        assertFalse(r.s3().complete());
        String note = r.plan().notes().stream().filter(n -> n.startsWith("the trail's files do not hold"))
                .findFirst().orElseThrow(() -> new AssertionError(r.plan().notes()));
        assertTrue(note.startsWith("the trail's files do not hold the record of eu-west-1 (denied: "), note);
        assertTrue(note.endsWith("its event history is collected too (90 days); the trail encrypts its files with the"
                + " KMS key " + KEY + " (SSE-KMS): reading them takes kms:Decrypt on that key besides s3:GetObject"),
                note);
        assertTrue(r.plan().lookupSince().isEmpty(), "the whole 90 days");
    }

    @Test
    void aBucketHoldingOnlyAnotherAccountsFilesIsNoRecordOfThisOne() {
        // a central bucket the trail was pointed at, holding some other account's trail files only
        bucket("auto-shared-bucket", "210987654321", b -> b.deliver("us-east-1", INCIDENT, List.of(IN_VIRGINIA)));
        AutoRun.Result r = collect(account("auto-shared-bucket").build(), S3MockServer.get().endpoint());

        assertEquals(List.of("210987654321"), r.s3().accounts());
        assertEquals(ENABLED, lookupRegions(r), "every region the trail covers, from its event history");
        assertEquals(2, r.lookup().events());
        assertTrue(r.plan().notes().contains("the trail's files do not hold the record of eu-west-1, us-east-1 (the"
                + " bucket holds no log files of the account 123456789012 (no AWSLogs/123456789012/CloudTrail/ folder,"
                + " nor one under an organization's folder)): their event history is collected too (90 days)"),
                () -> r.plan().notes().toString());
    }

    @Test
    void aRegionTheTrailCoversWithoutAFolderIsReadFromItsEventHistory() {
        // eu-west-1 enabled after the trail began, or its folder deleted: the bucket holds nothing of it
        bucket("auto-region-missing", IncidentRecords.ACCOUNT,
                b -> b.deliver("us-east-1", INCIDENT.plusSeconds(400), List.of(IN_VIRGINIA)));
        AutoRun.Result r = collect(account("auto-region-missing").build(), S3MockServer.get().endpoint());

        assertEquals(List.of("eu-west-1"), lookupRegions(r));
        assertEquals(1, r.lookup().events(), "the instance launched in Ireland");
        assertTrue(r.s3().complete() && r.lookup().complete());
        assertTrue(r.plan().notes().contains("the trail's files do not hold the record of eu-west-1 (no log files of"
                + " eu-west-1 in the bucket): its event history is collected too (90 days)"),
                () -> r.plan().notes().toString());
    }

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
        assertEquals(2, r.lookup().events(), "the incident, before the trail began");
        assertTrue(r.plan().notes().contains("the trail started logging at " + started + " (its latest start): it has"
                + " no files of the time before, so the event history of its regions is collected too (90 days);"
                + " what is older than both was recorded nowhere"), () -> r.plan().notes().toString());
    }

    @Test
    void aTrailLoggingSinceBeforeTheEventHistoryNeedsNone() {
        bucket("auto-started-early", IncidentRecords.ACCOUNT, b -> {
            for (String region : ENABLED) {
                b.deliver(region, NOW.minus(Duration.ofDays(91)), List.of(call(NOW.minus(Duration.ofDays(91)),
                        region, "ec2.amazonaws.com", "DescribeInstances", "{}", IncidentRecords.ADMIN_IP)));
            }
            incidentFiles(b);
        });
        String trail = "{\"Name\":\"early\",\"HomeRegion\":\"us-east-1\",\"S3BucketName\":\"auto-started-early\","
                + "\"IsMultiRegionTrail\":true,\"status\":{\"IsLogging\":true,\"StartLoggingTime\":\""
                + NOW.minus(Duration.ofDays(91)) + "\"}}";
        AutoRun.Result r = collect(incident().trail(trail).build(), S3MockServer.get().endpoint());

        assertEquals(4, r.s3().events());
        assertEquals(List.of(), lookupRegions(r));
        assertTrue(r.s3().complete());
    }

    /** A multi-region trail of management events, and a single-region one of S3 data events to another bucket. */
    private static Scenario twoTrails(String managementBucket, String dataBucket) {
        return incident()
                .trail("{\"Name\":\"management\",\"HomeRegion\":\"us-east-1\",\"S3BucketName\":\""
                        + managementBucket + "\",\"IsMultiRegionTrail\":true}")
                .trail("{\"Name\":\"payroll-reads\",\"HomeRegion\":\"us-east-1\",\"S3BucketName\":\""
                        + dataBucket + "\",\"eventSelectors\":[{\"ReadWriteType\":\"All\",\"IncludeManagementEvents\":"
                        + "false,\"DataResources\":[{\"Type\":\"AWS::S3::Object\",\"Values\":"
                        + "[\"arn:aws:s3:::payroll/\"]}],\"ExcludeManagementEventSources\":[]}]}")
                .build();
    }

    static final String PAYROLL_READ = call(INCIDENT.plusSeconds(120), "us-east-1", "s3.amazonaws.com", "GetObject",
            "{\"bucketName\":\"payroll\",\"key\":\"2026/salaries.csv\"}", ATTACKER_IP)
            .replace("\"managementEvent\":true", "\"managementEvent\":false")
            .replace("\"eventCategory\":\"Management\"", "\"eventCategory\":\"Data\"");

    @Test
    void aSecondTrailsDataEventsAreCollectedFromItsOwnBucket() {
        incidentFiles("auto-two-management");
        bucket("auto-two-data", IncidentRecords.ACCOUNT,
                b -> b.deliver("us-east-1", INCIDENT.plusSeconds(400), List.of(PAYROLL_READ)));
        AutoRun.Result r = collect(twoTrails("auto-two-management", "auto-two-data"), S3MockServer.get().endpoint());

        assertEquals("management", r.plan().trail().name());
        assertEquals(List.of("payroll-reads"), r.plan().alsoCollected().stream().map(t -> t.name()).toList());
        assertEquals(3, r.s3().events(), "the data event too");
        assertTrue(r.s3().complete());
        assertTrue(r.plan().notes().contains("also collecting trail payroll-reads from s3://auto-two-data: it records"
                + " data events the picked trail does not select (S3 objects: payroll/)"), () -> r.plan().notes()
                .toString());
        assertTrue(r.plan().notes().contains("the trail selects no data events; other trails' are collected from their"
                + " files: S3 objects: payroll/ (trail payroll-reads)"), () -> r.plan().notes().toString());
        assertFalse(r.plan().notes().stream().anyMatch(n -> n.contains("cannot be collected from anywhere")));
    }

    @Test
    void aSecondTrailsBucketThatIsGoneIsAGapOfItsOwn() {
        incidentFiles("auto-gone-management");
        AutoRun.Result r = collect(twoTrails("auto-gone-management", "auto-gone-data"), S3MockServer.get().endpoint());

        assertEquals(2, r.s3().events());
        assertFalse(r.s3().complete(), "the data events are a gap");
        Coverage gone = r.s3().coverage().stream().filter(c -> c.scope().equals("s3://auto-gone-data/")).findFirst()
                .orElseThrow(() -> new AssertionError(r.s3().coverage()));
        assertEquals(Coverage.Status.FAILED, gone.status());
        assertTrue(gone.reason().startsWith("the bucket of trail payroll-reads s3://auto-gone-data cannot be read (the"
                + " bucket 'auto-gone-data' does not exist)"), gone.reason());
        assertEquals(List.of(), lookupRegions(r), "the event history holds no data events to stand in");
    }

    /** An organization trail of the management account, as a member account's DescribeTrails shows it. */
    private static Scenario member(String bucket) {
        return incident()
                .trail("{\"Name\":\"org\",\"HomeRegion\":\"us-east-1\",\"S3BucketName\":\"" + bucket + "\","
                        + "\"S3KeyPrefix\":\"security/cloudtrail/prod\",\"IsMultiRegionTrail\":true,"
                        + "\"IsOrganizationTrail\":true,"
                        + "\"TrailARN\":\"arn:aws:cloudtrail:us-east-1:111111111111:trail/org\"}")
                .build();
    }

    @Test
    void anOrganizationTrailUnderANestedPrefixIsReadForTheMember() {
        bucket("auto-org-nested", IncidentRecords.ACCOUNT, b -> {
            TrailBucket mine = b.under("security/cloudtrail/prod", "o-a1b2c3d4e5", IncidentRecords.ACCOUNT);
            mine.deliver("us-east-1", INCIDENT.plusSeconds(400), List.of(IN_VIRGINIA));
            mine.deliver("eu-west-1", INCIDENT.plusSeconds(400), List.of(IN_IRELAND));
            b.under("security/cloudtrail/prod", "o-a1b2c3d4e5", "210987654321").deliver("us-east-1",
                    INCIDENT.plusSeconds(400), List.of(routine(INCIDENT, "us-east-1", 7)));
        });
        AutoRun.Result r = collect(member("auto-org-nested"), S3MockServer.get().endpoint());

        assertEquals("org", r.plan().trail().name());
        assertEquals(List.of(IncidentRecords.ACCOUNT, "210987654321"), r.s3().accounts());
        assertEquals(3, r.s3().events());
        assertEquals(List.of(), lookupRegions(r), "the member's every region is in the files");
        assertTrue(r.s3().complete());
    }

    @Test
    void anOrganizationTrailsBucketDeniedToTheMemberFallsBackToEveryRegionsEventHistory() {
        bucket("auto-org-denied", IncidentRecords.ACCOUNT, b -> b.under("security/cloudtrail/prod", "o-a1b2c3d4e5",
                IncidentRecords.ACCOUNT).deliver("us-east-1", INCIDENT.plusSeconds(400), List.of(IN_VIRGINIA)));
        AutoRun.Result r;
        try (DenyingS3Proxy proxy = new DenyingS3Proxy(S3MockServer.get().endpoint()).denyBucket("auto-org-denied")) {
            r = collect(member("auto-org-denied"), proxy.endpoint());
        }

        assertEquals(null, r.s3());
        assertEquals(ENABLED, lookupRegions(r));
        assertEquals(2, r.lookup().events());
        String last = r.plan().notes().get(r.plan().notes().size() - 1);
        assertTrue(last.startsWith("the trail's bucket s3://auto-org-denied cannot be read (listing the bucket"
                + " 'auto-org-denied' was denied"), last);
    }

    @Test
    void aMembersOwnTrailIsCollectedWhenTheOrganizationTrailsBucketIsRefused() {
        bucket("auto-member-org", IncidentRecords.ACCOUNT, b -> b.under("security/cloudtrail/prod", "o-a1b2c3d4e5",
                IncidentRecords.ACCOUNT).deliver("us-east-1", INCIDENT.plusSeconds(400), List.of(IN_VIRGINIA)));
        incidentFiles("auto-member-own");
        Scenario scenario = incident()
                .trail("{\"Name\":\"org\",\"HomeRegion\":\"us-east-1\",\"S3BucketName\":\"auto-member-org\","
                        + "\"S3KeyPrefix\":\"security/cloudtrail/prod\",\"IsMultiRegionTrail\":true,"
                        + "\"IsOrganizationTrail\":true,"
                        + "\"TrailARN\":\"arn:aws:cloudtrail:us-east-1:111111111111:trail/org\"}")
                .trail("{\"Name\":\"own\",\"HomeRegion\":\"eu-west-1\",\"S3BucketName\":\"auto-member-own\","
                        + "\"IsMultiRegionTrail\":true}")
                .build();
        AutoRun.Result r;
        try (DenyingS3Proxy proxy = new DenyingS3Proxy(S3MockServer.get().endpoint()).denyBucket("auto-member-org")) {
            r = collect(scenario, proxy.endpoint());
        }

        assertEquals("own", r.plan().trail().name(), "the organization trail is preferred, but cannot be read");
        assertEquals(2, r.s3().events());
        assertEquals(List.of(), lookupRegions(r), "the member's own trail holds every region");
        assertTrue(r.s3().complete());
        assertTrue(r.plan().notes().get(0).startsWith("found trail org (s3://auto-member-org), but the trail's bucket"
                + " s3://auto-member-org cannot be read (listing the bucket 'auto-member-org' was denied"),
                r.plan().notes().get(0));
        assertTrue(r.plan().notes().get(0).endsWith("; collecting trail own instead"), r.plan().notes().get(0));
        assertEquals("collecting trail own (all regions) from s3://auto-member-own", r.plan().notes().get(1));
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
        });
        String trail = "{\"Name\":\"everywhere\",\"HomeRegion\":\"us-east-1\",\"S3BucketName\":\"auto-late-region\","
                + "\"IsMultiRegionTrail\":true}";
        AutoRun.Result r = collect(incident().record(earlier).trail(trail).build(),
                S3MockServer.get().endpoint());

        assertEquals(List.of("eu-west-1"), lookupRegions(r));
        assertEquals(2, r.lookup().events(), "the launch 20 days ago, before Ireland's files begin, and the incident's");
        assertTrue(r.plan().notes().contains("the trail's files do not hold the record of eu-west-1 (its files begin on"
                + " " + INCIDENT.toString().substring(0, 10) + ", the trail's on " + NOW.minus(Duration.ofDays(200))
                .toString().substring(0, 10) + "): its event history is collected too (90 days)"),
                () -> r.plan().notes().toString());
    }

    @Test
    void aRequesterPaysBucketIsReadWhenAgreedToPayAndOtherwiseSaysHow() {
        incidentFiles("auto-requester-pays");
        Scenario scenario = incident().trail("{\"Name\":\"everywhere\",\"HomeRegion\":\"us-east-1\","
                        + "\"S3BucketName\":\"auto-requester-pays\",\"IsMultiRegionTrail\":true}").build();
        AutoRun.Result refused;
        AutoRun.Result paid;
        try (DenyingS3Proxy proxy = new DenyingS3Proxy(S3MockServer.get().endpoint())
                .requesterPays("auto-requester-pays")) {
            refused = collect(scenario, proxy.endpoint());
            paid = collect(scenario, proxy.endpoint(), new AutoCollector.Options(RATE, null, true));
        }

        assertEquals(null, refused.s3());
        assertEquals(ENABLED, lookupRegions(refused));
        String last = refused.plan().notes().get(refused.plan().notes().size() - 1);
        assertTrue(last.contains("was denied"), last);
        assertEquals(2, paid.s3().events());
        assertTrue(paid.s3().complete());
        assertEquals(List.of(), lookupRegions(paid));
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
        });
        String trail = "{\"Name\":\"everywhere\",\"HomeRegion\":\"us-east-1\",\"S3BucketName\":"
                + "\"auto-deleted-files\",\"IsMultiRegionTrail\":true,\"status\":{\"IsLogging\":true,"
                + "\"LatestDeliveryTime\":\"" + NOW.minus(Duration.ofHours(1)) + "\"}}";
        AutoRun.Result r = collect(incident().record(afterwards).trail(trail).build(),
                S3MockServer.get().endpoint());

        assertEquals(List.of("eu-west-1"), lookupRegions(r));
        assertEquals(2, r.lookup().events(), "the termination after Ireland's last file");
        assertTrue(r.plan().notes().contains("the trail's files do not hold the record of eu-west-1 (its files end on "
                + INCIDENT.toString().substring(0, 10) + ", the account's other regions' on "
                + NOW.toString().substring(0, 10) + "): its event history is collected too (90 days)"),
                () -> r.plan().notes().toString());
    }

    @Test
    void aBucketWhoseNewestFilesAreOlderThanTheLatestDeliveryIsMissingFiles() {
        incidentFiles("auto-stale-bucket");
        String trail = "{\"Name\":\"everywhere\",\"HomeRegion\":\"us-east-1\",\"S3BucketName\":"
                + "\"auto-stale-bucket\",\"IsMultiRegionTrail\":true,\"status\":{\"IsLogging\":true,"
                + "\"LatestDeliveryTime\":\"" + NOW.minus(Duration.ofMinutes(10)) + "\"}}";
        AutoRun.Result r = collect(incident().trail(trail).build(), S3MockServer.get().endpoint());

        assertEquals(ENABLED, lookupRegions(r));
        assertTrue(r.plan().notes().contains("the trail's files do not hold the record of eu-west-1, us-east-1 (the"
                + " newest file of the account is of " + INCIDENT.toString().substring(0, 10) + " but the trail last"
                + " delivered on " + NOW.toString().substring(0, 10) + " (GetTrailStatus): files since are missing"
                + " from the bucket): their event history is collected too (90 days)"), () -> r.plan().notes().toString());
    }

    @Test
    void filesRefusedWithABareAccessDeniedNameTheTrailsKmsKeyInTheirCoverage() {
        incidentFiles("auto-kms-bare");
        AutoRun.Result r;
        try (DenyingS3Proxy proxy = new DenyingS3Proxy(S3MockServer.get().endpoint())
                .denyObjects("/CloudTrail/eu-west-1/", "Access Denied")) {
            r = collect(account("auto-kms-bare").build(), proxy.endpoint());
        }
        Coverage ireland = r.s3().coverage().stream().filter(c -> "eu-west-1".equals(c.region())).findFirst()
                .orElseThrow();
        assertEquals(Coverage.Status.DENIED, ireland.status());
        assertTrue(ireland.reason().endsWith("(the trail encrypts its files with the KMS key " + KEY + ": reading them"
                + " takes kms:Decrypt on it besides s3:GetObject)"), ireland.reason());
        Coverage virginia = r.s3().coverage().stream().filter(c -> "us-east-1".equals(c.region())).findFirst()
                .orElseThrow();
        assertEquals("", virginia.reason(), "a complete folder says nothing");
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
                + " event history is collected too (90 days)"), () -> r.plan().notes().toString());
    }

    @Test
    void aSecondTrailIsCollectedWhenThePickedTrailsBucketIsGone() {
        bucket("auto-gone-first-data", IncidentRecords.ACCOUNT,
                b -> b.deliver("us-east-1", INCIDENT.plusSeconds(400), List.of(PAYROLL_READ)));
        AutoRun.Result r = collect(twoTrails("auto-gone-first-management", "auto-gone-first-data"),
                S3MockServer.get().endpoint());

        assertEquals("payroll-reads", r.plan().trail().name(), "the next trail, once the first's bucket is gone");
        assertEquals(ENABLED, lookupRegions(r), "management events: only the event history has them now");
        assertEquals(1, r.s3().events(), "the data event from the second trail's bucket");
        assertEquals(2, r.lookup().events());
        assertTrue(r.plan().notes().get(0).startsWith("found trail management (s3://auto-gone-first-management), but"
                + " the trail's bucket s3://auto-gone-first-management cannot be read (the bucket"
                + " 'auto-gone-first-management' does not exist); collecting trail payroll-reads instead"),
                r.plan().notes().get(0));
    }

    static List<String> lookupRegions(AutoRun.Result r) {
        return r.lookup() == null ? List.of()
                : r.lookup().regions().stream().map(LookupCollector.RegionResult::region).sorted().toList();
    }
}
