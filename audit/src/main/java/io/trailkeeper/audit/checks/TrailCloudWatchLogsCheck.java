package io.trailkeeper.audit.checks;

import io.trailkeeper.audit.AuditContext;
import io.trailkeeper.audit.Check;
import io.trailkeeper.audit.internal.Inputs;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshot.LogGroup;
import io.trailkeeper.events.AccountSnapshot.Trail;
import io.trailkeeper.events.Finding;
import java.util.List;
import java.util.Optional;

/**
 * Each trail also sends its events to a CloudWatch Logs group (where metric filters and alarms watch them),
 * and that group keeps them at least 365 days, or forever (no retention set).
 */
public final class TrailCloudWatchLogsCheck implements Check {
    public static final String ID = "cloudtrail_cloudwatch_logging_enabled";
    static final int DAYS = 365;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(AccountSnapshot snapshot, AuditContext context) {
        if (snapshot.trails().isEmpty()) {
            return List.of(Inputs.trailOnly(ID, snapshot, "nothing reaches CloudWatch Logs"));
        }
        return snapshot.trails().stream().map(t -> judge(snapshot, t)).toList();
    }

    private static Finding judge(AccountSnapshot snapshot, Trail trail) {
        String resource = Inputs.resource(trail);
        String arn = trail.cloudWatchLogsLogGroupArn();
        if (arn == null || arn.isBlank()) {
            return Finding.fail(ID, resource, trail.homeRegion(), Inputs.describe(trail) + " does not send its events"
                    + " to CloudWatch Logs: no metric filter or alarm can watch them");
        }
        String[] parts = arn.split(":");
        String region = parts.length > 3 ? parts[3] : trail.homeRegion();
        String name = parts.length > 6 ? parts[6] : arn;
        Optional<LogGroup> group = snapshot.logGroups().stream()
                .filter(g -> g.name().equals(name) && (g.region() == null || g.region().equals(region))).findFirst();
        String error = group.isPresent() ? Inputs.error(group.get().errors(), Inputs.LOG_GROUP)
                : Inputs.unreadable(snapshot, "logs", region);
        if (Inputs.notFound(error)) {
            return Finding.fail(ID, resource, trail.homeRegion(), "log group " + name + " of " + Inputs.describe(trail)
                    + " does not exist: " + error);
        }
        if (group.isEmpty() || error != null) {
            return Finding.unknown(ID, resource, trail.homeRegion(), "log group " + name + " of " + Inputs.describe(trail)
                    + (error != null ? " could not be read: " + error : " is not in the snapshot"));
        }
        Integer days = group.get().retentionDays();
        if (days != null && days < DAYS) {
            return Finding.fail(ID, resource, trail.homeRegion(), "log group " + name + " of " + Inputs.describe(trail)
                    + " keeps events only " + days + " days");
        }
        return Finding.pass(ID, resource, trail.homeRegion(), Inputs.describe(trail) + " sends its events to " + name
                + (days == null ? ", kept forever" : ", kept " + days + " days"));
    }
}
