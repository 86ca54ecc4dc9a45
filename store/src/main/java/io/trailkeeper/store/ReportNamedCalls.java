package io.trailkeeper.store;

import static io.trailkeeper.store.ReportQueries.NOT_NETWORK;
import static io.trailkeeper.store.ReportQueries.PRINCIPAL;
import static io.trailkeeper.store.ReportQueries.and;
import static io.trailkeeper.store.ReportQueries.strings;

import io.trailkeeper.store.ReportQueries.NamedCalls;
import io.trailkeeper.store.ReportQueries.OneCall;
import io.trailkeeper.store.investigate.SqlText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The report's calls of exact names ({@link ReportQueries#namedCalls}): one GROUP BY per name over the report's
 * events, with the first few calls of each in one text per call ({@link OneCall}), read back into
 * {@link NamedCalls}.
 */
final class ReportNamedCalls {
    private static final String FAILED = QuerySql.FAILED_CALL;
    /** A PutBucketLogging that keeps a bucket's access logging on (who-deleted's test, bucket-logging-kept.sql). */
    private static final String LOGGING_KEPT = SqlText.fragment("bucket-logging-kept.sql");
    /**
     * A call's fields in one text, a unit separator (U+001F) between; one inside a record's value (records are
     * attacker-controlled) becomes a space, as the report shows control characters.
     */
    private static final String ONE_CALL = "concat_ws(chr(31), " + unit(PRINCIPAL) + ", " + unit("source_ip") + ", "
            + unit("aws_region") + ", coalesce(strftime(event_time, '%Y-%m-%dT%H:%M:%S.%fZ'), ''), "
            + unit("coalesce(nullif(array_to_string(list_filter(resources, lambda x: NOT starts_with(x, 'arn:')),"
            + " ', '), ''), array_to_string(resources, ', '))") + ")";

    private ReportNamedCalls() {
    }

    /**
     * The calls of {@code eventNames} (not empty) that {@code q} (the report's selection) selects over {@code events},
     * most first; {@code sameRequest} the network activity events per name that record the same request as a call.
     */
    static List<NamedCalls> read(ReportQueries queries, ReportPrincipals.Events events, QuerySql q,
                                 List<String> eventNames, Map<String, Long> sameRequest) {
        List<Object> params = new ArrayList<>(events.params());
        params.addAll(q.params);
        params.addAll(eventNames);
        List<NamedCalls> out = new ArrayList<>();
        for (List<Object> r : queries.rows(sql(events, q, eventNames.size()), params).rows()) {
            out.add(new NamedCalls((String) r.get(0), (Long) r.get(1), (Long) r.get(2), (Long) r.get(3),
                    sameRequest.getOrDefault((String) r.get(0), 0L), (Instant) r.get(4), (Instant) r.get(5),
                    strings(r.get(6)), (Long) r.get(7), strings(r.get(8)), strings(r.get(9)), strings(r.get(11)),
                    strings(r.get(10)).stream().map(ReportNamedCalls::oneCall).toList()));
        }
        return out;
    }

    private static String sql(ReportPrincipals.Events events, QuerySql q, int names) {
        String sql = "SELECT event_name, count(*) FILTER (WHERE " + NOT_NETWORK + ") AS calls,"
                + " count(*) FILTER (WHERE " + FAILED + " IS NOT TRUE AND " + NOT_NETWORK + "),"
                + " count(*) FILTER (WHERE NOT " + NOT_NETWORK + ") AS network,"
                + " min(event_time),"
                + " max(event_time), (list(DISTINCT " + PRINCIPAL + " ORDER BY " + PRINCIPAL + "))[1:3],"
                + " count(DISTINCT " + PRINCIPAL + "), (list(DISTINCT aws_region ORDER BY aws_region)"
                + " FILTER (WHERE aws_region IS NOT NULL))[1:3], (list(DISTINCT source_ip ORDER BY source_ip)"
                + " FILTER (WHERE source_ip IS NOT NULL))[1:3],"
                + " (list(" + ONE_CALL + " ORDER BY event_time, " + ONE_CALL + "))[1:" + OneCall.SHOWN + "] AS each,"
                + " list_distinct(flatten(list(resources) FILTER (WHERE resources IS NOT NULL))) AS named"
                + " FROM " + events.sql() + and(q.where, "event_name IN ("
                + String.join(", ", Collections.nCopies(names, "?")) + ") AND NOT ("
                + ReportServiceGrants.MADE_BY_SERVICE + ") AND NOT (" + ReportScheduledDeletions.MADE_ON_SCHEDULE + ")"
                + " AND NOT (" + LOGGING_KEPT + ")") + " GROUP BY event_name";
        // plain names (a bucket, a role) read better than ARNs: they come first
        return "SELECT * EXCLUDE (named),"
                + " list_concat(list_sort(list_filter(named, lambda x: NOT starts_with(x, 'arn:'))),"
                + " list_sort(list_filter(named, lambda x: starts_with(x, 'arn:'))))[1:6] FROM (" + sql + ")"
                + " ORDER BY calls + network DESC, event_name";
    }

    private static String unit(String value) {
        return "replace(coalesce(" + value + ", ''), chr(31), ' ')";
    }

    private static OneCall oneCall(String joined) {
        String[] f = joined.split("\u001f", -1);
        return new OneCall(f[0], f[1], f[2], f[3].isEmpty() ? null : Instant.parse(f[3]), f[4]);
    }
}
