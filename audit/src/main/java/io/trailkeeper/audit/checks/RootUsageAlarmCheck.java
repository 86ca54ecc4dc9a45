package io.trailkeeper.audit.checks;

import io.trailkeeper.audit.AuditContext;
import io.trailkeeper.audit.Check;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.Finding;
import java.util.List;

/**
 * Any use of the root user, by API call or console sign-in, raises an alert (CIS 4.3) in every enabled region:
 * the root user can do everything, the evidence's destruction included, and should almost never act.
 */
public final class RootUsageAlarmCheck implements Check {
    public static final String ID = "cloudwatch_alarm_root_usage";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(AccountSnapshot snapshot, AuditContext context) {
        return List.of(AccountAlarms.judge(ID, snapshot, Samples.rootUsage(), "use of the root user"));
    }
}
