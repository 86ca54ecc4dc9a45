package io.trailkeeper.detect.sql;

import io.trailkeeper.detect.Correlation;

/**
 * The SQL of temporal and temporal_ordered correlations, for {@link SqlBackend#correlation}: the recursive walk
 * that follows the CTE {@code num} (each group's hits: grp, rn, t, ord) and selects the events that fired.
 */
final class TemporalSql {
    private TemporalSql() {
    }

    /**
     * Temporal correlations as a walk over each group's hits in order, carrying the window from row to row, as
     * the in-memory engine steps. temporal: the times and rule indexes of the hits; it adds the hit, drops hits
     * older than the timespan and fires when the number of distinct rules meets the condition. temporal_ordered:
     * for each rule j and length l, the latest start of a chain of l hits of rules in the order listed ending
     * with a hit of rule j (index j * n + l, NULL for none); a hit of rule j extends, for each l, the latest
     * chain of l - 1 ending at a rule before j that started within the timespan, and fires when the longest
     * chain it ends meets the condition. A window that fired starts again empty.
     */
    static String walk(Correlation c, long micros, String operator) {
        int n = c.rules().size();
        String start = "(x.t - to_microseconds(" + micros + "))";
        String meets = " " + operator + " " + c.condition().value();
        String step;
        if (c.type() == Correlation.Type.TEMPORAL) {
            step = "SELECT grp, rn, CASE WHEN fired THEN []::TIMESTAMP[] ELSE ts END, CASE WHEN fired THEN"
                    + " []::INTEGER[] ELSE os END, fired FROM (SELECT grp, rn, ts, os, len(list_distinct(os))" + meets
                    + " AS fired FROM (SELECT grp, rn, list_slice(ts, k + 1, len(ts)) AS ts, list_slice(os, k + 1,"
                    + " len(os)) AS os FROM (SELECT x.grp, x.rn, list_append(w.ts, x.t) AS ts,"
                    + " list_append(w.os, x.ord::INTEGER) AS os, len(list_filter(list_append(w.ts, x.t), lambda y: y < "
                    + start + ")) AS k FROM walk w JOIN num x ON x.grp = w.grp AND x.rn = w.rn + 1)))";
        } else {
            // cs[l]: the start of the chain of l this hit ends (NULL when there is none)
            String cs = "list_transform(range(1, " + (n + 1) + "), lambda l: CASE WHEN l = 1 THEN x.t ELSE"
                    + " list_max(list_filter(list_transform(range(x.ord), lambda i: w.ts[i * " + n + " + l - 1]),"
                    + " lambda y: y >= " + start + ")) END)";
            step = "SELECT grp, rn, CASE WHEN fired THEN []::TIMESTAMP[] ELSE ts END, []::INTEGER[], fired FROM"
                    + " (SELECT grp, rn, list_transform(range(" + (n * n) + "), lambda k: CASE WHEN k // " + n
                    + " = ord AND cs[k % " + n + " + 1] IS NOT NULL AND (ts0[k + 1] IS NULL OR cs[k % " + n
                    + " + 1] > ts0[k + 1]) THEN cs[k % " + n + " + 1] ELSE ts0[k + 1] END) AS ts,"
                    + " len(list_filter(cs, lambda y: y IS NOT NULL))" + meets + " AS fired FROM"
                    + " (SELECT x.grp, x.rn, x.ord::INTEGER AS ord, w.ts AS ts0, " + cs + " AS cs"
                    + " FROM walk w JOIN num x ON x.grp = w.grp AND x.rn = w.rn + 1))";
        }
        return " walk(grp, rn, ts, os, fired) AS (SELECT DISTINCT grp, 0::BIGINT, []::TIMESTAMP[], []::INTEGER[],"
                + " false FROM num UNION ALL " + step + ")"
                + " SELECT n.record_hash, n.t AS event_time, n.grp FROM walk w JOIN num n ON n.grp = w.grp AND n.rn = w.rn"
                + " WHERE w.fired ORDER BY n.t, n.record_hash";
    }
}
