package io.trailkeeper.audit.checks;

import static io.trailkeeper.audit.Outcomes.fail;
import static io.trailkeeper.audit.Outcomes.mentions;
import static io.trailkeeper.audit.Outcomes.pass;
import static io.trailkeeper.audit.Outcomes.unknown;

import io.trailkeeper.audit.SnapshotBuilder;
import io.trailkeeper.events.AccountSnapshot.EventRule;
import io.trailkeeper.events.AccountSnapshot.LogGroup;
import io.trailkeeper.events.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleLoginWithoutMfaAlarmCheckTest {
    static final String RULE = """
            {"detail-type":["AWS Console Sign In via CloudTrail"],
             "detail":{"eventName":["ConsoleLogin"],"additionalEventData":{"MFAUsed":[{"anything-but":"Yes"}]}}}""";
    private final ConsoleLoginWithoutMfaAlarmCheck check = new ConsoleLoginWithoutMfaAlarmCheck();

    private List<Finding> run(SnapshotBuilder b) {
        return check.evaluate(b.build(), SnapshotBuilder.context());
    }

    private static SnapshotBuilder withoutFilters() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        LogGroup g = b.logGroups.get(0);
        b.logGroups.set(0, new LogGroup(g.name(), g.arn(), g.region(), 400, List.of(), null));
        return b;
    }

    @Test
    void passesWithTheCisFilterOnAMultiRegionTrail() {
        mentions(pass(run(SnapshotBuilder.wellConfigured())), "metric filter no-mfa");
    }

    @Test
    void aSingleRegionTrailsFilterSeesOnlyItsRegion() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().multiRegion = false;
        mentions(fail(run(b)), "only in some regions", "none in ap-southeast-2, eu-west-1");
    }

    @Test
    void failsWithoutAnyFilterOrRule() {
        mentions(fail(run(withoutFilters())), "no metric filter with an alarm and no EventBridge rule");
    }

    @Test
    void eventBridgeRulesMustBeInEveryEnabledRegion() {
        SnapshotBuilder b = withoutFilters();
        b.eventRules.add(new EventRule("no-mfa", "us-east-1", RULE, "ENABLED", 1));
        mentions(fail(run(b)), "none in ap-southeast-2, eu-west-1");
        b.eventRules.add(new EventRule("no-mfa", "eu-west-1", RULE, "ENABLED", 1));
        b.eventRules.add(new EventRule("no-mfa", "ap-southeast-2", RULE, "ENABLED", 2));
        pass(run(b));
    }

    @Test
    void failsWithoutALoggingTrail() {
        mentions(fail(run(SnapshotBuilder.noTrail())), "no trail");
    }

    @Test
    void unknownWhenTheLogGroupIsMissingAndNothingElseAlerts() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.logGroups.clear();
        mentions(unknown(run(b)), "log group cloudtrail/main of trail main (us-east-1) is not in the snapshot");
    }
}
