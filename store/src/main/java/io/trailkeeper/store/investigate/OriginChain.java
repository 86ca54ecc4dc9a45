package io.trailkeeper.store.investigate;

import io.trailkeeper.events.Table;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code key ASIA...}: the keys behind the role session that issued the key. An alert names the last session of a
 * chain (the management account's role session that detached an SCP); the origin names only the session whose
 * AssumeRole issued it, itself a session of another role, maybe of another account. Each issuing session's own
 * AssumeRole* is looked for in turn (key-origin-chain.sql), back to a long-term key, a key whose issuing call the store
 * does not hold, or {@link #HOPS} hops.
 */
final class OriginChain {
    private static final int HOPS = 5;

    private OriginChain() {
    }

    /** Tells the chain behind the origin of {@code who}, when the key that issued it was a session's. */
    static void tell(Context c, String who) {
        String caller = sessionCaller(c.made("origin"));
        List<String> hops = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String end = "";
        while (caller != null && seen.add(caller)) {
            if (hops.size() == HOPS) {
                end = "; and further back: investigate key " + caller;
                break;
            }
            c.param("caller_key", caller);
            Table issued = c.query("key-origin-chain.sql", "chain");
            if (issued.rows().isEmpty()) {
                end = hops.isEmpty() ? "" : "; the call that issued " + caller + " is not in the store";
                break;
            }
            List<Object> row = issued.rows().get(0);
            String key = (String) row.get(Rows.column(issued, "caller_key"));
            hops.add(caller + " was issued by " + Texts.clean(row.get(Rows.column(issued, "call"))) + " at "
                    + row.get(Rows.column(issued, "event_time")) + " by "
                    + Texts.clean(row.get(Rows.column(issued, "principal"))) + " with key " + Texts.clean(key)
                    + " from " + Texts.clean(row.get(Rows.column(issued, "source_ip"))));
            if (!key.startsWith("ASIA")) {
                end = "; investigate key " + Texts.clean(key) + " follows everything that key and the sessions it"
                        + " issued did";
                break;
            }
            caller = key;
        }
        if (!hops.isEmpty()) {
            c.note("behind the session that issued " + who + " (role chaining): " + String.join("; ", hops) + end);
        }
    }

    /** The session key (ASIA...) that made the call issuing the subject, or null. */
    private static String sessionCaller(Table origin) {
        int column = Rows.column(origin, "caller_key");
        for (List<Object> row : origin.rows()) {
            if (row.get(column) instanceof String key && key.startsWith("ASIA")) {
                return key;
            }
        }
        return null;
    }
}
