package io.trailkeeper.store;

import io.trailkeeper.events.TableCollector;
import io.trailkeeper.store.investigate.Texts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IAM unique id given where a principal is asked for ({@code query --user}, {@code investigate actor}, --actor):
 * what CloudTrail records as {@code userIdentity.principalId} and what GuardDuty findings and IAM's own listings name a
 * principal by. {@code AIDA...} is an IAM user's, {@code AROA...} a role's, {@code AROA...:SESSION} one session of it.
 * The store keeps the principal's ARN as a column, not the id, so the id is looked up in the records themselves, one
 * or two per principal (the first and last stored of each user, role or session of that name): the ARN found is then
 * searched as given. A user renamed keeps its id; a role deleted and made again under its name gets a new one.
 */
public final class PrincipalIds {
    /** An IAM user's or role's unique id, a role session's after it: what CloudTrail records as principalId. */
    static final Pattern UNIQUE_ID = Pattern.compile("(AIDA|AROA)[A-Z0-9]{12,}(:.+)?", Pattern.CASE_INSENSITIVE);

    private PrincipalIds() {
    }

    /**
     * What an id was found to be.
     *
     * @param id   the id as given, trimmed
     * @param arns the ARNs of the principals whose stored records carry it (a user's, a role's for a role id, a
     *             session's for a session's id), in order; empty when no stored record does
     */
    public record Resolved(String id, List<String> arns) {
        public Resolved {
            arns = List.copyOf(arns);
        }

        /** The ARN to search instead of the id, or null when none was found. */
        public String arn() {
            return arns.isEmpty() ? null : arns.get(0);
        }

        /** What was searched instead of the id, for the answer's notes; null when nothing was found. */
        public String note(String asked) {
            if (arns.isEmpty()) {
                return null;
            }
            String clean = Texts.clean(id);
            String what = arns.get(0).contains(":role/") ? "the sessions of role " : "";
            return asked + " " + clean + " is the userIdentity.principalId of " + what + Texts.clean(arns.get(0))
                    + ": searched as that ARN" + (arns.size() > 1 ? "; the same id was also recorded as "
                    + String.join(", ", arns.subList(1, arns.size()).stream().map(Texts::clean).toList())
                    + " (a user renamed keeps its id): --user with each ARN finds its events" : "");
        }
    }

    /** Whether the text has the form of an IAM unique id ({@code AIDA...}, {@code AROA...}, with a session or not). */
    public static boolean isId(String given) {
        return given != null && UNIQUE_ID.matcher(given.trim()).matches();
    }

    /** The principals whose stored records carry the id; null when {@code given} is not an id. */
    public static Resolved resolve(EventStore store, String given) {
        if (!isId(given)) {
            return null;
        }
        String id = given.trim();
        Matcher m = UNIQUE_ID.matcher(id);
        m.matches();
        EventSearch search = new EventSearch(store);
        String lower = id.toLowerCase(Locale.ROOT);
        if (m.group(1).equalsIgnoreCase("AIDA")) {
            return new Resolved(id, find(search, "IAMUser", "principal_arn", null, "", lower));
        }
        // a role's id is the part of its sessions' principalId before the colon
        String role = m.group(2) == null ? lower : lower.substring(0, lower.indexOf(':'));
        List<String> roles = find(search, "AssumedRole", "session_issuer_arn", null, ":", role);
        if (m.group(2) == null || roles.isEmpty()) {
            return new Resolved(id, roles);
        }
        List<String> sessions = new ArrayList<>();
        for (String r : roles) {
            sessions.addAll(find(search, "AssumedRole", "principal_arn", r, "", lower));
        }
        return new Resolved(id, sessions);
    }

    /**
     * The values of {@code column} (an ARN) of the principals of that identity type (only those of role {@code
     * issuer} when given) one of whose records, the first or last stored of each, has a principalId equal to {@code
     * id} (lower case), or equal up to {@code upTo} when that is not empty.
     */
    private static List<String> find(EventSearch search, String type, String column, String issuer, String upTo,
            String id) {
        String principalId = "lower(e.record->>'$.userIdentity.principalId')";
        String sql = "WITH named AS (SELECT " + column + " AS arn, min(rowid) AS first_row, max(rowid) AS last_row"
                + " FROM events WHERE identity_type = ? AND " + column + " IS NOT NULL"
                + (issuer == null ? "" : " AND session_issuer_arn = ?")
                + " GROUP BY ALL), sampled AS (SELECT arn, first_row AS row FROM named UNION"
                + " SELECT arn, last_row FROM named)"
                + " SELECT DISTINCT e.arn FROM (SELECT s.arn, " + EventSearch.RECORD + " AS record"
                + " FROM sampled s JOIN events ON events.rowid = s.row) e"
                + " WHERE " + (upTo.isEmpty() ? principalId : "split_part(" + principalId + ", '" + upTo + "', 1)")
                + " = ? ORDER BY e.arn";
        List<Object> params = new ArrayList<>();
        params.add(type);
        if (issuer != null) {
            params.add(issuer);
        }
        params.add(id);
        TableCollector rows = new TableCollector();
        search.statement(sql, params, rows);
        List<String> arns = new ArrayList<>();
        rows.table("ids").rows().forEach(r -> arns.add(String.valueOf(r.get(0))));
        return arns;
    }
}
