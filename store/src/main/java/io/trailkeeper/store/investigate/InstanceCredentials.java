package io.trailkeeper.store.investigate;

import io.trailkeeper.events.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An EC2 instance's role credentials used from an address other than the instance's own (story-instance-credentials.sql
 * finds them: the session named by the instance id, the instance's address the one that used the most of its keys):
 * credentials taken from the instance, by a request forgery reading its metadata service or from the host, and used
 * elsewhere while the instance went on using them. A new network is told for any subject; this says what it means for
 * an instance's session, and is told whether or not the address is new (the first key stolen is used the day it is
 * issued, and a second theft's address is no longer new).
 */
final class InstanceCredentials {
    private static final int SHOWN = 5;

    private InstanceCredentials() {
    }

    /** Tells, per instance session of the subject's calls, the public addresses other than the instance's. */
    static void tell(Context c) {
        Table t = c.query("story-instance-credentials.sql", "instance credentials");
        Map<String, List<List<Object>>> bySession = new LinkedHashMap<>();
        int principal = Rows.column(t, "principal_arn");
        for (List<Object> row : t.rows()) {
            bySession.computeIfAbsent(String.valueOf(row.get(principal)), p -> new ArrayList<>()).add(row);
        }
        bySession.forEach((session, rows) -> c.note(note(t, session, rows)));
    }

    private static String note(Table t, String session, List<List<Object>> rows) {
        List<Object> first = rows.get(0);
        String instance = session.substring(session.lastIndexOf('/') + 1);
        long privateCalls = number(first.get(Rows.column(t, "private_events")));
        List<String> told = new ArrayList<>();
        for (List<Object> r : rows.subList(0, Math.min(SHOWN, rows.size()))) {
            told.add(Texts.clean(r.get(Rows.column(t, "source_ip"))) + " from " + r.get(Rows.column(t, "first_call"))
                    + " to " + r.get(Rows.column(t, "last_call")) + " (" + Texts.count(number(r.get(Rows.column(t,
                    "events"))), "call", "calls") + ", " + Texts.count(number(r.get(Rows.column(t, "errors"))), "error",
                    "errors") + ", with " + Texts.count(number(r.get(Rows.column(t, "keys"))), "key", "keys") + ", "
                    + number(r.get(Rows.column(t, "shared_keys"))) + " of them used by the instance too; in "
                    + regions((List<?>) r.get(Rows.column(t, "regions"))) + ")");
        }
        return Texts.clean(session) + " is EC2 instance " + Texts.clean(instance) + "'s role session (its instance"
                + " profile's credentials, named by the instance id): the instance calls from "
                + Texts.clean(first.get(Rows.column(t, "own_ip"))) + " (the address that used the most of the"
                + " session's keys: " + number(first.get(Rows.column(t, "own_keys"))) + ", in " + Texts.count(number(
                first.get(Rows.column(t, "own_events"))), "call", "calls") + ", over the window and the week before"
                + (privateCalls == 0 ? "" : "; and " + Texts.count(privateCalls, "call", "calls")
                + " from private addresses, inside its network or through a VPC endpoint") + "), but its credentials"
                + " were used from " + (rows.size() == 1 ? "another address" : rows.size() + " other addresses") + ": "
                + String.join("; ", told) + (rows.size() > SHOWN ? "; and " + (rows.size() - SHOWN) + " more" : "")
                + ". Instance credentials used elsewhere were taken from the instance (a request forgery reading its"
                + " metadata service, or the host itself; GuardDuty's InstanceCredentialExfiltration): investigate"
                + " timeline --ip ADDRESS tells what was done from one, and the role's sessions stay valid until they"
                + " expire or are revoked (the role's AWSRevokeOlderSessions), whatever is done to the instance";
    }

    /** Every region, each cleaned apart: the list as one text would be cut at a sentence value's length. */
    static String regions(List<?> regions) {
        return (regions.size() == 1 ? "" : regions.size() + " regions: ") + String.join(", ", regions.stream()
                .map(Texts::clean).toList());
    }

    private static long number(Object v) {
        return v == null ? 0 : ((Number) v).longValue();
    }
}
