package io.trailkeeper.store;

import static io.trailkeeper.store.ReportQueries.NOT_NETWORK;
import static io.trailkeeper.store.ReportQueries.and;

import io.trailkeeper.store.investigate.SqlText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's figures about network activity events (eventCategory NetworkActivity: calls through a VPC endpoint,
 * recorded in the endpoint owner's account, with no readOnly), which it counts apart from the other events: such a
 * call is recorded as a management event too (a data event where a trail logs those), and counting both would count
 * it twice.
 */
final class ReportEndpointCalls {
    /** Whether network activity event n and event k record the same request: who-deleted's rule. */
    private static final String SAME_REQUEST = SqlText.fragment("same-request.sql");

    private final ReportQueries queries;

    ReportEndpointCalls(ReportQueries queries) {
        this.queries = queries;
    }

    /**
     * The network activity events {@code q} (the report's own selection) selects, writes told as
     * {@link ReportQueries.NetworkActivity} says.
     */
    ReportQueries.NetworkActivity network(QuerySql q) {
        // the calls' readOnly as the other events the report selects record it (the same window and filters: a
        // scan of the whole store and lake for it would cost more than the report)
        List<Object> params = new ArrayList<>(q.params);
        params.addAll(q.params);
        List<Object> row = queries.single("WITH net AS MATERIALIZED (SELECT event_source, event_name, error_code"
                + " FROM events" + and(q.where, "event_category = 'NetworkActivity'") + "),"
                + " calls AS (SELECT DISTINCT event_source, event_name FROM net),"
                + " kinds AS (SELECT event_source, event_name, bool_and(read_only) AS read_only"
                + " FROM (SELECT event_source, event_name, read_only FROM events"
                + and(q.where, "read_only IS NOT NULL") + ") JOIN calls USING (event_source, event_name) GROUP BY ALL)"
                + " SELECT count(*), count(*) FILTER (WHERE NOT coalesce(k.read_only, regexp_matches(n.event_name,"
                + " '" + ReportQueries.NetworkActivity.readName() + "'))),"
                + " count(*) FILTER (WHERE n.error_code = 'VpceAccessDenied')"
                + " FROM net n LEFT JOIN kinds k USING (event_source, event_name)", params);
        return new ReportQueries.NetworkActivity((Long) row.get(0), (Long) row.get(1), (Long) row.get(2));
    }

    /**
     * Per call name, the selected network activity events that record the same request as a selected management or
     * data event (same-request.sql: the same event source, name and requestID, which the called service gives the
     * request, within 5 minutes), read from the records of the names that have network activity events only.
     * {@code q} is the report's own selection, made on a store opened for reading (tk_record registered: the report
     * refuses a writable one).
     */
    Map<String, Long> sameRequest(QuerySql q, List<String> eventNames) {
        Map<String, Long> out = new HashMap<>();
        String names = "event_name IN (" + String.join(", ", Collections.nCopies(eventNames.size(), "?")) + ")";
        List<Object> params = new ArrayList<>(q.params);
        params.addAll(eventNames);
        params.addAll(q.params);
        params.addAll(eventNames);
        String sql = "WITH named AS MATERIALIZED (SELECT event_source, event_name, event_time, " + NOT_NETWORK
                + " AS counted, " + EventSearch.RECORD + "->>'$.requestID' AS request_id FROM events"
                + and(q.where, names) + " AND event_name IN (SELECT event_name FROM events"
                + and(q.where, names + " AND NOT " + NOT_NETWORK) + "))"
                + " SELECT n.event_name, count(*) FROM named n WHERE NOT n.counted AND n.request_id <> ''"
                + " AND EXISTS (SELECT 1 FROM named k WHERE k.counted AND " + SAME_REQUEST + ") GROUP BY 1";
        for (List<Object> r : queries.rows(sql, params).rows()) {
            out.put((String) r.get(0), (Long) r.get(1));
        }
        return out;
    }
}
