package io.trailkeeper.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who the report names as a call's principal: the principal's ARN, else its user name, else its identity type. An IAM
 * user's events that CloudTrail records without an ARN (a failed console sign-in, the MFA check CheckMfa: type
 * IAMUser, account and userName only) are named by that user's ARN where the selected events hold it, by the rule
 * {@code query --user ARN} finds them with ({@link PersonMatch#ARNLESS_USER_KEY}: an IAMUser of that name, any case,
 * recorded in that account), so that one user is one principal. Without the ARN among them, the user name names them.
 */
final class ReportPrincipals {
    /** An event's principal, over {@link #events}'s rows. */
    static final String PRINCIPAL = "coalesce(principal_arn, tk_user_arn, user_name, identity_type, '(unknown)')";

    /** The SQL that stands for the events table, and its parameters (they come before the WHERE clause's). */
    record Events(String sql, List<Object> params) {
    }

    private final ReportQueries queries;
    private final Map<EventQuery, Events> made = new HashMap<>();

    ReportPrincipals(ReportQueries queries) {
        this.queries = queries;
    }

    /**
     * The events with a column tk_user_arn: for an IAM user's event recorded without an ARN, the ARN of that user
     * among the events {@code query} selects (the first in order when the user has more than one, a path changed);
     * null for every other event. Aliased events, so that the query's WHERE clause applies as to the table.
     */
    Events events(EventQuery query, QuerySql q) {
        return made.computeIfAbsent(query, k -> make(q));
    }

    private Events make(QuerySql q) {
        Map<String, String> arnOf = new TreeMap<>();
        Set<String> withoutArn = new HashSet<>();
        for (List<Object> r : queries.rows("SELECT DISTINCT principal_arn, " + PersonMatch.ARNLESS_USER_KEY
                + " FROM events" + ReportQueries.and(q.where, "identity_type = 'IAMUser'"), q.params).rows()) {
            String arn = (String) r.get(0);
            if (arn == null && r.get(1) != null) {
                withoutArn.add((String) r.get(1));
            } else if (PersonMatch.iamUserKey(arn) != null) {
                arnOf.merge(PersonMatch.iamUserKey(arn), arn, (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        }
        arnOf.keySet().retainAll(withoutArn);
        if (arnOf.isEmpty()) {
            return new Events("(SELECT *, CAST(NULL AS VARCHAR) AS tk_user_arn FROM events) events", List.of());
        }
        List<Object> params = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        arnOf.forEach((key, arn) -> {
            rows.add("(?, ?)");
            params.add(key);
            params.add(arn);
        });
        return new Events("(SELECT e.*, u.tk_user_arn FROM events e LEFT JOIN (VALUES " + String.join(", ", rows)
                + ") u(tk_user_key, tk_user_arn) ON u.tk_user_key = (" + PersonMatch.ARNLESS_USER_KEY + ")) events",
                params);
    }
}
