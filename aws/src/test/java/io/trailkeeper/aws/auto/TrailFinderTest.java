package io.trailkeeper.aws.auto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.aws.AutoPlan;
import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.aws.AwsOptions;
import io.trailkeeper.aws.RegionInfo;
import io.trailkeeper.aws.Regions;
import io.trailkeeper.aws.TrailFinder;
import io.trailkeeper.aws.TrailInfo;
import io.trailkeeper.emulator.Emulator;
import io.trailkeeper.emulator.EmulatorConfig;
import io.trailkeeper.emulator.Scenario;
import io.trailkeeper.emulator.ScenarioBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** TrailFinder against the emulator: shadow trails folded into one, status and selectors read and put in words. */
class TrailFinderTest {
    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    static final List<String> ENABLED = List.of("ap-northeast-1", "ap-southeast-2", "eu-west-1", "us-east-1",
            "us-west-2");

    /** The management account's organization trail, as a member account sees it. */
    static final String ORGANIZATION_TRAIL = """
            {"Name":"org-trail","HomeRegion":"us-east-1","TrailARN":"arn:aws:cloudtrail:us-east-1:999999999999:trail/org-trail",
             "S3BucketName":"org-cloudtrail-logs","S3KeyPrefix":"org/","IsMultiRegionTrail":true,"IsOrganizationTrail":true,
             "status":{"IsLogging":true,"StartLoggingTime":"2025-01-01T00:00:00Z","LatestDeliveryTime":"2026-11-20T11:55:00Z"},
             "advancedEventSelectors":[
               {"Name":"Management events","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]},
               {"Name":"Customer data writes","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},
                 {"Field":"resources.type","Equals":["AWS::S3::Object"]},
                 {"Field":"resources.ARN","StartsWith":["arn:aws:s3:::tokyo-customer-data/"]},
                 {"Field":"readOnly","Equals":["false"]}]}]}""";
    static final String TOKYO_TRAIL = """
            {"Name":"tokyo","HomeRegion":"ap-northeast-1","S3BucketName":"tokyo-trail-logs",
             "eventSelectors":[{"ReadWriteType":"WriteOnly","IncludeManagementEvents":true,"DataResources":[
               {"Type":"AWS::S3::Object","Values":["arn:aws:s3:::tokyo-customer-data/"]},
               {"Type":"AWS::Lambda::Function","Values":["arn:aws:lambda"]}],"ExcludeManagementEventSources":[]}]}""";
    static final String STOPPED_TRAIL = """
            {"Name":"old-everywhere","HomeRegion":"eu-west-1","S3BucketName":"old-logs","IsMultiRegionTrail":true,
             "status":{"IsLogging":false,"StopLoggingTime":"2026-11-10T08:30:00Z",
                       "LatestDeliveryTime":"2026-11-10T08:40:00Z","LatestDeliveryError":"NoSuchBucket"}}""";
    static final String DATA_ONLY_TRAIL = """
            {"Name":"data-only","HomeRegion":"us-west-2","S3BucketName":"lambda-audit",
             "advancedEventSelectors":[{"Name":"every invocation","FieldSelectors":[
               {"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::Lambda::Function"]}]}]}""";

    private static ScenarioBuilder account() {
        return Scenario.builder().account(IncidentRecords.ACCOUNT).now(NOW).enabledRegions(ENABLED)
                .notEnabledRegions("af-south-1")
                .trail(ORGANIZATION_TRAIL).trail(TOKYO_TRAIL).trail(STOPPED_TRAIL).trail(DATA_ONLY_TRAIL);
    }

    private record Found(TrailFinder.Result result, List<RegionInfo> regions) {
        TrailInfo trail(String name) {
            return result.trails().stream().filter(t -> t.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no trail " + name + " in " + result.trails()));
        }
    }

    private static Found find(Scenario scenario) {
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(scenario).build());
             AwsClients clients = new AwsClients(AwsOptions.defaults().withRegion("us-east-1")
                     .withEndpoint(emulator.endpoint()))) {
            List<RegionInfo> regions = Regions.select(Regions.discover(clients), List.of("all"));
            return new Found(new TrailFinder(clients).find(regions), regions);
        }
    }

    @Test
    void eachTrailOnceWithTheRegionsThatListIt() {
        Found found = find(account().build());
        assertEquals(Map.of(), found.result().regionErrors());
        assertEquals(List.of("org-trail", "tokyo", "old-everywhere", "data-only"),
                found.result().trails().stream().map(TrailInfo::name).toList(), "a multi-region trail shows once");
        assertEquals(ENABLED, found.trail("org-trail").regionsSeen(), "a shadow in every enabled region");
        assertEquals(ENABLED, found.trail("old-everywhere").regionsSeen());
        assertEquals(List.of("ap-northeast-1"), found.trail("tokyo").regionsSeen());
        assertEquals(List.of("us-west-2"), found.trail("data-only").regionsSeen());
        for (TrailInfo t : found.result().trails()) {
            assertNull(t.statusError(), t.name());
            assertFalse(t.regionsSeen().contains("af-south-1"), "a region not enabled is not asked");
        }
    }

    @Test
    void aRegionRefusingTheCredentialsIsNamedWithWhyNotSkippedAsOff() {
        Found found = find(account().tokenRefusedRegions("me-south-1").build());
        String why = found.result().regionErrors().get("me-south-1");
        assertTrue(why != null && why.contains("opted in") && why.contains("v2Token"), String.valueOf(why));
    }

    @Test
    void anOrganizationTrailWithAdvancedSelectors() {
        TrailInfo org = find(account().build()).trail("org-trail");
        assertEquals("arn:aws:cloudtrail:us-east-1:999999999999:trail/org-trail", org.arn());
        assertEquals("us-east-1", org.homeRegion());
        assertTrue(org.organization());
        assertTrue(org.multiRegion());
        assertEquals("org-cloudtrail-logs", org.bucket());
        assertEquals("org", org.keyPrefix());
        assertTrue(org.logging());
        assertEquals(Instant.parse("2025-01-01T00:00:00Z"), org.startLoggingTime());
        assertEquals(Instant.parse("2026-11-20T11:55:00Z"), org.latestDeliveryTime());
        assertTrue(org.managementEvents());
        assertEquals(List.of("S3 objects: tokyo-customer-data/ (writes only) [Customer data writes]"),
                org.dataEvents());
    }

    @Test
    void conditionsBesidesTheResourcesAreToldNotCalledAllBuckets() {
        TrailInfo narrow = find(account().trail("""
                {"Name":"narrow","HomeRegion":"us-east-1","S3BucketName":"narrow-logs","IsMultiRegionTrail":true,
                 "advancedEventSelectors":[{"Name":"gets","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},
                   {"Field":"resources.type","Equals":["AWS::S3::Object"]},{"Field":"eventName","Equals":["GetObject"]},
                   {"Field":"userIdentity.arn","NotStartsWith":["arn:aws:sts::123456789012:assumed-role/ops/"]},
                   {"Field":"resources.ARN","NotEndsWith":[".tmp"]}]}]}""").build()).trail("narrow");
        assertEquals(List.of("S3 objects: all buckets, only where eventName Equals GetObject and userIdentity.arn"
                + " NotStartsWith arn:aws:sts::123456789012:assumed-role/ops/ and resources.ARN NotEndsWith .tmp"
                + " [gets]"), narrow.dataEvents());
    }

    @Test
    void aSingleRegionTrailWithBasicSelectors() {
        TrailInfo tokyo = find(account().build()).trail("tokyo");
        assertEquals("arn:aws:cloudtrail:ap-northeast-1:" + IncidentRecords.ACCOUNT + ":trail/tokyo", tokyo.arn());
        assertFalse(tokyo.multiRegion());
        assertFalse(tokyo.organization());
        assertTrue(tokyo.covers("ap-northeast-1"));
        assertFalse(tokyo.covers("us-east-1"));
        assertTrue(tokyo.logging());
        assertTrue(tokyo.managementEvents());
        assertEquals(List.of("S3 objects: tokyo-customer-data/ (writes only)",
                "Lambda invocations: all functions (writes only)"), tokyo.dataEvents());
    }

    @Test
    void aStoppedTrailAndATrailWithoutManagementEvents() {
        Found found = find(account().build());
        TrailInfo stopped = found.trail("old-everywhere");
        assertFalse(stopped.logging());
        assertEquals(Instant.parse("2026-11-10T08:30:00Z"), stopped.stopLoggingTime());
        assertEquals("NoSuchBucket", stopped.latestDeliveryError());
        assertTrue(stopped.managementEvents(), "no selectors: the default one, management events");
        assertEquals(List.of(), stopped.dataEvents());

        TrailInfo dataOnly = found.trail("data-only");
        assertFalse(dataOnly.managementEvents(), "advanced selectors without a Management one");
        assertEquals(List.of("Lambda invocations: all functions [every invocation]"), dataOnly.dataEvents());

        // and what auto makes of the four: the organization trail, nothing left to the event history
        AutoPlan.Plan plan = AutoPlan.plan(found.result().trails(), found.regions());
        assertEquals("org-trail", plan.trail().name());
        assertEquals(List.of(), plan.lookupRegions());
    }

    @Test
    void aDeniedRegionIsReportedAndItsTrailsStatusIsUnknownNotStopped() {
        Found found = find(account().deniedRegions("eu-west-1").build());
        assertEquals(Set.of("eu-west-1"), found.result().regionErrors().keySet());
        assertTrue(found.result().regionErrors().get("eu-west-1").contains("AccessDenied"),
                () -> found.result().regionErrors().toString());
        // the multi-region trail whose home refuses us is still found through its shadows
        TrailInfo stopped = found.trail("old-everywhere");
        assertEquals(List.of("ap-northeast-1", "ap-southeast-2", "us-east-1", "us-west-2"), stopped.regionsSeen());
        assertTrue(stopped.statusError().contains("GetTrailStatus") && stopped.statusError()
                .contains("GetEventSelectors"), stopped.statusError());

        AutoPlan.Plan plan = AutoPlan.plan(List.of(stopped), found.regions(), found.result().regionErrors());
        assertTrue(plan.notes().stream().anyMatch(n -> n.contains("whether it is logging is not known")),
                () -> plan.notes().toString());
        assertEquals(ENABLED, plan.lookupRegions().stream().map(RegionInfo::name).toList());
    }
}
