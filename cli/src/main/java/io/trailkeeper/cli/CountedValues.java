package io.trailkeeper.cli;

import io.trailkeeper.detect.Correlation;
import io.trailkeeper.detect.Match;
import io.trailkeeper.events.CloudTrailEvent;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The distinct values a value_count correlation counted, for its match's line: "31 events by ASIA...; sourceIPAddress:
 * 185.220.101.47, 54.210.33.17" names the addresses a key was used from, where the count alone sent the responder to
 * the records (and the event shown, the one that completed the match, may be the owner's own call). Only the fields a
 * match's events keep are read (a correlation holds summaries of its events, not their records).
 */
final class CountedValues {
    private static final int SHOWN = 5;

    private CountedValues() {
    }

    /** "; field: a, b", or "" for another kind of match or a field the events do not keep. */
    static String of(Match m) {
        Correlation c = m.rule().correlation();
        if (c == null) {
            return "";
        }
        Set<String> values = new TreeSet<>(); // sorted: the order a match holds its events in is the engine's
        for (CloudTrailEvent e : m.events()) {
            String v = c.countedValue(e);
            if (v != null) {
                values.add(v);
            }
        }
        List<String> shown = values.stream().limit(SHOWN).toList();
        return values.isEmpty() ? "" : "; " + c.field() + ": " + String.join(", ", shown)
                + (values.size() > SHOWN ? " and " + (values.size() - SHOWN) + " more" : "");
    }
}
