package io.trailkeeper.aws.auto;

import static io.trailkeeper.aws.auto.IncidentRecords.ATTACKER_IP;
import static io.trailkeeper.aws.auto.IncidentRecords.call;
import static io.trailkeeper.aws.auto.IncidentRecords.routine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.aws.s3.S3MockServer;
import io.trailkeeper.emulator.Scenario;
import io.trailkeeper.events.Coverage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * collect auto where the account has several trails: a second trail's data events from its own bucket (a gap of
 * its own when that bucket is gone), an organization trail seen from a member account, and the next trail's
 * bucket when the picked one's cannot be read.
 */
class CollectAutoSeveralTrailsTest extends AutoShapes {
    /** A multi-region trail of management events, and a single-region one of S3 data events to another bucket. */
    static Scenario twoTrails(String managementBucket, String dataBucket) {
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
        assertFalse(r.plan().notes().stream().anyMatch(n -> n.contains("nothing else has them")));
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
    static Scenario member(String bucket) {
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
}
