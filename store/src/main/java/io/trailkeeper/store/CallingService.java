package io.trailkeeper.store;

import io.trailkeeper.store.investigate.SqlText;

/**
 * The AWS service that made a call, as CloudTrail tells it in what the caller cannot set: userIdentity.invokedBy (a
 * service calling on a principal's behalf), else the sourceIPAddress of a call that is not a principal's own by the
 * investigations' rule (by-principal.sql: type AWSService, a service's name such as "ec2.amazonaws.com", or "AWS
 * Internal"). The userAgent, which any caller sets, is never read for it. One rule for the report's service grants
 * ({@link ReportServiceGrants}) and scheduled deletions ({@link ReportScheduledDeletions}).
 */
final class CallingService {
    /**
     * The service, or NULL for a call a principal made itself. It reads the record (for invokedBy): callers guard it
     * behind a CASE on the event name, so that only the few calls they ask about are decoded.
     */
    static final String SQL = "coalesce(" + EventSearch.RECORD + "->>'$.userIdentity.invokedBy',"
            + " CASE WHEN NOT coalesce(" + SqlText.fragment("by-principal.sql") + ", true)"
            + " THEN coalesce(source_ip, identity_type) END)";

    private CallingService() {
    }
}
