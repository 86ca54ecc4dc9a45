package io.trailkeeper.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The KMS grants that AWS services create for a principal's own use of a key (an encrypted EBS volume attached, an RDS
 * database or a Secrets Manager secret read): a busy account records thousands, and counted among the grants that
 * change who may use a key they hide the one a principal made. A CreateGrant is a service's when CloudTrail says so in
 * what the caller cannot set: userIdentity.type AWSService, userIdentity.invokedBy (a service called on the
 * principal's behalf), or a sourceIPAddress that is a service's name ("ec2.amazonaws.com") or "AWS Internal". The
 * userAgent, which any caller sets, is never read for it. The report tells these apart, counted, and never drops a
 * grant a principal made directly.
 *
 * @param calls      the CreateGrant calls services made
 * @param principals the principals they were made on behalf of (a service's own grant is for none)
 * @param services   the services that made them, most first, with their counts ("ec2.amazonaws.com x12"), up to
 *                   three
 * @param serviceCount how many services made them
 */
public record ReportServiceGrants(long calls, long principals, List<String> services, long serviceCount) {
    /** Whether an event is a CreateGrant a service made ({@link CallingService}); its record is read only for those. */
    static final String MADE_BY_SERVICE = "CASE WHEN event_name = 'CreateGrant' AND event_source = 'kms.amazonaws.com'"
            + " THEN " + CallingService.SQL + " IS NOT NULL ELSE false END";

    public ReportServiceGrants {
        services = List.copyOf(services);
    }

    /**
     * The service grants {@code q} (the report's selection) selects, over {@code events} (the report's events, with
     * principals named as it names them); tk_record registered, as on a store opened for reading.
     */
    static ReportServiceGrants read(ReportQueries queries, ReportPrincipals.Events events, QuerySql q) {
        List<Object> params = new ArrayList<>(events.params());
        params.addAll(q.params);
        String sql = "SELECT service, count(*) AS calls, list(DISTINCT principal) FILTER (WHERE principal IS NOT NULL)"
                + " AS who FROM (SELECT " + CallingService.SQL + " AS service, CASE WHEN identity_type IS DISTINCT FROM 'AWSService' THEN " + ReportPrincipals.PRINCIPAL
                + " END AS principal FROM " + events.sql()
                + ReportQueries.and(q.where, "event_name = 'CreateGrant' AND (" + MADE_BY_SERVICE + ")")
                + ") GROUP BY service ORDER BY calls DESC, service";
        List<String> services = new ArrayList<>();
        long calls = 0;
        Set<Object> principals = new HashSet<>();
        long count = 0;
        for (List<Object> r : queries.rows(sql, params).rows()) {
            count++;
            calls += (Long) r.get(1);
            if (services.size() < 3) {
                services.add(String.format(Locale.ROOT, "%s x%,d", r.get(0), (Long) r.get(1)));
            }
            if (r.get(2) instanceof List<?> who) {
                principals.addAll(who);
            }
        }
        return new ReportServiceGrants(calls, principals.size(), services, count);
    }
}
