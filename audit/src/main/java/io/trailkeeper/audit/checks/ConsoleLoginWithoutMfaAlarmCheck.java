package io.trailkeeper.audit.checks;

import io.trailkeeper.audit.AuditContext;
import io.trailkeeper.audit.Check;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.Finding;
import java.util.List;

/**
 * A console sign-in without MFA raises an alert (CIS 4.2): a metric filter with an alarm on a multi-region
 * trail's log group, or EventBridge rules in every enabled region, since a sign-in is recorded in the region
 * of the sign-in endpoint used.
 */
public final class ConsoleLoginWithoutMfaAlarmCheck implements Check {
    public static final String ID = "cloudwatch_alarm_console_login_without_mfa";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(AccountSnapshot snapshot, AuditContext context) {
        return List.of(AccountAlarms.judge(ID, snapshot, List.of(Samples.consoleLoginWithoutMfa()),
                "a console sign-in without MFA"));
    }
}
