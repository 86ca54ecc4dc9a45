package io.trailkeeper.detect;

import io.trailkeeper.events.CloudTrailEvent;
import java.util.List;

/**
 * A rule that matched: the rule (its author is shown with every match, as the Detection Rule License asks)
 * and the event, or for a correlation the events that made it fire (the last one first).
 *
 * @param group for a correlation, the group-by values that the events share; empty otherwise
 */
public record Match(SigmaRule rule, List<CloudTrailEvent> events, List<String> group) {
    public Match {
        events = List.copyOf(events);
        group = group == null ? List.of() : List.copyOf(group);
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a match has at least one event");
        }
    }

    /** The event shown for the match: the one that completed it. */
    public CloudTrailEvent event() {
        return events.get(0);
    }

    /**
     * Record hashes in the store's order (DuckDB's UUID order: the 16 bytes as an unsigned number), which breaks
     * ties between events of the same time wherever matches are ordered, whatever order the events came in.
     */
    public static int compareRecordHashes(java.util.UUID a, java.util.UUID b) {
        int hi = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return hi != 0 ? hi : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }
}
