package io.trailkeeper.store.investigate;

import io.trailkeeper.events.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The EC2 instances the subject launched, per region and type, and the launches refused (story-launches.sql): what a
 * responder terminates, since instances run on after the credentials that launched them are revoked. The created list
 * names at most 10 ids a call and no instance type, so GPU instances in many regions read as a row of ids.
 */
final class InstanceLaunches {
    private static final int SHOWN = 12;

    private InstanceLaunches() {
    }

    static void tell(Context c, String who) {
        Table t = c.query("story-launches.sql", "launches");
        int region = Rows.column(t, "region");
        int type = Rows.column(t, "instance_type");
        int count = Rows.column(t, "instances");
        int error = Rows.column(t, "error_code");
        int unnamedCalls = Rows.column(t, "unnamed_calls");
        List<String> launched = new ArrayList<>();
        List<String> unnamed = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        TreeSet<String> regions = new TreeSet<>();
        long total = 0;
        long unnamedTotal = 0;
        for (List<Object> row : t.rows()) {
            String where = Texts.clean(row.get(region));
            long calls = ((Number) row.get(unnamedCalls)).longValue();
            if (calls > 0) {
                unnamedTotal += calls;
                unnamed.add(where + " " + Texts.count(calls, "call", "calls") + " " + Texts.clean(row.get(type)));
            } else if (row.get(error) == null) {
                long n = ((Number) row.get(count)).longValue();
                total += n;
                regions.add(where);
                launched.add(where + " " + n + " " + Texts.clean(row.get(type)));
            } else {
                refused.add(where + " (" + Texts.clean(row.get(type)) + ": " + Texts.clean(row.get(error)) + ")");
            }
        }
        if (launched.isEmpty() && unnamed.isEmpty() && refused.isEmpty()) {
            return;
        }
        String note = who + (!launched.isEmpty() ? " launched " + Texts.count(total, "EC2 instance", "EC2 instances")
                + " in " + Texts.count(regions.size(), "region", "regions") + ": " + shown(launched)
                : unnamed.isEmpty() ? " launched no EC2 instance" : " launched EC2 instances the store cannot count");
        if (!unnamed.isEmpty()) {
            note += "; " + Texts.count(unnamedTotal, "successful RunInstances call names", "successful RunInstances"
                    + " calls name") + " no instance in the recorded response (their instances are not counted): "
                    + shown(unnamed);
        }
        if (!refused.isEmpty()) {
            note += "; " + Texts.count(refused.size(), "launch was", "launches were") + " refused: " + shown(refused);
        }
        c.note(note + (launched.isEmpty() && unnamed.isEmpty() ? "" : " (instances run, and cost, until terminated,"
                + " whatever is done to the credentials; the created list names their ids)"));
    }

    private static String shown(List<String> parts) {
        return String.join(", ", parts.subList(0, Math.min(SHOWN, parts.size()))) + (parts.size() > SHOWN ? " and "
                + (parts.size() - SHOWN) + " more" : "");
    }
}
