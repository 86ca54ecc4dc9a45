package io.trailkeeper.store.investigate;

import io.trailkeeper.events.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who ran the Lambda functions whose execution role sessions made the subject's calls (story-function-invokers.sql):
 * such a session's calls are the function's code at work, and the session's own addresses are Lambda's, so the
 * story of a function turned backdoor (a URL open to anyone, its code replaced) stopped at 'issued by
 * lambda.amazonaws.com' without saying who invoked it, from where.
 */
final class FunctionInvokers {
    /** Callers named per function; the rest counted. */
    private static final int SHOWN = 4;

    private FunctionInvokers() {
    }

    /** One note per function whose role sessions made the subject's calls: who invoked it, or that none can be told. */
    static void tell(Context c, String who) {
        Table t = c.query("story-function-invokers.sql", "function invokers");
        Map<String, List<List<Object>>> perFunction = new LinkedHashMap<>();
        int function = Rows.column(t, "function_name");
        t.rows().forEach(r -> perFunction.computeIfAbsent(Texts.clean(r.get(function)), k -> new ArrayList<>()).add(r));
        perFunction.forEach((name, rows) -> c.note(sentence(t, who, name, rows)));
    }

    private static String sentence(Table t, String who, String function, List<List<Object>> rows) {
        String role = who + " acted as Lambda function " + function + "'s execution role (sessions Lambda issued, named"
                + " after the function): those calls are the function's code at work, and ";
        if (rows.get(0).get(Rows.column(t, "call")) == null) {
            return role + "who invoked it then cannot be told from the store: it holds no Invoke or InvokeFunctionUrl"
                    + " data event of the function while the sessions were used (a trail that does not log Lambda data"
                    + " events records none; trailkeeper coverage says which it logged)";
        }
        List<String> callers = new ArrayList<>();
        for (List<Object> r : rows.subList(0, Math.min(SHOWN, rows.size()))) {
            callers.add(Texts.clean(r.get(Rows.column(t, "call"))) + " x" + r.get(Rows.column(t, "invocations"))
                    + " by " + Texts.clean(r.get(Rows.column(t, "caller"))) + " from "
                    + Texts.clean(r.get(Rows.column(t, "source_ip"))) + " (" + r.get(Rows.column(t, "first_invocation"))
                    + " to " + r.get(Rows.column(t, "last_invocation")) + ")");
        }
        String more = rows.size() > SHOWN ? "; and " + (rows.size() - SHOWN) + " more callers" : "";
        return role + "its invocations meanwhile were "
                + String.join("; ", callers) + more + " (investigate timeline --ip ADDRESS tells what else came from"
                + " one)";
    }
}
