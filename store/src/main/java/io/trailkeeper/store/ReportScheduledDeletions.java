package io.trailkeeper.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The snapshots and recovery points that AWS services delete on their own retention schedule: Amazon Data Lifecycle
 * Manager its EBS snapshots (DeleteSnapshot), AWS Backup its recovery points (DeleteRecoveryPoint, DeleteSnapshot of
 * the EBS snapshots it made). An account with daily backups records one a day or more, and counted among the
 * destructive calls they hide an intruder's deletions of the same names and make them look a week old. A deletion is
 * the service's when CloudTrail says so in what the caller cannot set: userIdentity.invokedBy, or a sourceIPAddress
 * that is the service's name. The report tells these apart, counted, and never drops a deletion a principal made.
 *
 * @param calls    the deletions the services made
 * @param services the services and calls, most first, with their counts ("dlm.amazonaws.com DeleteSnapshot x10")
 */
public record ReportScheduledDeletions(long calls, List<String> services) {
    /** The services that delete snapshots or recovery points when their retention ends. */
    private static final String SCHEDULERS = "('dlm.amazonaws.com', 'backup.amazonaws.com')";
    /** Whether an event is such a deletion ({@link CallingService}); its record is read only for those calls. */
    static final String MADE_ON_SCHEDULE = "CASE WHEN event_name IN ('DeleteSnapshot', 'DeleteRecoveryPoint')"
            + " THEN coalesce(" + CallingService.SQL + " IN " + SCHEDULERS + ", false) ELSE false END";

    public ReportScheduledDeletions {
        services = List.copyOf(services);
    }

    /** The scheduled deletions {@code q} (the report's selection) selects, over {@code events} (the report's events). */
    static ReportScheduledDeletions read(ReportQueries queries, ReportPrincipals.Events events, QuerySql q) {
        List<Object> params = new ArrayList<>(events.params());
        params.addAll(q.params);
        String sql = "SELECT " + CallingService.SQL + " AS service, event_name, count(*) AS calls FROM " + events.sql()
                + ReportQueries.and(q.where, "event_name IN ('DeleteSnapshot', 'DeleteRecoveryPoint') AND ("
                + MADE_ON_SCHEDULE + ")") + " GROUP BY ALL ORDER BY calls DESC, service, event_name";
        List<String> services = new ArrayList<>();
        long calls = 0;
        for (List<Object> r : queries.rows(sql, params).rows()) {
            calls += (Long) r.get(2);
            services.add(String.format(Locale.ROOT, "%s %s x%,d", r.get(0), r.get(1), (Long) r.get(2)));
        }
        return new ReportScheduledDeletions(calls, services);
    }
}
