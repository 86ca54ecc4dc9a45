package io.trailkeeper.store.investigate;

import io.trailkeeper.events.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A key's (or principal's) calls from a network none of its earlier calls came from, a day or more after its first
 * call: a leaked key used by someone else shows first as a new address beside the owner's usual ones. Which addresses
 * those are is story-new-networks.sql's (a network is network.sql's: an IPv4 address's /24, else the whole address; a
 * service's name is none); here they are told, each with its network's figures: a network of several addresses by
 * its block and its first address.
 */
final class NewNetworks {
    private static final int SHOWN = 5;

    private NewNetworks() {
    }

    /** The note of story-new-networks.sql's addresses, or null when none is new. */
    static String note(Table fresh, Instant firstCall, String who) {
        if (firstCall == null || fresh.rows().isEmpty()) {
            return null;
        }
        int ip = Rows.column(fresh, "source_ip");
        int network = Rows.column(fresh, "network");
        int addresses = Rows.column(fresh, "addresses");
        int first = Rows.column(fresh, "first_call");
        int events = Rows.column(fresh, "events");
        int errors = Rows.column(fresh, "errors");
        int regions = Rows.column(fresh, "regions");
        List<String> told = new ArrayList<>();
        for (List<Object> r : fresh.rows()) {
            long many = ((Number) r.get(addresses)).longValue();
            String where = many == 1 ? Texts.clean(r.get(ip)) : Texts.clean(r.get(network)) + " (" + many
                    + " addresses, the first " + Texts.clean(r.get(ip)) + ")";
            told.add(where + " from " + r.get(first) + " (" + Texts.count(((Number) r.get(events))
                    .longValue(), "call", "calls") + ", " + Texts.count(((Number) r.get(errors)).longValue(),
                    "error", "errors") + ", in " + String.join(", ", ((List<?>) r.get(regions)).stream()
                    .map(Texts::clean).toList()) + ")"); // each region cleaned apart: the list whole would be cut
        }
        return who + " was used from " + (told.size() == 1 ? "a network" : told.size() + " networks") + " none of"
                + " its earlier calls (from " + firstCall + ") came from: " + String.join("; ",
                told.subList(0, Math.min(SHOWN, told.size()))) + (told.size() > SHOWN ? "; and " + (told.size()
                - SHOWN) + " more" : "") + ": a leaked key or stolen credentials used by someone else show so"
                + " (investigate timeline --ip ADDRESS tells what was done from one)";
    }
}
