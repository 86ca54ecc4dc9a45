package io.trailkeeper.store.investigate;

import io.trailkeeper.events.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A key's (or principal's) calls from a network none of its earlier calls came from, a day or more after its first
 * call: a leaked key used by someone else shows first as a new address beside the owner's usual ones. A network is an
 * IPv4 address's /24, else the whole address; a service's name (an AWS service calling on its behalf) is none. Read
 * from the ips section (first call per address).
 */
final class NewNetworks {
    /** Addresses that begin this long after the first call are new; before, the usual ones are still being seen. */
    private static final Duration SETTLED = Duration.ofDays(1);
    private static final int SHOWN = 5;

    private NewNetworks() {
    }

    /** The note, or null when no address is new. */
    static String note(Table ips, Instant firstCall, String who) {
        if (firstCall == null || ips.rows().size() < 2) {
            return null;
        }
        int ip = Rows.column(ips, "source_ip");
        int first = Rows.column(ips, "first_call");
        int events = Rows.column(ips, "events");
        int errors = Rows.column(ips, "errors");
        int regions = Rows.column(ips, "regions");
        List<List<Object>> rows = ips.rows().stream()
                .filter(r -> r.get(ip) != null && network(r.get(ip).toString()) != null && r.get(first) != null)
                .sorted(java.util.Comparator.comparing(r -> (Instant) r.get(first))).toList();
        List<String> told = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            List<Object> r = rows.get(i);
            Instant since = (Instant) r.get(first);
            String net = network(r.get(ip).toString());
            boolean seenBefore = rows.subList(0, i).stream().anyMatch(e -> net.equals(network(e.get(ip).toString())));
            if (!seenBefore && !since.isBefore(firstCall.plus(SETTLED))) {
                told.add(Texts.clean(r.get(ip)) + " from " + since + " (" + Texts.count(((Number) r.get(events))
                        .longValue(), "call", "calls") + ", " + Texts.count(((Number) r.get(errors)).longValue(),
                        "error", "errors") + ", in " + Texts.clean(String.join(", ", ((List<?>) r.get(regions))
                        .stream().map(String::valueOf).toList())) + ")");
            }
        }
        if (told.isEmpty()) {
            return null;
        }
        return who + " was used from " + (told.size() == 1 ? "a network" : told.size() + " networks") + " none of"
                + " its earlier calls (from " + firstCall + ") came from: " + String.join("; ",
                told.subList(0, Math.min(SHOWN, told.size()))) + (told.size() > SHOWN ? "; and " + (told.size()
                - SHOWN) + " more" : "") + ": a leaked key or stolen credentials used by someone else show so"
                + " (investigate timeline --ip ADDRESS tells what was done from one)";
    }

    /**
     * An IPv4 address's /24, another address whole, null for what is not an address (a service's name); the sign-ins'
     * network in logins-scope.sql is the same rule in SQL.
     */
    static String network(String address) {
        if (address.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
            return address.substring(0, address.lastIndexOf('.')) + ".0/24";
        }
        return address.contains(":") ? address : null;
    }
}
