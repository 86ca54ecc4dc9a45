package io.trailkeeper.store.investigate;

import io.trailkeeper.events.Table;
import java.util.List;

/** {@code timeline}: one ordered timeline of events across regions, narrowed by --actor, --key and --ip. */
final class Timeline implements Investigation {
    @Override
    public void answer(Context c) {
        c.scope();
        Table t = c.section("timeline");
        if (t.rows().isEmpty()) {
            c.note("the store holds no event " + c.window() + Logins.filtered(c));
            return;
        }
        issued(c, t);
        VpcEndpointCalls.tellRecorded(c);
    }

    /**
     * A timeline narrowed to a key or actor holds the calls that issued sessions, not what the sessions did (signed
     * with keys of their own, as other principals): says so, and which investigation follows them.
     */
    private static void issued(Context c, Table t) {
        if (c.args().accessKey() == null && c.args().actor() == null) {
            return;
        }
        int name = Rows.column(t, "event_name");
        int error = Rows.column(t, "error_code");
        long issuing = 0;
        for (List<Object> row : t.rows()) {
            String call = String.valueOf(row.get(name));
            if (row.get(error) == null && (call.startsWith("AssumeRole") || call.equals("AssumeRoot")
                    || call.equals("GetSessionToken") || call.equals("GetFederationToken"))) {
                issuing++;
            }
        }
        if (issuing > 0) {
            c.note(Texts.count(issuing, "call", "calls") + " here issued a session (AssumeRole*, AssumeRoot,"
                    + " GetSessionToken, GetFederationToken): what a session did is signed with its own key and is not"
                    + " in this timeline unless it matches too; investigate " + (c.args().accessKey() != null ? "key "
                    + Texts.clean(c.args().accessKey()) : "actor " + Texts.clean(c.args().actor()))
                    + " follows the sessions");
        }
    }
}
