package io.trailkeeper.cli;

import io.trailkeeper.store.investigate.ComputeAbuse;
import java.util.ArrayList;
import java.util.List;

/**
 * The report's sentences on compute abuse, as investigate key and actor find it: an EC2 instance's role credentials
 * used from an address other than the instance's own (taken from the instance), and the instances each principal
 * launched, the refused launches apart. Without them the summary told these only through the rules' matches.
 */
final class ReportComputeAbuse {
    /** At most this many sessions' addresses, or principals' launches, are told one by one. */
    static final int TOLD = 5;

    private ReportComputeAbuse() {
    }

    /** None when the selection holds no such use and no RunInstances call. */
    static List<String> sentences(ComputeAbuse abuse) {
        List<String> out = new ArrayList<>();
        if (!abuse.stolen().isEmpty()) {
            List<String> told = abuse.stolen().stream().limit(TOLD).map(ReportComputeAbuse::otherAddress).toList();
            out.add("EC2 instance credentials used from another address than the instance's (taken from the instance;"
                    + " `trailkeeper investigate actor SESSION` tells more): " + String.join("; ", told)
                    + more(abuse.stolen().size()) + ".");
        }
        List<ComputeAbuse.Launches> launches = abuse.launches();
        if (!launches.isEmpty()) {
            out.add("EC2 instances launched (they run, and cost, until terminated): " + String.join("; ",
                    launches.stream().limit(TOLD).map(ReportComputeAbuse::launched).toList())
                    + more(launches.size()) + ".");
        }
        return out;
    }

    private static String otherAddress(ComputeAbuse.OtherAddress a) {
        return a.session() + " (the instance calls from " + a.ownAddress() + ") used from " + a.address()
                + ", first at " + ReportText.time(a.first()) + ", " + ReportText.count(a.calls(), "call", "calls")
                + " in " + String.join(", ", a.regions());
    }

    private static String launched(ComputeAbuse.Launches l) {
        String refused = l.refused() == 0 ? "" : ReportText.count(l.refused(), "launch", "launches") + " refused";
        // a RunInstances that succeeded, but whose recorded response names no instance: not "none launched"
        String unnamed = l.unnamedCalls() == 0 ? "" : ReportText.count(l.unnamedCalls(), "RunInstances call",
                "RunInstances calls") + " whose recorded response names no instance (`trailkeeper query --event-name"
                + " RunInstances` lists the calls)";
        if (l.instances() == 0 && !unnamed.isEmpty()) {
            return l.principal() + ": RunInstances succeeded, but no recorded response names the instances it"
                    + " launched (`trailkeeper query --event-name RunInstances` lists the calls)"
                    + (refused.isEmpty() ? "" : "; and " + refused);
        }
        if (l.instances() == 0) {
            return l.principal() + ": none launched, " + refused;
        }
        return l.principal() + ": " + ReportText.count(l.instances(), "instance", "instances") + " in "
                + ReportText.count(l.regions().size(), "region", "regions") + " (" + String.join(", ", l.regions())
                + ") of " + ReportText.count(l.types().size(), "type", "types") + " (" + String.join(", ", l.types())
                + ")" + (unnamed.isEmpty() ? "" : "; and " + unnamed + ", not counted")
                + (refused.isEmpty() ? "" : "; and " + refused);
    }

    private static String more(int size) {
        return ReportText.more(size - TOLD);
    }
}
