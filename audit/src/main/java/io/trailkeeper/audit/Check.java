package io.trailkeeper.audit;

import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.Finding;
import java.util.List;

/**
 * One audit check: a pure function of an {@link AccountSnapshot}. It never calls AWS. Its metadata (title,
 * severity, failure prevented, references, remediation) is the resource {@code checks/<id>.json} beside it,
 * and its tests are {@code <ClassName>Test}; the catalogue test keeps the three in step.
 *
 * <p>A check returns at least one finding: PASS or FAIL per resource it judges, or UNKNOWN with the reason
 * when the snapshot lacks what it needs (an entry in an item's {@code errors}, or in {@code unreadable}).
 * "Could not look" is never PASS.
 */
public interface Check {
    /** The check's id: Prowler's where it is the same check, else in Prowler's style (service_subject_state). */
    String id();

    List<Finding> evaluate(AccountSnapshot snapshot, AuditContext context);
}
