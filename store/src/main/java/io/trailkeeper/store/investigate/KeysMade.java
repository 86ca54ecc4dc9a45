package io.trailkeeper.store.investigate;

import io.trailkeeper.events.Table;
import java.util.List;

/**
 * The access keys the subject made for IAM users, and what each went on to do (story-keys-made.sql). A stolen key's
 * backdoor (CreateUser, CreateAccessKey, AttachUserPolicy) acts as another user: the stolen key's story ended at the
 * CreateAccessKey while the new key stopped and deleted the trail, launched instances and read secrets, and nothing
 * in the answer led to it.
 */
public final class KeysMade {
    private static final int CALLS_NAMED = 12;
    private static final int TOLD = 5;

    private KeysMade() {
    }

    static void tell(Context c, String who) {
        Table t = c.query("story-keys-made.sql", "keys_made");
        List<List<Object>> rows = t.rows();
        for (List<Object> row : rows.subList(0, Math.min(TOLD, rows.size()))) {
            c.note(who + " made access key " + Texts.clean(row.get(Rows.column(t, "made_key"))) + " for "
                    + owner(Texts.clean(row.get(Rows.column(t, "made_for")))) + " at "
                    + Texts.clean(row.get(Rows.column(t, "made_at"))) + "; " + use(t, row));
        }
        if (rows.size() > TOLD) {
            c.note(who + " made " + (rows.size() - TOLD) + " more access keys (CreateAccessKey in the created list)");
        }
    }

    private static String use(Table t, List<Object> row) {
        String key = Texts.clean(row.get(Rows.column(t, "made_key")));
        long calls = ((Number) row.get(Rows.column(t, "calls"))).longValue();
        if (calls == 0) {
            String user = Texts.clean(row.get(Rows.column(t, "made_for")));
            return "the store holds no call made with it (not used, or used where nothing was collected); it works"
                    + " until deleted (aws iam delete-access-key " + (isRoot(user) ? "" : "--user-name " + user + " ")
                    + "--access-key-id " + key + (isRoot(user) ? ", with the root user's credentials" : "") + ")";
        }
        List<?> names = (List<?>) row.get(Rows.column(t, "call_names"));
        String named = list(names.subList(0, Math.min(CALLS_NAMED, names.size())))
                + (names.size() > CALLS_NAMED ? " and " + (names.size() - CALLS_NAMED) + " more" : "");
        long errors = ((Number) row.get(Rows.column(t, "errors"))).longValue();
        return "it made " + Texts.count(calls, "call", "calls") + (errors == 0 ? "" : " (" + errors + " refused)")
                + " from " + Texts.clean(row.get(Rows.column(t, "first_call"))) + " to "
                + Texts.clean(row.get(Rows.column(t, "last_call"))) + ", from " + list(row.get(Rows.column(t, "ips")))
                + ", in " + list(row.get(Rows.column(t, "regions"))) + ": " + named + " (investigate key " + key
                + " tells its story)";
    }

    /**
     * Whether a key's owner is the root user (its ARN, as story-keys-made.sql and key-origin.sql give a key the root
     * user made for itself): root's calls may carry the account's name as userName, which is no IAM user.
     */
    public static boolean isRoot(String owner) {
        return owner.startsWith("arn:") && owner.endsWith(":root");
    }

    /** An IAM user's name, or the root user's ARN, as a key's owner is told. */
    public static String owner(String owner) {
        return isRoot(owner) ? "the root user (" + owner + ")" : "IAM user " + owner;
    }

    /** Each item cleaned apart, so that a long list of regions or addresses is not cut in the middle of one. */
    static String list(Object value) {
        return value instanceof List<?> l ? String.join(", ", l.stream().map(Texts::clean).toList()) : "-";
    }
}
