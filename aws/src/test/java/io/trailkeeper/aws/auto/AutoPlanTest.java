package io.trailkeeper.aws.auto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.aws.AutoPlan;
import io.trailkeeper.aws.RegionInfo;
import io.trailkeeper.aws.TrailInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** AutoPlan alone: which trail's bucket, which regions from the event history and from when, and the words. */
class AutoPlanTest {
    static final List<RegionInfo> REGIONS = List.of(
            new RegionInfo("af-south-1", "not-opted-in"),
            new RegionInfo("ap-northeast-1", "opt-in-not-required"),
            new RegionInfo("ap-southeast-2", "opt-in-not-required"),
            new RegionInfo("eu-west-1", "opt-in-not-required"),
            new RegionInfo("me-south-1", "not-opted-in"),
            new RegionInfo("us-east-1", "opt-in-not-required"),
            new RegionInfo("us-west-2", "opt-in-not-required"));
    static final List<String> ENABLED = List.of("ap-northeast-1", "ap-southeast-2", "eu-west-1", "us-east-1",
            "us-west-2");
    static final Instant STOP = Instant.parse("2026-11-10T08:30:00Z");

    /** A trail as TrailFinder would describe it; the with-methods change one thing. */
    record Trail(String name, String home, String bucket, boolean multiRegion, boolean organization, boolean logging,
                 Instant stop, boolean management, List<String> data, Instant delivered, String deliveryError,
                 String statusError) {
        static Trail logging(String name, String home, boolean multiRegion) {
            return new Trail(name, home, name + "-logs", multiRegion, false, true, null, true, List.of(), null, null,
                    null);
        }

        Trail stopped(Instant at) {
            return new Trail(name, home, bucket, multiRegion, organization, false, at, management, data, delivered,
                    deliveryError, statusError);
        }

        Trail ofOrganization() {
            return new Trail(name, home, bucket, multiRegion, true, logging, stop, management, data, delivered,
                    deliveryError, statusError);
        }

        Trail bucket(String value) {
            return new Trail(name, home, value, multiRegion, organization, logging, stop, management, data, delivered,
                    deliveryError, statusError);
        }

        Trail selecting(boolean managementEvents, List<String> dataEvents) {
            return new Trail(name, home, bucket, multiRegion, organization, logging, stop, managementEvents,
                    dataEvents, delivered, deliveryError, statusError);
        }

        Trail deliveryFailed(Instant lastDelivered, String error) {
            return new Trail(name, home, bucket, multiRegion, organization, logging, stop, management, data,
                    lastDelivered, error, statusError);
        }

        Trail unreadable(String error) {
            return new Trail(name, home, bucket, multiRegion, organization, false, null, management, data, delivered,
                    deliveryError, error);
        }

        TrailInfo info() {
            return new TrailInfo(name, "arn:aws:cloudtrail:" + home + ":123456789012:trail/" + name, home, bucket,
                    null, multiRegion, organization, true, logging, null, stop, delivered, deliveryError, management,
                    data, multiRegion ? ENABLED : List.of(home), statusError, null, List.of());
        }
    }

    private static AutoPlan.Plan plan(Trail... trails) {
        List<TrailInfo> infos = new ArrayList<>();
        for (Trail t : trails) {
            infos.add(t.info());
        }
        return AutoPlan.plan(infos, REGIONS);
    }

    private static List<String> lookup(AutoPlan.Plan plan) {
        return plan.lookupRegions().stream().map(RegionInfo::name).toList();
    }

    private static String note(AutoPlan.Plan plan, Predicate<String> which) {
        return plan.notes().stream().filter(which).findFirst()
                .orElseThrow(() -> new AssertionError("no such note in " + plan.notes()));
    }

    private static boolean hasNote(AutoPlan.Plan plan, String part) {
        return plan.notes().stream().anyMatch(n -> n.contains(part));
    }

    @Test
    void noTrailLeavesEveryEnabledRegionsEventHistory() {
        AutoPlan.Plan plan = plan();
        assertNull(plan.trail());
        assertEquals(ENABLED, lookup(plan));
        assertEquals(Map.of(), plan.lookupSince(), "the whole 90 days");
        assertEquals(List.of("no trail in any region: the only record is each region's event history (90 days,"
                + " management events only)", "2 regions are not enabled for the account now, so they cannot"
                + " be read: af-south-1, me-south-1 (nothing is recorded in a region while it is off;"
                + " `trailkeeper coverage` names one the collected events show was on in the window)"), plan.notes());
    }

    @Test
    void aSingleRegionTrailInTokyoLeavesTheOtherRegionsToTheEventHistory() {
        AutoPlan.Plan plan = plan(Trail.logging("tokyo", "ap-northeast-1", false));
        assertEquals("tokyo", plan.trail().name());
        assertEquals("tokyo-logs", plan.trail().bucket());
        assertEquals(List.of("ap-southeast-2", "eu-west-1", "us-east-1", "us-west-2"), lookup(plan));
        assertEquals(Map.of(), plan.lookupSince(), "90 days where the trail never recorded");
        assertEquals("collecting trail tokyo (only ap-northeast-1) from s3://tokyo-logs", plan.notes().get(0));
        assertEquals("the trail records only ap-northeast-1; 4 other regions come from their event history"
                + " (90 days): ap-southeast-2, eu-west-1, us-east-1, us-west-2", note(plan, n -> n.contains("only ap-")
                && n.startsWith("the trail records")));
    }

    @Test
    void aLoggingMultiRegionTrailNeedsNoEventHistory() {
        AutoPlan.Plan plan = plan(Trail.logging("everywhere", "us-east-1", true));
        assertEquals("everywhere", plan.trail().name());
        assertEquals(List.of(), lookup(plan));
        assertEquals("collecting trail everywhere (all regions) from s3://everywhere-logs", plan.notes().get(0));
        assertFalse(hasNote(plan, "event history"), () -> plan.notes().toString());
    }

    @Test
    void aStoppedMultiRegionTrailLeavesEveryRegionAfterItStopped() {
        AutoPlan.Plan plan = plan(Trail.logging("everywhere", "us-east-1", true).stopped(STOP));
        assertEquals("everywhere", plan.trail().name(), "its files still hold everything up to the stop");
        assertEquals(ENABLED, lookup(plan));
        Instant since = STOP.minus(Duration.ofHours(1));
        for (String region : ENABLED) {
            assertEquals(since, plan.lookupSince().get(region), region + ": from an hour before the stop");
        }
        assertEquals(ENABLED.size(), plan.lookupSince().size());
        assertTrue(hasNote(plan, "the trail is not logging since 2026-11-10T08:30:00Z: its files end there, the"
                + " event history covers the time after"), () -> plan.notes().toString());
    }

    @Test
    void aStoppedTrailWithoutAStopTimeLeavesTheWholeHistory() {
        AutoPlan.Plan plan = plan(Trail.logging("everywhere", "us-east-1", true).stopped(null));
        assertEquals(ENABLED, lookup(plan));
        assertEquals(Map.of(), plan.lookupSince());
        assertTrue(hasNote(plan, "the trail is not logging: its files end there"), () -> plan.notes().toString());
    }

    @Test
    void aStoppedSingleRegionTrailLeavesItsRegionAfterTheStopAndTheOthersWhole() {
        AutoPlan.Plan plan = plan(Trail.logging("tokyo", "ap-northeast-1", false).stopped(STOP));
        assertEquals(ENABLED, lookup(plan));
        assertEquals(Map.of("ap-northeast-1", STOP.minus(Duration.ofHours(1))), plan.lookupSince());
    }

    @Test
    void dataEventsNeverSelectedAreSaidToBeLostAndSelectedOnesAreNamed() {
        AutoPlan.Plan none = plan(Trail.logging("everywhere", "us-east-1", true));
        assertEquals("the trail selects no data events today (GetEventSelectors): S3 object reads and writes,"
                + " Lambda invocations and DynamoDB item changes are not logged now; what it logged before its"
                + " selectors changed is in its files, and nothing else has them",
                note(none, n -> n.contains("data events")));

        AutoPlan.Plan some = plan(Trail.logging("everywhere", "us-east-1", true)
                .selecting(true, List.of("S3 objects: all buckets", "Lambda invocations: all functions (writes only)")));
        assertEquals("data events selected today (GetEventSelectors does not say since when): S3 objects: all"
                + " buckets; Lambda invocations: all functions (writes only)",
                note(some, n -> n.contains("data events")));
        assertFalse(hasNote(some, "not logged now"));
    }

    @Test
    void aLoggingTrailIsPreferredToAStoppedOneThoughItCoversLess() {
        AutoPlan.Plan plan = plan(Trail.logging("old-everywhere", "us-east-1", true).stopped(STOP),
                Trail.logging("tokyo", "ap-northeast-1", false));
        assertEquals("tokyo", plan.trail().name());
        // its files hold the other regions until it stopped: read too
        assertEquals(List.of("old-everywhere"), plan.alsoCollected().stream().map(TrailInfo::name).toList());
        assertTrue(hasNote(plan, "also collecting trail old-everywhere from s3://old-everywhere-logs: it records"
                + " regions the picked trail does not (ap-southeast-2, eu-west-1, us-east-1,"
                + " us-west-2) until it stopped"), () -> plan.notes().toString());
    }

    @Test
    void aMultiRegionTrailIsPreferredToASingleRegionOne() {
        AutoPlan.Plan plan = plan(Trail.logging("a-tokyo", "ap-northeast-1", false),
                Trail.logging("z-everywhere", "eu-west-1", true));
        assertEquals("z-everywhere", plan.trail().name(), "the name only breaks ties");
        assertEquals(List.of(), lookup(plan));
        assertEquals(List.of(), plan.alsoCollected(), "Tokyo's files hold nothing the other's do not");
        assertTrue(hasNote(plan, "also found trail a-tokyo (s3://a-tokyo-logs), not collected: it records nothing the"
                + " picked trail does not; use collect s3 --bucket a-tokyo-logs for it"), () -> plan.notes().toString());
    }

    @Test
    void anOrganizationTrailIsPreferredAmongEqualTrailsAndTheOrderGivenDoesNotMatter() {
        Trail own = Trail.logging("a-own", "us-east-1", true);
        Trail org = Trail.logging("b-org", "us-east-1", true).ofOrganization();
        AutoPlan.Plan plan = plan(own, org);
        assertEquals("b-org", plan.trail().name());
        assertEquals("collecting trail b-org (all regions, organization trail) from s3://b-org-logs",
                plan.notes().get(0));
        assertEquals(plan, plan(org, own), "the same trails give the same plan");
    }

    @Test
    void aTrailWithoutABucketIsIgnored() {
        AutoPlan.Plan alone = plan(Trail.logging("nowhere", "us-east-1", true).bucket(null));
        assertNull(alone.trail());
        assertEquals(ENABLED, lookup(alone));
        assertTrue(hasNote(alone, "no trail delivers to an S3 bucket"), () -> alone.notes().toString());

        AutoPlan.Plan beside = plan(Trail.logging("nowhere", "us-east-1", true).bucket(" "),
                Trail.logging("tokyo", "ap-northeast-1", false));
        assertEquals("tokyo", beside.trail().name(), "a multi-region trail without a bucket is no better");
    }

    @Test
    void regionsNotEnabledAreNeverPlannedButNamed() {
        List<AutoPlan.Plan> plans = List.of(plan(), plan(Trail.logging("tokyo", "ap-northeast-1", false)),
                plan(Trail.logging("everywhere", "us-east-1", true).stopped(STOP)),
                AutoPlan.fallBack(REGIONS, List.of(), "the bucket is gone"));
        for (AutoPlan.Plan plan : plans) {
            assertFalse(lookup(plan).contains("af-south-1"), () -> lookup(plan).toString());
            assertFalse(lookup(plan).contains("me-south-1"), () -> lookup(plan).toString());
            assertFalse(plan.lookupSince().containsKey("af-south-1"));
        }
        for (AutoPlan.Plan plan : plans.subList(0, 3)) {
            assertTrue(hasNote(plan, "2 regions are not enabled for the account"), () -> plan.notes().toString());
        }
    }

    @Test
    void fallingBackKeepsTheNotesAndAddsTheReason() {
        AutoPlan.Plan first = plan(Trail.logging("tokyo", "ap-northeast-1", false));
        AutoPlan.Plan plan = AutoPlan.fallBack(REGIONS, first.notes(), "the trail's bucket s3://tokyo-logs cannot be"
                + " read (the bucket 'tokyo-logs' does not exist)");
        assertNull(plan.trail());
        assertEquals(ENABLED, lookup(plan), "Tokyo too: its files are gone");
        assertEquals(Map.of(), plan.lookupSince());
        // the notes about the set-up stay; the trail is no longer what is collected, only what was found
        assertEquals(first.notes().subList(1, first.notes().size()), plan.notes().subList(1, first.notes().size()));
        assertEquals("found trail tokyo (only ap-northeast-1) from s3://tokyo-logs", plan.notes().get(0));
        assertEquals(first.notes().size() + 1, plan.notes().size());
        assertEquals("the trail's bucket s3://tokyo-logs cannot be read (the bucket 'tokyo-logs' does not exist);"
                + " falling back to the event history of every region (90 days)", plan.notes().get(
                plan.notes().size() - 1));
    }

    @Test
    void aTrailOfManagementEventsBesideAnOrganizationTrailOfDataEventsIsCollectedToo() {
        AutoPlan.Plan plan = plan(Trail.logging("org-data", "us-east-1", true).ofOrganization()
                        .selecting(false, List.of("S3 objects: all buckets")),
                Trail.logging("own", "us-east-1", true));
        assertEquals(List.of("own"), plan.alsoCollected().stream().map(TrailInfo::name).toList(),
                "its files hold the management events older than the event history's 90 days");
        assertTrue(hasNote(plan, "also collecting trail own from s3://own-logs: it records management events, which"
                + " the picked trail does not"), () -> plan.notes().toString());
    }

    @Test
    void aTrailWithoutManagementEventsLeavesThemToEveryRegionsEventHistory() {
        AutoPlan.Plan plan = plan(Trail.logging("data-only", "us-east-1", true)
                .selecting(false, List.of("S3 objects: all buckets")));
        assertEquals("data-only", plan.trail().name(), "its data events exist nowhere else");
        assertEquals(ENABLED, lookup(plan), "management events: only the event history has them");
        assertEquals(Map.of(), plan.lookupSince());
        assertTrue(hasNote(plan, "the trail does not record management events"), () -> plan.notes().toString());
    }

    @Test
    void aFailingDeliveryLeavesTheTimeAfterTheLastFileToTheEventHistory() {
        Instant last = Instant.parse("2026-11-12T00:05:00Z");
        AutoPlan.Plan plan = plan(Trail.logging("everywhere", "us-east-1", true)
                .deliveryFailed(last, "AccessDenied"));
        assertEquals("everywhere", plan.trail().name());
        assertEquals(ENABLED, lookup(plan));
        assertEquals(last.minus(Duration.ofHours(1)), plan.lookupSince().get("eu-west-1"));
        assertTrue(hasNote(plan, "the trail's latest delivery failed (AccessDenied): its files may end at"
                + " 2026-11-12T00:05:00Z"), () -> plan.notes().toString());
    }

    @Test
    void aStatusThatCouldNotBeReadIsNotCalledStopped() {
        AutoPlan.Plan plan = plan(Trail.logging("everywhere", "us-east-1", true).unreadable(
                "GetTrailStatus: AccessDeniedException; GetEventSelectors: AccessDeniedException"));
        assertEquals(ENABLED, lookup(plan), "unknown: the event history is read to be safe");
        assertEquals(Map.of(), plan.lookupSince());
        assertFalse(hasNote(plan, "the trail is not logging"), () -> plan.notes().toString());
        assertTrue(hasNote(plan, "whether it is logging is not known"), () -> plan.notes().toString());
        assertTrue(hasNote(plan, "whether it records data events is not known"), () -> plan.notes().toString());
        assertFalse(hasNote(plan, "not logged now"), "not looked at is not \"not logged\"");
    }

    @Test
    void regionsWhoseTrailsCouldNotBeListedAreNotCalledTrailless() {
        AutoPlan.Plan plan = AutoPlan.plan(List.of(), REGIONS, Map.of("us-west-2", "AccessDeniedException"));
        assertEquals(ENABLED, lookup(plan));
        assertFalse(hasNote(plan, "no trail in any region"), () -> plan.notes().toString());
        assertTrue(hasNote(plan, "the trails of us-west-2 could not be listed (AccessDeniedException)"));
        assertTrue(hasNote(plan, "no trail found"));
    }
}
