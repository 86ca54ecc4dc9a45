package io.trailkeeper.audit.checks;

import io.trailkeeper.audit.AuditContext;
import io.trailkeeper.audit.Check;
import io.trailkeeper.audit.internal.Inputs;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.Finding;
import java.util.List;

/** Each trail writes signed digest files, so that a deleted or altered log file can be proven so. */
public final class LogFileValidationCheck implements Check {
    public static final String ID = "cloudtrail_log_file_validation_enabled";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(AccountSnapshot snapshot, AuditContext context) {
        if (snapshot.trails().isEmpty()) {
            return List.of(Inputs.trailOnly(ID, snapshot, "no log file, and no digest to prove one unaltered"));
        }
        return snapshot.trails().stream().map(t -> t.logFileValidation()
                ? Finding.pass(ID, Inputs.resource(t), t.homeRegion(), Inputs.describe(t) + " writes digest files"
                + (t.latestDigestDeliveryTime() == null ? "" : ", latest " + t.latestDigestDeliveryTime()))
                : Finding.fail(ID, Inputs.resource(t), t.homeRegion(), Inputs.describe(t) + " has log file validation"
                + " off: a deleted or edited log file cannot be detected")).toList();
    }
}
