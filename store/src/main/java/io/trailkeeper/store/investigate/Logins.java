package io.trailkeeper.store.investigate;

import io.trailkeeper.events.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code logins}: console sign-ins by region, user, result and MFA, and successes that followed failures for the
 * same user or IP (possible password guessing, unless the failures came from elsewhere and the success from the user's
 * usual network).
 */
final class Logins implements Investigation {
    private static final int TOLD = 5;
    /** logins-scope.sql's mfa_used of a federated sign-in. */
    private static final String FEDERATED = "not recorded (identity provider)";

    @Override
    public void answer(Context c) {
        c.scope();
        Table signIns = c.section("sign_ins");
        Table byRegion = c.section("by_region_user");
        Table guessed = c.section("failures_then_success");
        if (byRegion.rows().isEmpty()) {
            c.note("the store holds no console sign-in (ConsoleLogin) " + c.window() + filtered(c));
            consoleSessions(c);
            PasswordRecoveries.tell(c);
            identityCenter(c);
            return;
        }
        long all = 0;
        long successes = 0;
        long failures = 0;
        Map<String, Long> perRegion = new LinkedHashMap<>();
        for (List<Object> row : byRegion.rows()) {
            long n = StoryNotes.number(row.get(Rows.column(byRegion, "sign_ins")));
            all += n;
            successes += StoryNotes.number(row.get(Rows.column(byRegion, "successes")));
            failures += StoryNotes.number(row.get(Rows.column(byRegion, "failures")));
            Object region = row.get(Rows.column(byRegion, "region"));
            perRegion.merge(region == null ? "no region" : Texts.clean(region), n, Long::sum);
        }
        List<String> regions = new ArrayList<>();
        perRegion.forEach((region, n) -> regions.add(region + " (" + n + ")"));
        long unknown = all - successes - failures;
        c.note(Texts.count(all, "console sign-in", "console sign-ins") + " " + c.window() + ": "
                + successes + " succeeded, " + failures + " failed"
                + (unknown > 0 ? ", " + unknown + " with no result in the record" : "")
                + "; recorded in " + String.join(", ", regions)
                + (perRegion.keySet().stream().anyMatch(r -> !r.equals("us-east-1") && !r.equals("no region"))
                ? " (a sign-in is recorded in the region of the sign-in URL, not always us-east-1)" : ""));
        withoutMfa(c, signIns);
        newNetworks(c);
        PasswordRecoveries.tell(c);
        identityCenter(c);
        for (List<Object> row : guessed.rows()) {
            c.note(Texts.clean(row.get(Rows.column(guessed, "user"))) + " signed in at "
                    + row.get(Rows.column(guessed, "success_time")) + " in "
                    + Texts.clean(row.get(Rows.column(guessed, "region"))) + " from "
                    + Texts.clean(row.get(Rows.column(guessed, "source_ip"))) + " after "
                    + Texts.count(StoryNotes.number(row.get(Rows.column(guessed, "failures"))), "failed sign-in",
                    "failed sign-ins") + " " + shared(guessed, row) + " in the 24 hours before, the first at "
                    + row.get(Rows.column(guessed, "first_failure")) + verdict(guessed, row));
        }
    }

    /**
     * Whether the failures before a success tell of a password guessed: yes when one of them came from the success's
     * IP, or when none did and the success came from a network new for its user; when none did and the success came
     * from a network of the user's earlier successful sign-ins (those of the window and those the store holds from
     * before it), the failures were elsewhere and the sign-in is the user's own (in a drill, an intruder's failures at
     * night made the user's sign-in from the office next morning "possible password guessing"). With no earlier
     * successful sign-in of the user in the store it cannot be told.
     */
    private static String verdict(Table guessed, List<Object> row) {
        if (StoryNotes.number(row.get(Rows.column(guessed, "same_ip"))) > 0) {
            return ": possible password guessing";
        }
        String network = Texts.clean(row.get(Rows.column(guessed, "network")));
        long earlier = StoryNotes.number(row.get(Rows.column(guessed, "earlier_successes")));
        long fromNetwork = StoryNotes.number(row.get(Rows.column(guessed, "earlier_from_network")));
        String elsewhere = ", none from its IP (they came from " + ips(row.get(Rows.column(guessed, "failure_ips")))
                + ")";
        String earlierOnes = earlier(guessed, row, "of the window");
        if (fromNetwork > 0) {
            return elsewhere + ": not password guessing that succeeded: the sign-in came from a network (" + network
                    + ") " + fromNetwork + " of its " + earlierOnes + " came from";
        }
        if (earlier == 0) {
            return elsewhere + ": possible password guessing (its first successful sign-in the store holds: whether"
                    + " its network is the user's usual one cannot be told)";
        }
        return elsewhere + ", and from a network (" + network + ") none of its " + earlierOnes + " came from: possible"
                + " password guessing";
    }

    /**
     * "3 earlier successful sign-ins " and {@code window} when all were in the window, "5 earlier successful sign-ins
     * (3 of them before the window, from T on)" when the store held some from before it.
     */
    private static String earlier(Table t, List<Object> row, String window) {
        long earlier = StoryNotes.number(row.get(Rows.column(t, "earlier_successes")));
        long before = StoryNotes.number(row.get(Rows.column(t, "earlier_before")));
        String counted = Texts.count(earlier, "earlier successful sign-in", "earlier successful sign-ins");
        return before == 0 ? counted + " " + window : counted + " (" + (before == earlier ? "all" : before
                + " of them") + " before the window, from " + row.get(Rows.column(t, "first_success")) + " on)";
    }

    /** The failures' IPs, the first 3 named. */
    private static String ips(Object list) {
        List<String> all = list instanceof List<?> l ? l.stream().map(Texts::clean).toList() : List.of(Texts.clean(list));
        return String.join(", ", all.subList(0, Math.min(3, all.size())))
                + (all.size() > 3 ? " and " + (all.size() - 3) + " more" : "");
    }

    /**
     * What the failures share with the success: "for the same user and IP" only when every one of them does, else how
     * many were for the same user and how many from the same IP.
     */
    private static String shared(Table guessed, List<Object> row) {
        long user = StoryNotes.number(row.get(Rows.column(guessed, "same_user")));
        long ip = StoryNotes.number(row.get(Rows.column(guessed, "same_ip")));
        return switch (String.valueOf(row.get(Rows.column(guessed, "same")))) {
            case "user and IP" -> "for the same user and IP";
            case "user" -> "for the same user" + (ip > 0 ? " (" + ip + " of them from the same IP)" : "");
            case "IP" -> "from the same IP" + (user > 0 ? " (" + user + " of them for the same user)" : "");
            default -> "for the same user or IP (" + user + " for the same user, " + ip + " from the same IP)";
        };
    }

    /**
     * Successful sign-ins from a network (an IPv4 /24) none of the user's earlier successful sign-ins (of the window,
     * and those the store holds from before it) came from: a password used from somewhere new is told even when no
     * failure came first, and even when it is the user's first sign-in of the window.
     */
    private static void newNetworks(Context c) {
        Table fresh = c.query("logins-new-network.sql", "new networks");
        for (List<Object> row : fresh.rows().subList(0, Math.min(5, fresh.rows().size()))) {
            c.note(Texts.clean(row.get(Rows.column(fresh, "sign_in_user"))) + " signed in at "
                    + row.get(Rows.column(fresh, "event_time")) + " from "
                    + Texts.clean(row.get(Rows.column(fresh, "source_ip"))) + ", a network ("
                    + Texts.clean(row.get(Rows.column(fresh, "network"))) + ") none of its " + earlier(fresh, row, c.window())
                    + " came from");
        }
        if (fresh.rows().size() > 5) {
            c.note("and " + (fresh.rows().size() - 5) + " more sign-ins from a network new for their user");
        }
    }

    /**
     * With no console sign-in in the window, the calls made with console sessions' credentials
     * (logins-console-sessions.sql): someone was signed in to the console though the store does not hold the sign-in
     * (it came before the window, or was recorded in a region or account not collected). "No sign-in" is not "nobody
     * signed in".
     */
    private static void consoleSessions(Context c) {
        Table t = c.query("logins-console-sessions.sql", "console sessions");
        if (t.rows().isEmpty()) {
            return;
        }
        List<String> who = new ArrayList<>();
        for (List<Object> row : t.rows().subList(0, Math.min(TOLD, t.rows().size()))) {
            Object first = row.get(Rows.column(t, "first_call"));
            Object last = row.get(Rows.column(t, "last_call"));
            who.add(Texts.clean(row.get(Rows.column(t, "principal"))) + " ("
                    + Texts.count(StoryNotes.number(row.get(Rows.column(t, "sessions"))), "session", "sessions") + ", "
                    + Texts.count(StoryNotes.number(row.get(Rows.column(t, "calls"))), "call", "calls")
                    + (java.util.Objects.equals(first, last) ? ", at " + first : ", first at " + first + ", last at "
                    + last) + (Boolean.TRUE.equals(row.get(Rows.column(t, "flagged"))) ? ""
                    : "; told by its user agent only") + ")");
        }
        c.note("but it holds calls made with console sessions' credentials " + c.window() + filtered(c)
                + " (sessionCredentialFromConsole, or a console user agent): " + String.join("; ", who)
                + (t.rows().size() > TOLD ? " and " + (t.rows().size() - TOLD) + " more principals" : "")
                + ". Their sign-ins are not recorded here: they came before the window (an earlier --since finds them"
                + " if the store holds them), or were recorded in a region or account not collected (a sign-in is"
                + " recorded in the region of its sign-in URL)");
    }

    /**
     * IAM Identity Center's sign-ins (CredentialVerification, UserAuthentication) are not console sign-ins: said
     * beside them, with the failed credentials, so that a password guessed there is not missed.
     */
    private static void identityCenter(Context c) {
        List<Object> row = c.query("logins-other-sign-ins.sql", "other").rows().get(0);
        long signedIn = StoryNotes.number(row.get(0));
        long verifications = StoryNotes.number(row.get(1));
        if (signedIn + verifications == 0) {
            return;
        }
        c.note("not counted above: " + Texts.count(signedIn, "IAM Identity Center sign-in", "IAM Identity Center"
                + " sign-ins") + " (UserAuthentication) and " + Texts.count(verifications, "credential verification",
                "credential verifications") + " (CredentialVerification), " + StoryNotes.number(row.get(2))
                + " failed " + c.window() + filtered(c) + "; query --event-source signin --event-name"
                + " 'Credential*,UserAuthentication' lists them");
    }

    /**
     * The successful sign-ins recorded without MFA (MFAUsed No) or whose record does not say (no MFAUsed), told one by
     * one, and the federated ones in one note: CloudTrail's MFAUsed tells whether a root or IAM user used an AWS MFA
     * device, and a federated sign-in's MFA at its identity provider is not recorded, so it is not said to be without.
     */
    private static void withoutMfa(Context c, Table signIns) {
        int told = 0;
        Set<String> federated = new LinkedHashSet<>();
        long federatedSignIns = 0;
        for (List<Object> row : signIns.rows()) {
            Object mfa = row.get(Rows.column(signIns, "mfa_used"));
            String user = Texts.clean(row.get(Rows.column(signIns, "user")));
            if (!"Success".equals(row.get(Rows.column(signIns, "result"))) || "Yes".equals(mfa)) {
                continue;
            }
            if (FEDERATED.equals(mfa)) {
                federatedSignIns++;
                federated.add(user);
            } else if ((mfa == null || "No".equals(mfa)) && told++ < TOLD) {
                c.note(user + (mfa == null ? " signed in (the record does not say whether with MFA: no MFAUsed) at "
                        : " signed in without MFA at ") + row.get(Rows.column(signIns, "event_time")) + " in "
                        + Texts.clean(row.get(Rows.column(signIns, "region"))) + " from "
                        + Texts.clean(row.get(Rows.column(signIns, "source_ip"))) + " ("
                        + Texts.clean(row.get(Rows.column(signIns, "user_agent"))) + ")");
            }
        }
        if (told > TOLD) {
            c.note("and more sign-ins without MFA (see sign_ins and by_region_user)");
        }
        if (federatedSignIns > 0) {
            c.note(Texts.count(federatedSignIns, "federated console sign-in", "federated console sign-ins")
                    + " (a role session or federated user signed in through an identity provider) by "
                    + String.join(", ", federated.stream().limit(3).toList()) + (federated.size() > 3 ? " and "
                    + (federated.size() - 3) + " more" : "") + ": MFA at the identity provider is not recorded"
                    + " (CloudTrail's MFAUsed tells whether a root or IAM user used an AWS MFA device), so their"
                    + " MFAUsed No does not say they signed in without MFA");
        }
    }

    static String filtered(Context c) {
        List<String> parts = new ArrayList<>();
        if (c.args().actor() != null) {
            parts.add("--actor " + Texts.clean(c.args().actor()));
        }
        if (c.args().accessKey() != null) {
            parts.add("--key " + Texts.clean(c.args().accessKey()));
        }
        if (c.args().ip() != null) {
            parts.add("--ip " + Texts.clean(c.args().ip()));
        }
        return parts.isEmpty() ? "" : " matching " + String.join(" ", parts);
    }
}
