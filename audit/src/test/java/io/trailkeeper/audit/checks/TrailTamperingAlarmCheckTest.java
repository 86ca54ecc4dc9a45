package io.trailkeeper.audit.checks;

import static io.trailkeeper.audit.Outcomes.fail;
import static io.trailkeeper.audit.Outcomes.mentions;
import static io.trailkeeper.audit.Outcomes.pass;
import static io.trailkeeper.audit.Outcomes.unknown;

import io.trailkeeper.audit.SnapshotBuilder;
import io.trailkeeper.events.AccountSnapshot.Alarm;
import io.trailkeeper.events.AccountSnapshot.EventRule;
import io.trailkeeper.events.AccountSnapshot.LogGroup;
import io.trailkeeper.events.AccountSnapshot.MetricFilter;
import io.trailkeeper.events.Finding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrailTamperingAlarmCheckTest {
    /** CIS 4.5's filter: it lacks PutEventSelectors. */
    static final String CIS_4_5 = "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || "
            + "($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }";
    static final String RULE = """
            {"source":["aws.cloudtrail"],"detail-type":["AWS API Call via CloudTrail"],
             "detail":{"eventSource":["cloudtrail.amazonaws.com"],
                       "eventName":["StopLogging","DeleteTrail","UpdateTrail","PutEventSelectors"]}}""";
    private final TrailTamperingAlarmCheck check = new TrailTamperingAlarmCheck();

    private List<Finding> run(SnapshotBuilder b) {
        return check.evaluate(b.build(), SnapshotBuilder.context());
    }

    private static SnapshotBuilder filters(MetricFilter... filters) {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        LogGroup g = b.logGroups.get(0);
        b.logGroups.set(0, new LogGroup(g.name(), g.arn(), g.region(), g.retentionDays(), List.of(filters), null));
        return b;
    }

    @Test
    void passesWithAFilterAndAnAlarmThatActs() {
        mentions(pass(run(SnapshotBuilder.wellConfigured())), "metric filter trail-tampering on cloudtrail/main with"
                + " alarm TrailTampering");
    }

    @Test
    void theCisFilterMissesPutEventSelectors() {
        SnapshotBuilder b = filters(new MetricFilter("cis-4.5", CIS_4_5, "TrailKeeper", "TrailTampering"));
        mentions(fail(run(b)), "nothing alerts on PutEventSelectors of trail main");
    }

    @Test
    void anAlarmWithoutActionsIsNotAnAlert() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.alarms.set(0, new Alarm("TrailTampering", "us-east-1", "TrailKeeper", "TrailTampering", true, List.of()));
        mentions(fail(run(b)), "StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors",
                "metric filter trail-tampering on cloudtrail/main has no alarm with an action");
    }

    @Test
    void anEventBridgeRuleInTheTrailsHomeRegionIsEnough() {
        SnapshotBuilder b = filters();
        b.eventRules.add(new EventRule("trail-tampering", "us-east-1", RULE, "ENABLED", 1));
        mentions(pass(run(b)), "EventBridge rule trail-tampering (us-east-1)");
    }

    @Test
    void anEventBridgeRuleElsewhereOrDisabledIsNot() {
        SnapshotBuilder b = filters();
        b.eventRules.add(new EventRule("elsewhere", "eu-west-1", RULE, "ENABLED", 1));
        b.eventRules.add(new EventRule("off", "us-east-1", RULE, "DISABLED", 1));
        mentions(fail(run(b)), "EventBridge rule off matches but is DISABLED");
    }

    @Test
    void failsWhenNoTrailIsLogging() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().logging = false;
        mentions(fail(run(b)), "(no trail is logging)");
    }

    @Test
    void aDeletedLogGroupIsAGapAndAnUnreadableOneIsUnknown() {
        SnapshotBuilder b = filters();
        b.logGroups.set(0, new LogGroup(SnapshotBuilder.LOG_GROUP, null, "us-east-1", null, List.of(),
                Map.of("logGroup", "ResourceNotFoundException: the log group cloudtrail/main does not exist")));
        mentions(fail(run(b)), "log group cloudtrail/main of trail main (us-east-1) does not exist");
        b.logGroups.set(0, new LogGroup(SnapshotBuilder.LOG_GROUP, null, "us-east-1", null, List.of(),
                Map.of("logGroup", "AccessDenied: logs:DescribeLogGroups")));
        mentions(unknown(run(b)), "AccessDenied: logs:DescribeLogGroups");
    }

    @Test
    void unknownWhenTheMetricFiltersCouldNotBeRead() {
        SnapshotBuilder b = filters();
        LogGroup g = b.logGroups.get(0);
        b.logGroups.set(0, new LogGroup(g.name(), g.arn(), g.region(), 400, List.of(),
                Map.of("metricFilters", "AccessDenied: logs:DescribeMetricFilters")));
        mentions(unknown(run(b)), "AccessDenied: logs:DescribeMetricFilters");
    }

    @Test
    void aTrailLoggingNoManagementEventsFeedsNeitherItsFiltersNorEventBridge() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().s3DataEventsOnly();
        b.eventRules.add(new EventRule("trail-tampering", "us-east-1", RULE, "ENABLED", 1));
        mentions(fail(run(b)), "nothing alerts on StopLogging", "trail main (us-east-1) does not send these events to"
                + " its log group: no management events are logged", "EventBridge rule trail-tampering matches, but");
    }

    @Test
    void aReadOnlyTrailMissesTampering() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().basicManagement("ReadOnly", true);
        mentions(fail(run(b)), "only read management events are logged");
    }
}
