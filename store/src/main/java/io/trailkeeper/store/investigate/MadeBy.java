package io.trailkeeper.store.investigate;

import io.trailkeeper.events.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code actor}'s made_by section in words (actor-made-by.sql): who made each IAM user or role that matched and gave
 * it its powers. A backdoor user's story starts with the CreateUser, AttachUserPolicy and CreateAccessKey of whoever
 * made it, calls that are not its own and were told nowhere in its story.
 */
final class MadeBy {
    private static final int TOLD = 5;

    private MadeBy() {
    }

    static void tell(Context c) {
        Table t = c.made("made_by");
        int kind = Rows.column(t, "kind");
        int name = Rows.column(t, "principal_name");
        Map<String, List<List<Object>>> byPrincipal = new LinkedHashMap<>();
        for (List<Object> row : t.rows()) {
            byPrincipal.computeIfAbsent(row.get(kind) + " " + row.get(name), k -> new ArrayList<>()).add(row);
        }
        byPrincipal.forEach((principal, rows) -> c.note(sentence(t, rows)));
    }

    /**
     * "IAM user backup-svc was made at T by ARN from IP (CreateUser); then: AttachUserPolicy at T by ARN
     * (arn:aws:iam::aws:policy/AdministratorAccess); CreateAccessKey at T by ARN", or, when the store holds no
     * successful CreateUser or CreateRole of it, "...'s creation is not in the store (...); what gave it its powers: ...".
     */
    private static String sentence(Table t, List<List<Object>> rows) {
        int kind = Rows.column(t, "kind");
        int name = Rows.column(t, "principal_name");
        int call = Rows.column(t, "call");
        String who = ("user".equals(rows.get(0).get(kind)) ? "IAM user " : "role ") + Texts.clean(rows.get(0).get(name));
        List<Object> made = rows.stream().filter(r -> ("CreateUser".equals(r.get(call)) || "CreateRole".equals(
                r.get(call))) && r.get(Rows.column(t, "error_code")) == null).findFirst().orElse(null);
        List<String> then = new ArrayList<>();
        for (List<Object> r : rows) {
            if (r != made && then.size() < TOLD) {
                then.add(call(t, r));
            }
        }
        int more = rows.size() - (made == null ? 0 : 1) - then.size();
        String rest = then.isEmpty() ? "" : String.join("; ", then) + (more > 0 ? "; and " + more + " more (see"
                + " made_by)" : "");
        if (made == null) {
            return who + "'s creation is not in the store (no successful CreateUser or CreateRole of it); "
                    + powers(t, rows);
        }
        return who + " was made at " + made.get(Rows.column(t, "event_time")) + " by " + Texts.clean(made.get(
                Rows.column(t, "made_by"))) + " from " + Texts.clean(made.get(Rows.column(t, "source_ip")))
                + (rest.isEmpty() ? "" : "; then: " + rest);
    }

    /**
     * The calls that gave it its powers, then those refused (a refused CreateUser is listed: "no CreateUser" would deny
     * what the list shows); a refused AttachRolePolicy of AdministratorAccess gave nothing, and is not told as giving.
     */
    private static String powers(Table t, List<List<Object>> rows) {
        int error = Rows.column(t, "error_code");
        List<String> gave = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (List<Object> r : rows) {
            List<String> to = r.get(error) == null ? gave : refused;
            if (gave.size() + refused.size() < TOLD) {
                to.add(call(t, r));
            }
        }
        int more = rows.size() - gave.size() - refused.size();
        return (gave.isEmpty() ? "no call in the store gave it its powers" : "what gave it its powers: "
                + String.join("; ", gave)) + (refused.isEmpty() ? "" : "; tried and refused: " + String.join("; ",
                refused)) + (more > 0 ? "; and " + more + " more (see made_by)" : "");
    }

    /** "AttachUserPolicy at T by ARN (names of the request but the principal's)", with the error of a failed one. */
    private static String call(Table t, List<Object> r) {
        Object principal = r.get(Rows.column(t, "principal_name"));
        List<String> names = r.get(Rows.column(t, "request_names")) instanceof List<?> l ? l.stream()
                .filter(n -> !String.valueOf(n).equalsIgnoreCase(String.valueOf(principal))).map(Texts::clean).toList()
                : List.of(); // an IAM name is one whatever its case (actor-made-by.sql)
        Object error = r.get(Rows.column(t, "error_code"));
        return Texts.clean(r.get(Rows.column(t, "call"))) + " at " + r.get(Rows.column(t, "event_time")) + " by "
                + Texts.clean(r.get(Rows.column(t, "made_by"))) + (names.isEmpty() ? "" : " (" + String.join(", ",
                names) + ")") + (error == null ? "" : ", failed: " + Texts.clean(error));
    }
}
