package io.trailkeeper.audit.checks;

import static io.trailkeeper.audit.Outcomes.fail;
import static io.trailkeeper.audit.Outcomes.mentions;
import static io.trailkeeper.audit.Outcomes.pass;
import static io.trailkeeper.audit.Outcomes.unknown;

import io.trailkeeper.audit.SnapshotBuilder;
import io.trailkeeper.events.AccountSnapshot.EventRule;
import io.trailkeeper.events.AccountSnapshot.LogGroup;
import io.trailkeeper.events.AccountSnapshot.MetricFilter;
import io.trailkeeper.events.AccountSnapshot.Region;
import io.trailkeeper.events.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class RootUsageAlarmCheckTest {
    private final RootUsageAlarmCheck check = new RootUsageAlarmCheck();

    private List<Finding> run(SnapshotBuilder b) {
        return check.evaluate(b.build(), SnapshotBuilder.context());
    }

    private static SnapshotBuilder rootFilter(String pattern) {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        LogGroup g = b.logGroups.get(0);
        b.logGroups.set(0, new LogGroup(g.name(), g.arn(), g.region(), 400,
                List.of(new MetricFilter("root", pattern, "TrailKeeper", "RootUsage")), null));
        return b;
    }

    @Test
    void passesWithTheCisFilter() {
        mentions(pass(run(SnapshotBuilder.wellConfigured())), "use of the root user raises an alert");
    }

    @Test
    void aFilterOnRootSignInsAloneMissesApiCallsWithRootKeys() {
        SnapshotBuilder b = rootFilter("{ ($.userIdentity.type = \"Root\") && ($.eventName = \"ConsoleLogin\") }");
        fail(run(b));
    }

    @Test
    void aTermPatternCanMatch() {
        pass(run(rootFilter("\"Root\"")));
    }

    @Test
    void anEventBridgeRuleOnEveryRootEventInOneRegionCoversAnAccountWithOneRegion() {
        SnapshotBuilder b = rootFilter("{ $.eventName = \"Nothing\" }");
        b.regions.clear();
        b.regions.add(new Region("us-east-1", "opt-in-not-required", true, 10L, null, null));
        b.eventRules.add(new EventRule("root", "us-east-1", """
                {"detail-type":["AWS API Call via CloudTrail","AWS Console Sign In via CloudTrail"],
                 "detail":{"userIdentity":{"type":["Root"]}}}""", "ENABLED", 1));
        mentions(pass(run(b)), "EventBridge rule root (us-east-1)");
    }

    @Test
    void unknownWhenEventBridgeCouldNotBeReadAndNoFilterAlerts() {
        SnapshotBuilder b = rootFilter("{ $.eventName = \"Nothing\" }").unreadable("events us-east-1", "AccessDenied");
        mentions(unknown(run(b)), "events us-east-1: AccessDenied");
    }

    @Test
    void aTrailLoggingNoManagementEventsCannotFeedTheAlarm() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().basicManagement("All", false);
        mentions(fail(run(b)), "no management events are logged");
    }
}
