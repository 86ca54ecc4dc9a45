package io.trailkeeper.audit.checks;

import io.trailkeeper.audit.AuditContext;
import io.trailkeeper.audit.Check;
import io.trailkeeper.events.DataEventSelectors.Kind;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.Finding;
import java.util.List;

/**
 * S3 object-level writes are logged as data events: for every bucket by a logging multi-region trail, or, when
 * the user names critical buckets, for every object of each of them. Without them nobody can tell whether the
 * data in a bucket was changed or deleted.
 */
public final class S3DataEventsWriteCheck implements Check {
    public static final String ID = "cloudtrail_s3_dataevents_write_enabled";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(AccountSnapshot snapshot, AuditContext context) {
        return S3ObjectLogging.judge(ID, Kind.WRITE, snapshot, context);
    }
}
