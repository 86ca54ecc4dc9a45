package io.trailkeeper.store.investigate;

import io.trailkeeper.events.Table;
import java.util.ArrayList;
import java.util.List;

/** The sentences of a key's or actor's story, from its sections. */
final class StoryNotes {
    /** The account of a session's ARN (arn:aws:sts::ACCOUNT:assumed-role/... or federated-user/...). */
    private static final java.util.regex.Pattern ACCOUNT = java.util.regex.Pattern.compile(
            "^arn:[^:]+:sts::([0-9]{12}):");
    private final Context c;
    private final String who;

    StoryNotes(Context c, String who) {
        this.c = c;
        this.who = who;
    }

    /** First and last use, principals and regions; false when the store holds nothing of the subject. */
    boolean summary() {
        Table summary = c.made("summary");
        List<Object> row = summary.rows().get(0);
        long events = number(row.get(Rows.column(summary, "events")));
        if (events == 0) {
            c.note("the store holds no event of " + who + " " + c.window() + ", in any region");
            return false;
        }
        Table principals = c.made("principals");
        // one ARN under two user names (root's calls carry the account's name as userName, or none) is one principal
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        int person = Rows.column(principals, "source_identity");
        for (List<Object> p : principals.rows().subList(0, Math.min(3, principals.rows().size()))) {
            // a role session's ARN names the role and a session name anyone may choose; its source identity the person
            names.add(Texts.clean(p.get(0)) + (p.get(person) == null ? ""
                    : " (acting for " + Texts.clean(p.get(person)) + ")"));
        }
        long principalCount = number(row.get(Rows.column(summary, "principals")));
        c.note(who + " made " + Texts.count(events, "call", "calls") + " from "
                + row.get(Rows.column(summary, "first_call")) + " to " + row.get(Rows.column(summary, "last_call"))
                + " as " + String.join(", ", names) + (principalCount > names.size() ? " and "
                + (principalCount - names.size()) + " more" : "") + ", from "
                + Texts.count(number(row.get(Rows.column(summary, "ips"))), "IP", "IPs") + ", "
                + Texts.count(number(row.get(Rows.column(summary, "errors"))), "error", "errors"));
        Table regions = c.made("regions");
        List<String> perRegion = new ArrayList<>();
        for (List<Object> r : regions.rows()) {
            perRegion.add(Texts.clean(r.get(0)) + " (" + r.get(1) + ")");
        }
        c.note("recorded in " + Texts.count(regions.rows().size(), "region", "regions") + ": "
                + String.join(", ", perRegion));
        return true;
    }

    /** How the key came to be. */
    void origin() {
        Table origin = c.made("origin");
        if (origin.rows().isEmpty()) {
            c.note("the call that created or issued " + who + " is not in the store (it may predate what was"
                    + " collected, or be in a region or account not collected)");
            return;
        }
        // a cross-account AssumeRole is recorded in the caller's account and in the role's (userIdentity AWSAccount,
        // naming no principal, no key): the caller's copy says who
        int callerKey = Rows.column(origin, "caller_key");
        List<Object> row = origin.rows().stream().filter(r -> r.get(callerKey) != null).findFirst()
                .orElse(origin.rows().get(0));
        if ("ConsoleLogin".equals(row.get(Rows.column(origin, "call")))) {
            c.note(who + " is a console session's (its calls say sessionCredentialFromConsole; no event names such a"
                    + " key): issued at the sign-in of " + Texts.clean(row.get(Rows.column(origin, "principal")))
                    + " at " + row.get(Rows.column(origin, "event_time")) + " from "
                    + Texts.clean(row.get(Rows.column(origin, "source_ip"))) + " (investigate logins tells it)");
            return;
        }
        c.note(who + " was issued by " + Texts.clean(row.get(Rows.column(origin, "call"))) + " at "
                + row.get(Rows.column(origin, "event_time")) + " by "
                + Texts.clean(row.get(Rows.column(origin, "principal"))) + " from "
                + Texts.clean(row.get(Rows.column(origin, "source_ip"))) + ", for " + issuedTo(row, origin));
    }

    /** The secrets and parameters whose values were given out: the credentials to rotate. */
    void secretsRead() {
        Table secrets = c.made("secrets_read");
        if (secrets.rows().isEmpty()) {
            return;
        }
        int name = Rows.column(secrets, "name");
        int reads = Rows.column(secrets, "reads");
        List<String> names = new ArrayList<>();
        java.util.Set<Object> regions = new java.util.TreeSet<>();
        // who was given them: a stolen key's reads and its owner's (an instance's, through a VPC endpoint) told apart
        java.util.Set<String> ips = new java.util.TreeSet<>();
        long total = 0;
        // a parameter or secret of one name in two regions is two of them: named with its region, or the list read
        // '/app/config, /app/config'
        java.util.Map<Object, Long> sameName = secrets.rows().stream().collect(java.util.stream.Collectors.groupingBy(
                r -> String.valueOf(r.get(name)), java.util.stream.Collectors.counting()));
        for (List<Object> row : secrets.rows()) {
            if (names.size() < 3) {
                names.add(Texts.clean(row.get(name)) + (sameName.get(String.valueOf(row.get(name))) > 1 ? " in "
                        + Texts.clean(row.get(Rows.column(secrets, "region"))) : ""));
            }
            regions.add(row.get(Rows.column(secrets, "region")));
            if (row.get(Rows.column(secrets, "source_ips")) instanceof List<?> from) {
                from.forEach(ip -> ips.add(Texts.clean(ip)));
            }
            total += number(row.get(reads));
        }
        int more = secrets.rows().size() - names.size();
        // a list cut to --limit holds the most read only: its counts are a floor
        boolean cut = c.wasCut("secrets_read");
        c.note(who + " was given the values of " + (cut ? "more than " : "") + Texts.count(secrets.rows().size(),
                "secret or parameter", "secrets or parameters") + " (" + (cut ? "of the " + secrets.rows().size()
                + " most read, " : "") + Texts.count(total, "read", "reads") + ", in " + Texts.count(
                regions.size(), "region", "regions") + (ips.isEmpty() ? "" : ", from " + String.join(", ", ips.stream()
                .limit(3).toList()) + (ips.size() > 3 ? " and " + (ips.size() - 3) + " more addresses" : "")) + "): "
                + String.join(", ", names) + (more > 0 ? " and " + more + " more" : "")
                + " (secrets_read lists them; rotate what they hold)");
    }

    /** Who a key was issued to: a user or role as the issuing call names it, the root user said as such. */
    private static String issuedTo(List<Object> row, Table origin) {
        String to = Texts.clean(row.get(Rows.column(origin, "issued_to")));
        return KeysMade.isRoot(to) ? KeysMade.owner(to) : to;
    }

    /** How to tell now whether the key is active: its IAM user's keys listed, or the root user's counted. */
    private String statusNow() {
        Table principals = c.made("principals");
        int type = Rows.column(principals, "identity_type");
        if (principals.rows().stream().anyMatch(r -> "Root".equals(r.get(type)))) {
            // root's keys are no IAM user's: list-access-keys --user-name root names a user that does not exist
            return "aws iam get-account-summary tells whether the root user holds an access key now"
                    + " (AccountAccessKeysPresent); the root user's Security credentials page lists them";
        }
        return "aws iam list-access-keys --user-name " + keyUser() + " tells it now";
    }

    /** The IAM user the key's calls were made as, when they name exactly one; else USER, to be filled in. */
    private String keyUser() {
        Table principals = c.made("principals");
        int column = Rows.column(principals, "user_name");
        java.util.Set<String> users = new java.util.TreeSet<>();
        principals.rows().stream().map(r -> r.get(column)).filter(u -> u != null).forEach(u -> users.add(
                Texts.clean(u)));
        return users.size() == 1 ? users.iterator().next() : "USER";
    }

    /**
     * Whether the key was made Inactive, Active again or deleted, by whom and from where; for a user's key (AKIA)
     * with no such call in the store, that its status cannot be told from it.
     */
    void status(String subject) {
        Table status = c.made("status");
        if (status.rows().isEmpty()) {
            if (subject.startsWith("AKIA")) {
                c.note("the store holds no UpdateAccessKey or DeleteAccessKey of " + who + ": whether it is still"
                        + " active cannot be told from it (" + statusNow() + ")");
            }
            return;
        }
        List<String> parts = new ArrayList<>();
        for (List<Object> row : status.rows()) {
            Object result = row.get(Rows.column(status, "result"));
            Object state = row.get(Rows.column(status, "status"));
            String what = "Deleted".equals(state) ? "deleted" : "made " + Texts.clean(state);
            parts.add(("success".equals(result) ? what : "an attempt to be " + what + " refused ("
                    + Texts.clean(result) + ")") + " at " + row.get(Rows.column(status, "event_time")) + " by "
                    + Texts.clean(row.get(Rows.column(status, "principal")))
                    + (row.get(Rows.column(status, "caller_key")) == null ? ""
                    : " (key " + Texts.clean(row.get(Rows.column(status, "caller_key"))) + ")") + " from "
                    + Texts.clean(row.get(Rows.column(status, "source_ip"))));
        }
        c.note(who + " was " + String.join("; then ", parts));
    }

    /**
     * The sessions issued (roles assumed, session tokens got) and what they did.
     *
     * @param callsSection    the section of the calls that issued them
     * @param activitySection the section of what they did
     * @param verb            "assumed" (an actor's roles) or "issued" (a key's sessions)
     */
    void sessions(String callsSection, String activitySection, String verb) {
        Table assumed = c.made(callsSection);
        if (assumed.rows().isEmpty()) {
            return;
        }
        Table activity = c.made(activitySection);
        int key = Rows.column(activity, "session_key");
        int events = Rows.column(activity, "events");
        List<String> parts = new ArrayList<>();
        String busy = null; // a session that made calls: its own story holds them all, some_calls only their names
        for (List<Object> row : assumed.rows()) {
            Object session = row.get(Rows.column(assumed, "session_key"));
            if (busy == null && session != null && activity.rows().stream().anyMatch(a -> session.equals(a.get(key))
                    && number(a.get(events)) > 0)) {
                busy = Texts.clean(session);
            }
        }
        for (List<Object> row : assumed.rows().subList(0, Math.min(5, assumed.rows().size()))) {
            Object session = row.get(Rows.column(assumed, "session_key"));
            long calls = activity.rows().stream().filter(a -> session != null && session.equals(a.get(key)))
                    .mapToLong(a -> number(a.get(events))).sum();
            Object role = row.get(Rows.column(assumed, "role_arn"));
            parts.add((role == null ? Texts.clean(row.get(Rows.column(assumed, "call"))) : Texts.clean(role)) + " at "
                    + row.get(Rows.column(assumed, "event_time")) + " ("
                    + Texts.clean(row.get(Rows.column(assumed, "result")))
                    + (session == null ? "" : ", session key " + Texts.clean(session) + ": "
                    + Texts.count(calls, "call", "calls")) + ")");
        }
        // the list is cut to five: the rest, and where the chain went, are said rather than left out
        String more = assumed.rows().size() > parts.size() ? "; and " + (assumed.rows().size() - parts.size())
                + " more (" + callsSection + " lists them)" : "";
        c.note(verb.equals("assumed")
                ? "assumed " + Texts.count(assumed.rows().size(), "role", "roles") + reach(assumed) + ": "
                        + String.join("; ", parts) + more
                : who + " issued " + Texts.count(assumed.rows().size(), "session", "sessions") + " (AssumeRole*,"
                        + " AssumeRoot, GetSessionToken, GetFederationToken)" + reach(assumed) + ": "
                        + String.join("; ", parts) + more);
        if (busy != null) {
            c.note("each session's calls in full: investigate key " + busy + " (and so on for each session key)");
        }
        unseenSessions(assumed, activity);
    }

    /**
     * How many of the sessions were issued by the subject's sessions (role chaining) and, when they reach several
     * accounts, which: empty when neither.
     */
    private static String reach(Table assumed) {
        int principal = Rows.column(assumed, "principal");
        int sessionArn = Rows.column(assumed, "session_arn");
        java.util.Set<Object> sessions = new java.util.HashSet<>();
        java.util.Set<String> accounts = new java.util.TreeSet<>();
        for (List<Object> row : assumed.rows()) {
            sessions.add(row.get(sessionArn));
            java.util.regex.Matcher m = ACCOUNT.matcher(String.valueOf(row.get(sessionArn)));
            if (m.find()) {
                accounts.add(m.group(1));
            }
        }
        long chained = assumed.rows().stream().filter(r -> r.get(principal) != null
                && sessions.contains(r.get(principal))).count();
        String out = chained == 0 ? "" : ", " + chained + " of them by the sessions it issued (role chaining)";
        return out + (accounts.size() < 2 ? "" : ", into accounts " + String.join(", ", accounts));
    }

    /**
     * Sessions with no management event in the store, on days the store holds no data event: what they did to
     * objects (data events, which the event history never holds) cannot be told, so their 0 calls is no "nothing".
     * A session the activity shows no call of is asked of the store once more (sessions-called.sql): the activity
     * holds only the window's calls of its first --limit sessions.
     */
    private void unseenSessions(Table assumed, Table activity) {
        int key = Rows.column(activity, "session_key");
        int events = Rows.column(activity, "events");
        List<String> idle = new ArrayList<>();
        for (List<Object> row : assumed.rows()) {
            Object session = row.get(Rows.column(assumed, "session_key"));
            if (session != null && "success".equals(row.get(Rows.column(assumed, "result")))
                    && activity.rows().stream().noneMatch(a -> session.equals(a.get(key)) && number(a.get(events)) > 0)
                    && !idle.contains(Texts.clean(session))) {
                idle.add(Texts.clean(session));
            }
        }
        if (idle.isEmpty() || number(c.query("sessions-data-days.sql", "data").rows().get(0).get(0)) > 0) {
            return;
        }
        // the activity holds the window's calls of its first sessions only: the store may hold calls of the others
        idle.removeAll(c.query("sessions-called.sql", "called").rows().stream().map(r -> Texts.clean(r.get(0)))
                .toList());
        if (idle.isEmpty()) {
            return;
        }
        c.note("session " + (idle.size() == 1 ? "key " : "keys ") + String.join(", ", idle.subList(0,
                Math.min(5, idle.size()))) + (idle.size() > 5 ? " and " + (idle.size() - 5) + " more" : "")
                + " made no management call in the store, and the store holds no data events of the days "
                + (idle.size() == 1 ? "it" : "they") + " could be used: whether " + (idle.size() == 1 ? "it" : "they")
                + " read or wrote S3 objects,"
                + " changed DynamoDB items or invoked Lambda functions cannot be told (the event history never holds"
                + " data events; only a trail's data event selectors record them)");
    }

    /** Addresses of networks the subject's earlier calls never came from. */
    void newNetworks() {
        Table summary = c.made("summary");
        Object first = summary.rows().get(0).get(Rows.column(summary, "first_call"));
        if (!(first instanceof java.time.Instant t)) {
            return;
        }
        // from all the calls, not the ips list, which holds the first --limit addresses by calls; a key's first call
        // may be before the window (its earlier calls are judged too)
        Table fresh = c.query("story-new-networks.sql", "new networks");
        Object earliest = fresh.rows().isEmpty() ? null : fresh.rows().get(0).get(Rows.column(fresh, "earliest"));
        String note = NewNetworks.note(fresh, earliest instanceof java.time.Instant e ? e : t, who);
        if (note != null) {
            c.note(note);
        }
    }

    /** Bursts of access-denied errors. */
    void bursts() {
        Table bursts = c.made("denied_bursts");
        for (List<Object> row : bursts.rows()) {
            c.note(row.get(Rows.column(bursts, "denied")) + " access-denied errors from "
                    + row.get(Rows.column(bursts, "first_denied")) + " to " + row.get(Rows.column(bursts, "last_denied"))
                    + " (" + row.get(Rows.column(bursts, "calls")) + " different calls, from "
                    + Texts.clean(row.get(Rows.column(bursts, "ips"))) + "): enumeration, someone finding out what "
                    + who + " may do");
        }
    }

    private long events() {
        Table summary = c.made("summary");
        return summary.rows().isEmpty() ? 0 : number(summary.rows().get(0).get(Rows.column(summary, "events")));
    }

    static long number(Object v) {
        return v == null ? 0 : ((Number) v).longValue();
    }
}
