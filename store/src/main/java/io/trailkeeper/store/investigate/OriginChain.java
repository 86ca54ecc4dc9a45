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
 * does not hold (said, with where it was looked for), or {@link #HOPS} hops.
 */
final class OriginChain {
    private static final int HOPS = 5;
    /** How many of a role session's candidate AssumeRole* calls key-origin-chain.sql reads (its LIMIT). */
    private static final int READ = 20;

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
            List<Object> row = issued.rows().get(0);
            String key = (String) row.get(Rows.column(issued, "caller_key"));
            if (key == null) {
                hops.add(notFound(issued, row, caller));
                break;
            }
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

    /**
     * Where the chain stops: the AssumeRole* that issued {@code caller} is not in the store. Said with what the
     * caller's own calls tell (its role, session name, first use) and where the call was looked for, since the chain
     * back to the long-term key is the question and silence read as "no chain".
     */
    private static String notFound(Table issued, List<Object> row, String caller) {
        Object role = row.get(Rows.column(issued, "role_arn"));
        if (role == null) {
            // a user's GetSessionToken session calls as the user: not a hop this follows
            return caller + " made no call as a role session in the store (a console session, or a GetSessionToken or"
                    + " GetFederationToken session, calls as its user or as the root user): investigate key " + caller
                    + " tells how it was issued";
        }
        String session = " (a session of " + Texts.clean(role) + " named "
                + Texts.clean(row.get(Rows.column(issued, "session_name"))) + ", first used at "
                + row.get(Rows.column(issued, "first_use")) + ")";
        long lookedAt = ((Number) row.get(Rows.column(issued, "looked_at"))).longValue();
        if (lookedAt > READ) {
            return "the AssumeRole* call that issued " + caller + session + " is not among the latest " + READ
                    + " of the " + Texts.count(lookedAt, "call", "calls") + " of AssumeRole* naming that role and"
                    + " session name in the 36 hours before that first use, the ones read (query --event-name"
                    + " 'AssumeRole*' --resource " + Texts.clean(role) + " lists them all); the chain stops here";
        }
        return "the AssumeRole* call that issued " + caller + session + " is not in the store, looked for in the 36 hours"
                + " before that first use (the longest a session lasts): it was made before what was collected, or"
                + " recorded in a region or account not collected (an STS call is recorded in the region of the"
                + " endpoint it was sent to, us-east-1 for the global one); the chain stops here";
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
