package io.trailkeeper.store;

import io.trailkeeper.events.TableCollector;
import io.trailkeeper.store.investigate.Texts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The principals a {@code query --user} text matched, when it matched more than one: a bare name ({@code Admin})
 * matches an IAM user, a role's sessions and the person behind other sessions alike, and a table of user names does
 * not say which kind each row is. An ARN matches one principal ({@link PersonMatch}), so it needs no such line. A text
 * that matched nothing but has the form of an id --user does not search is told so.
 */
public final class PersonKinds {
    private static final int TOLD = 5;
    private static final Pattern ACCESS_KEY = Pattern.compile("(AKIA|ASIA)[A-Z0-9]{12,}");

    private PersonKinds() {
    }

    /**
     * The note for the query's answer, or null when --user is not a text or matched one principal at most: "--user
     * Admin matched 2 principals: IAMUser arn:aws:iam::123456789012:user/Admin (2 events), the sessions of role
     * arn:aws:iam::123456789012:role/Admin (2 events); a whole ARN asks about one"; for a text that matched nothing,
     * {@link #unsearched}.
     */
    public static String note(EventStore store, EventQuery query) {
        if (!PersonMatch.namesPerson(query.user())) {
            return null;
        }
        QuerySql q = QuerySql.of(store, query.withLimit(null));
        TableCollector rows = new TableCollector();
        // the first TOLD principals and how many there are: a common text (role/) matched 579,879 session ARNs of
        // 2 million events, all of which came to Java to be counted (1.9 s instead of 0.7 s)
        new EventSearch(store).run("SELECT *, count(*) OVER () AS principals FROM (SELECT identity_type,"
                + " session_issuer_arn, coalesce(principal_arn, user_name) AS principal, source_identity, count(*) AS n"
                + " FROM events" + q.where + " GROUP BY ALL) ORDER BY n DESC, 3, 2, 4 LIMIT " + TOLD, q.params, rows);
        List<List<Object>> found = rows.table("principals").rows();
        long principals = found.isEmpty() ? 0 : ((Number) found.get(0).get(5)).longValue();
        String unsearched = unsearched("--user", query.user().trim(), !found.isEmpty());
        if (principals < 2) {
            return unsearched;
        }
        List<String> parts = new ArrayList<>();
        for (List<Object> row : found) {
            parts.add(principal(row) + " (" + row.get(4) + (((Number) row.get(4)).longValue() == 1 ? " event)"
                    : " events)"));
        }
        return "--user " + Texts.clean(query.user().trim()) + " matched " + principals + " principals: " + String.join(", ", parts)
                + (principals > TOLD ? " and " + (principals - TOLD) + " more" : "")
                + "; a whole ARN (arn:aws:iam::ACCOUNT:user/NAME, or role/NAME for a role's sessions) asks about one"
                + (unsearched == null ? "" : "; " + unsearched);
    }

    /**
     * For a text ({@code asked}: how it was given, "--user" or "investigate actor") that has the form of what the
     * person test does not search, so that no rows, or the rows of another account's principal whose name holds it,
     * are not taken for all there is: an IAM unique id (a userIdentity.principalId: AIDA... a user's, AROA... a
     * role's, with its session after a colon), or an access key id. Null for any other text.
     */
    public static String unsearched(String asked, String given, boolean matched) {
        String id = given.toUpperCase(Locale.ROOT);
        String said = asked + " " + Texts.clean(given) + (matched
                ? " matched only names that hold it (another account's principal, as AWSAccount records name it)"
                : " matched no principal's name or ARN");
        if (PrincipalIds.isId(id)) {
            // PrincipalIds found no stored record carrying it (else the ARN it found was searched)
            return said + "; it has the form of an IAM unique id (userIdentity.principalId: AIDA... a user's, AROA..."
                    + " a role's), and no stored record of a user, role or session carries it";
        }
        if (ACCESS_KEY.matcher(id).matches()) {
            return said + "; it has the form of an"
                    + " access key id: query --access-key " + Texts.clean(id) + " or investigate key " + Texts.clean(id)
                    + " finds the calls signed with it";
        }
        return null;
    }

    /** "IAMUser arn:...:user/Admin", "the sessions of role arn:...:role/Admin acting for alice". */
    private static String principal(List<Object> row) {
        Object type = row.get(0);
        Object issuer = row.get(1);
        Object person = row.get(3);
        String who = issuer != null ? "the sessions of " + Texts.clean(issuer)
                : (type == null ? "" : Texts.clean(type) + " ") + Texts.clean(row.get(2));
        return who + (person == null ? "" : " acting for " + Texts.clean(person));
    }
}
