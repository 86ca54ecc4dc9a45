package io.trailkeeper.audit.checks;

import static io.trailkeeper.audit.Outcomes.fail;
import static io.trailkeeper.audit.Outcomes.mentions;
import static io.trailkeeper.audit.Outcomes.pass;
import static io.trailkeeper.audit.Outcomes.unknown;

import io.trailkeeper.audit.SnapshotBuilder;
import io.trailkeeper.events.AccountSnapshot.LogGroup;
import io.trailkeeper.events.Finding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrailCloudWatchLogsCheckTest {
    private final TrailCloudWatchLogsCheck check = new TrailCloudWatchLogsCheck();

    private List<Finding> run(SnapshotBuilder b) {
        return check.evaluate(b.build(), SnapshotBuilder.context());
    }

    private static SnapshotBuilder retention(Integer days) {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        LogGroup g = b.logGroups.get(0);
        b.logGroups.set(0, new LogGroup(g.name(), g.arn(), g.region(), days, g.metricFilters(), null));
        return b;
    }

    @Test
    void passesWhenKeptAYearOrForever() {
        mentions(pass(run(retention(365))), "kept 365 days");
        mentions(pass(run(retention(null))), "kept forever");
    }

    @Test
    void failsWhenKeptLessThanAYear() {
        mentions(fail(run(retention(90))), "keeps events only 90 days");
    }

    @Test
    void failsWhenTheTrailDoesNotSendToCloudWatchLogs() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().logGroupArn = null;
        mentions(fail(run(b)), "does not send its events to CloudWatch Logs");
    }

    @Test
    void failsWhenTheLogGroupWasDeleted() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.logGroups.set(0, new LogGroup(SnapshotBuilder.LOG_GROUP, null, "us-east-1", null, List.of(), Map.of("logGroup",
                "ResourceNotFoundException: the log group cloudtrail/main does not exist in us-east-1")));
        mentions(fail(run(b)), "does not exist: ResourceNotFoundException");
    }

    @Test
    void unknownWhenTheLogGroupIsNotInTheSnapshotOrUnreadable() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.logGroups.clear();
        mentions(unknown(run(b)), "is not in the snapshot");
        b.unreadable("logs us-east-1", "AccessDenied");
        mentions(unknown(run(b)), "could not be read: logs us-east-1: AccessDenied");
        SnapshotBuilder c = SnapshotBuilder.wellConfigured();
        LogGroup g = c.logGroups.get(0);
        c.logGroups.set(0, new LogGroup(g.name(), g.arn(), g.region(), null, List.of(), Map.of("logGroup", "Throttled")));
        mentions(unknown(run(c)), "Throttled");
    }
}
