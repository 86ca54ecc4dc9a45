package io.trailkeeper.store;

import java.util.ArrayList;
import java.util.List;

/**
 * The CloudTrail Insights events a report selects (eventCategory Insight, eventType AwsCloudTrailInsight): CloudTrail's
 * own record that a call's rate, or its error rate, was unusual, with no userIdentity, source IP or eventName of its
 * own. They are events of the window, but no call by anyone: the report counts them among the events and says what
 * they are, not among the principals, source IPs and calls.
 *
 * @param events the Insights events
 * @param kinds  what they are about, most events first
 */
public record ReportInsights(long events, List<Kind> kinds) {
    /** An event that is no Insights event. */
    static final String NOT_INSIGHT = "event_category IS DISTINCT FROM 'Insight'";

    public ReportInsights {
        kinds = List.copyOf(kinds);
    }

    /**
     * The Insights events of one call and kind, as their insightDetails name them (any of the three may be null).
     *
     * @param insightType ApiCallRateInsight or ApiErrorRateInsight
     */
    public record Kind(String insightType, String eventSource, String eventName, long events) {
    }

    /** The selected Insights events, read from their records (tk_record registered: a store opened for reading). */
    static ReportInsights read(ReportQueries queries, QuerySql q) {
        String details = EventSearch.RECORD + "->'$.insightDetails'";
        List<Kind> kinds = new ArrayList<>();
        long events = 0;
        String sql = "SELECT d->>'$.insightType', d->>'$.eventSource', d->>'$.eventName', count(*) FROM (SELECT "
                + details + " AS d FROM events" + ReportQueries.and(q.where, "event_category = 'Insight'")
                + ") GROUP BY ALL ORDER BY 4 DESC, 1, 2, 3";
        for (List<Object> r : queries.rows(sql, q.params).rows()) {
            kinds.add(new Kind((String) r.get(0), (String) r.get(1), (String) r.get(2), (Long) r.get(3)));
            events += (Long) r.get(3);
        }
        return new ReportInsights(events, kinds);
    }
}
