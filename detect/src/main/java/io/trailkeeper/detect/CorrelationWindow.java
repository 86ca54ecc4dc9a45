package io.trailkeeper.detect;

import io.trailkeeper.events.CloudTrailEvent;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One group's state while a correlation is evaluated ({@link CorrelationRunner}), and the matching itself: the
 * hits of the group in the timespan, and for value_count how many of them have each value; for
 * temporal_ordered instead the chains: for rule j and length l, of the chains of l hits of rules in the
 * order listed (rule indexes rising) that end with a hit of rule j, the one that started last (an earlier
 * start can only leave the timespan sooner). At most rules x rules chains a group, whatever the traffic.
 */
final class CorrelationWindow {
    /**
     * A matched event as the runner keeps it while a correlation may count it: its {@link CloudTrailEvent#summary()}
     * (what the match shows), and the values of every field the correlations group by or count, read from the record
     * when it matched (for each of the runner's {@code paths}, the field's values in the record, a JSON null as
     * null). A busy access key's every call in the timespan is kept: 2.5 KB a call with the raw record, a few hundred
     * bytes so.
     */
    record Seen(CloudTrailEvent event, List<String>[] values) {
    }

    /**
     * A match of a rule: its time (of the event that completed it), the event that completed it, and all its
     * events in order (null for a detection's match: that one event alone, kept without a list of its own).
     */
    record Hit(Instant time, int order, Seen last, List<Seen> all) {
        List<Seen> events() {
            return all == null ? List.of(last) : all;
        }
    }

    private final ArrayDeque<Hit> hits = new ArrayDeque<>();
    private final ArrayDeque<List<String>> values;
    private final Map<String, int[]> counts;
    private final List<Hit>[][] chains;
    /** The time of the last hit stepped into this window: once a timespan before the clock, nothing here counts. */
    private Instant newest;

    @SuppressWarnings({"unchecked", "rawtypes"}) // an array of lists
    CorrelationWindow(boolean valueCount, int orderedRules) {
        values = valueCount ? new ArrayDeque<>() : null;
        counts = valueCount ? new HashMap<>() : null;
        chains = orderedRules > 0 ? new List[orderedRules][orderedRules] : null;
    }

    boolean isEmpty() {
        if (chains != null) {
            for (List<Hit>[] byLength : chains) {
                for (List<Hit> chain : byLength) {
                    if (chain != null) {
                        return false;
                    }
                }
            }
        }
        return hits.isEmpty();
    }

    Instant newest() {
        return newest;
    }

    /** The hits this window holds (in the hits of its timespan or in its chains), for tests of what is let go. */
    int held() {
        int n = hits.size();
        if (chains != null) {
            for (List<Hit>[] byLength : chains) {
                for (List<Hit> chain : byLength) {
                    n += chain == null ? 0 : chain.size();
                }
            }
        }
        return n;
    }

    private void add(Hit h, int field) {
        hits.addLast(h);
        if (counts != null) {
            List<String> v = values(h.last(), field);
            values.addLast(v);
            for (String s : v) {
                counts.computeIfAbsent(s, k -> new int[1])[0]++;
            }
        }
    }

    private void removeFirst() {
        hits.removeFirst();
        if (counts != null) {
            for (String s : values.removeFirst()) {
                int[] n = counts.get(s);
                if (--n[0] == 0) {
                    counts.remove(s);
                }
            }
        }
    }

    private void clear() {
        hits.clear();
        if (counts != null) {
            values.clear();
            counts.clear();
        }
        if (chains != null) {
            for (List<Hit>[] byLength : chains) {
                java.util.Arrays.fill(byLength, null);
            }
        }
    }

    /** The hits, oldest first, and the window empty again. */
    private List<Hit> drain() {
        List<Hit> out = new ArrayList<>(hits);
        clear();
        return out;
    }

    /** Adds the hit to this window; the hits that made the rule fire, oldest first, or null. */
    List<Hit> step(Correlation c, Hit h, int field) {
        newest = h.time();
        Instant start = h.time().minus(c.timespan());
        if (c.type() == Correlation.Type.TEMPORAL_ORDERED) {
            return ordered(c, h, start);
        }
        add(h, field);
        while (hits.peekFirst().time().isBefore(start)) {
            removeFirst();
        }
        boolean fires = switch (c.type()) {
            case EVENT_COUNT -> c.condition().test(hits.size());
            case VALUE_COUNT -> c.condition().test(counts.size());
            default -> c.condition().test(hits.stream().map(Hit::order).distinct().count());
        };
        return fires ? drain() : null;
    }

    /**
     * temporal_ordered: the longest chain of hits of rules in the order listed that ends with this hit and
     * started within the timespan; its length is the count the condition tests (by default every rule, so the
     * rules' full sequence, other hits in between allowed). The chains ending here are kept for later hits.
     */
    private List<Hit> ordered(Correlation c, Hit h, Instant start) {
        int j = h.order();
        List<Hit> longest = null;
        for (int l = 1; l <= chains.length; l++) {
            List<Hit> before = null;
            for (int i = 0; i < j && l > 1; i++) {
                List<Hit> chain = chains[i][l - 2];
                if (chain != null && !chain.get(0).time().isBefore(start)
                        && (before == null || chain.get(0).time().isAfter(before.get(0).time()))) {
                    before = chain;
                }
            }
            if (l > 1 && before == null) {
                break; // no chain of l - 1 before: none longer either
            }
            List<Hit> chain = new ArrayList<>(l);
            if (before != null) {
                chain.addAll(before);
            }
            chain.add(h);
            List<Hit> kept = chains[j][l - 1];
            if (kept == null || chain.get(0).time().isAfter(kept.get(0).time())) {
                chains[j][l - 1] = chain;
            }
            longest = chain;
        }
        if (longest != null && c.condition().test(longest.size())) {
            clear();
            return longest;
        }
        return null;
    }

    /** The distinct values of the field (an index into the runner's {@code paths}) in the event, no JSON null. */
    private static List<String> values(Seen event, int field) {
        List<String> values = event.values()[field];
        if (values.size() == 1) {
            return values.get(0) == null ? List.of() : values;
        }
        List<String> out = new ArrayList<>(values.size());
        values.forEach(v -> {
            if (v != null && !out.contains(v)) {
                out.add(v);
            }
        });
        return out;
    }
}
