package io.trailkeeper.audit.checks;

import static io.trailkeeper.audit.Outcomes.fail;
import static io.trailkeeper.audit.Outcomes.mentions;
import static io.trailkeeper.audit.Outcomes.pass;
import static io.trailkeeper.audit.Outcomes.unknown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.trailkeeper.audit.SnapshotBuilder;
import io.trailkeeper.events.AccountSnapshot.Region;
import io.trailkeeper.events.Finding;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrailLoggingCheckTest {
    private final TrailLoggingCheck check = new TrailLoggingCheck();

    private List<Finding> run(SnapshotBuilder b) {
        return check.evaluate(b.build(), SnapshotBuilder.context());
    }

    @Test
    void passesWhenTheTrailIsLogging() {
        Finding f = pass(run(SnapshotBuilder.wellConfigured()));
        assertEquals(SnapshotBuilder.TRAIL_ARN, f.resource());
        assertEquals("us-east-1", f.region());
    }

    @Test
    void withoutATrailSaysOnly90DaysExistAndNamesTheRegionsWithActivity() {
        Finding f = fail(run(SnapshotBuilder.noTrail()));
        assertEquals(SnapshotBuilder.ACCOUNT, f.resource());
        mentions(f, "only the last 90 days of management events", "ap-southeast-2 (37 events, latest 2025-02-27T03:14:00Z)",
                "us-east-1 (at least 1204 events, latest 2025-03-01T11:50:00Z)",
                "trailkeeper collect lookup");
        assertFalse(f.detail().contains("eu-west-1"), f.detail());
        assertFalse(f.detail().contains("me-south-1"), f.detail());
    }

    /**
     * A deleted-trail drill: every one of 17 regions was said to have "50 events" (the one page of 50 the audit reads,
     * LookupEvents' largest) while each held 169 to 546 in the 14 days alone: a full page is a floor, not a count.
     */
    @Test
    void aFullPageOfHistoryIsAFloorNotACount() {
        SnapshotBuilder b = SnapshotBuilder.noTrail();
        b.regions.set(2, new io.trailkeeper.events.AccountSnapshot.Region("ap-southeast-2", "opt-in-not-required", true,
                50L, java.time.Instant.parse("2025-02-27T03:14:00Z"), null));
        mentions(fail(run(b)), "ap-southeast-2 (at least 50 events, latest 2025-02-27T03:14:00Z)");
        mentions(new MultiRegionTrailCheck().evaluate(b.build(), SnapshotBuilder.context()).stream()
                .filter(f -> "ap-southeast-2".equals(f.region())).findFirst().orElseThrow(),
                "its recent events (at least 50, latest 2025-02-27T03:14:00Z) exist only in its 90-day event history");
    }

    @Test
    void withoutATrailNamesTheRegionsWhoseHistoryCouldNotBeRead() {
        SnapshotBuilder b = SnapshotBuilder.noTrail();
        b.regions.set(1, new Region("eu-west-1", "opt-in-not-required", true, null, null,
                Map.of("lookupEvents", "AccessDenied: not authorized to perform cloudtrail:LookupEvents")));
        mentions(fail(run(b)), "event history unreadable in eu-west-1");
    }

    /** "No deleted trail" is not to be read where the DeleteTrail events could not be looked up. */
    @Test
    void withoutATrailNamesTheRegionsWhoseDeleteTrailEventsCouldNotBeRead() {
        SnapshotBuilder b = SnapshotBuilder.noTrail();
        b.regions.set(2, new Region("ap-southeast-2", "opt-in-not-required", true, 37L,
                Instant.parse("2025-02-27T03:14:00Z"), Map.of("trailDeletions", "ThrottlingException: Rate exceeded")));
        mentions(fail(run(b)), "no data events at all; whether a trail was deleted could not be read in ap-southeast-2"
                + " (ThrottlingException: Rate exceeded); regions with activity in it:");
    }

    @Test
    void failsWhenTheTrailWasStopped() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().logging = false;
        b.trail().stopLoggingTime = Instant.parse("2025-02-20T08:00:00Z");
        mentions(fail(run(b)), "trail main (us-east-1) is not logging since 2025-02-20T08:00:00Z");
    }

    @Test
    void unknownWhenTheStatusCouldNotBeRead() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().logging = null;
        b.trail().errors.put("status", "AccessDenied: cloudtrail:GetTrailStatus");
        mentions(unknown(run(b)), "could not be read: AccessDenied: cloudtrail:GetTrailStatus");
    }

    @Test
    void unknownWhenNoTrailWasFoundButARegionCouldNotBeRead() {
        SnapshotBuilder b = SnapshotBuilder.noTrail().unreadable("cloudtrail eu-west-1", "AccessDenied");
        mentions(unknown(run(b)), "cloudtrail eu-west-1: AccessDenied");
    }
}
