package io.trailkeeper.detect;

import io.trailkeeper.events.CloudTrailEvent;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Correlation rules over the matches of the rules they name (detections or other correlations), by event time:
 * event_count and value_count fire when the count in a sliding timespan reaches the threshold, temporal when
 * enough of the rules (by default all) matched within the timespan, temporal_ordered when enough of them
 * matched in the order listed within it, other hits in between allowed. A window that fired starts again
 * empty, so one burst gives one match. Events without a time are not correlated.
 */
final class CorrelationRunner {
    /**
     * A matched event as the runner keeps it until the end: its {@link CloudTrailEvent#summary()} (what the match
     * shows), and the values of every field the correlations group by or count, read from the record when it
     * matched (for each of {@link #paths}, the field's values in the record, a JSON null as null). A busy access
     * key's every call is kept: 2.5 KB a call with the raw record, a few hundred bytes so.
     */
    private record Seen(CloudTrailEvent event, List<String>[] values) {
    }

    /**
     * A match of a rule: its time (of the event that completed it), the event that completed it, and all its
     * events in order (null for a detection's match: that one event alone, kept without a list of its own).
     */
    private record Hit(Instant time, int order, Seen last, List<Seen> all) {
        List<Seen> events() {
            return all == null ? List.of(last) : all;
        }
    }

    /**
     * The hits of one group in the timespan, and for value_count how many of them have each value; for
     * temporal_ordered instead the chains: for rule j and length l, of the chains of l hits of rules in the
     * order listed (rule indexes rising) that end with a hit of rule j, the one that started last (an earlier
     * start can only leave the timespan sooner). At most rules x rules chains a group, whatever the traffic.
     */
    private static final class Window {
        final ArrayDeque<Hit> hits = new ArrayDeque<>();
        final ArrayDeque<List<String>> values;
        final Map<String, int[]> counts;
        final List<Hit>[][] chains;

        @SuppressWarnings({"unchecked", "rawtypes"}) // an array of lists
        Window(boolean valueCount, int orderedRules) {
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

        void add(Hit h, int field) {
            hits.addLast(h);
            if (counts != null) {
                List<String> v = values(h.last(), field);
                values.addLast(v);
                for (String s : v) {
                    counts.computeIfAbsent(s, k -> new int[1])[0]++;
                }
            }
        }

        void removeFirst() {
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

        void clear() {
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
        List<Hit> drain() {
            List<Hit> out = new ArrayList<>(hits);
            clear();
            return out;
        }
    }

    private final List<SigmaRule> rules;
    /** The fields that correlations group by or count, read from each matched event once. */
    private final List<String> paths;
    private CloudTrailEvent lastEvent;
    private Seen lastSeen;
    /** One copy of each repeated text of the kept summaries and values (names, regions, principals, keys, IPs). */
    private final Map<String, String> shared = new HashMap<>();
    private final Set<String> referenced;
    private final Set<String> generated;
    private final Map<String, List<Hit>> hits = new HashMap<>();
    /** The events that detection rules matched, by key (the matches of correlations are in {@link #hits}). */
    private final Map<String, Events> detected = new HashMap<>();
    /** Where a detection rule's matches go (one list a key, see {@link #keys}), found once. */
    private final Map<SigmaRule, Events[]> targets = new java.util.IdentityHashMap<>();

    /** Matched events, one reference each (a hit's time is its event's), in the order they came. */
    private static final class Events {
        Seen[] items = new Seen[64];
        int size;

        void add(Seen e) {
            if (size == items.length) {
                items = java.util.Arrays.copyOf(items, size * 2);
            }
            items[size++] = e;
        }
    }

    /** Time, then the record hash as the SQL backend orders them: the same windows whatever order events came in. */
    private static final Comparator<Seen> BY_TIME = Comparator.comparing((Seen e) -> e.event().eventTime())
            .thenComparing(e -> e.event().recordHash(), Match::compareRecordHashes);

    CorrelationRunner(List<SigmaRule> rules, Set<String> referenced, Set<String> generated) {
        this.rules = rules;
        Set<String> fields = new java.util.LinkedHashSet<>();
        for (SigmaRule r : rules) {
            fields.addAll(r.correlation().groupBy());
            if (r.correlation().field() != null) {
                fields.add(r.correlation().field());
            }
        }
        this.paths = List.copyOf(fields);
        this.referenced = referenced;
        this.generated = generated;
    }

    void hit(SigmaRule rule, CloudTrailEvent event) {
        if (event.eventTime() == null) {
            return;
        }
        Events[] to = targets.get(rule);
        if (to == null) {
            to = keys(rule).stream().map(k -> detected.computeIfAbsent(k, x -> new Events())).toArray(Events[]::new);
            targets.put(rule, to);
        }
        if (event != lastEvent) {
            lastSeen = seen(event);
            lastEvent = event;
        }
        for (Events e : to) {
            e.add(lastSeen);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"}) // an array of lists, one per path
    private Seen seen(CloudTrailEvent event) {
        List<String>[] values = new List[paths.size()];
        EventView view = paths.isEmpty() ? null : new EventView(event);
        for (int i = 0; i < values.length; i++) {
            var found = view.values(paths.get(i));
            if (found.isEmpty()) {
                values[i] = List.of();
            } else if (found.size() == 1) {
                values[i] = java.util.Collections.singletonList(found.get(0).isNull() ? null
                        : share(EventView.text(found.get(0))));
            } else {
                List<String> texts = new ArrayList<>(found.size());
                found.forEach(v -> texts.add(v.isNull() ? null : share(EventView.text(v))));
                values[i] = texts;
            }
        }
        return new Seen(event.summary(this::share), values);
    }

    private String share(String text) {
        String kept = shared.putIfAbsent(text, text);
        return kept == null ? text : kept;
    }

    void run(Consumer<Match> out) {
        Set<SigmaRule> done = new HashSet<>();
        Set<SigmaRule> running = new HashSet<>();
        for (SigmaRule r : rules) {
            evaluate(r, done, running, out);
        }
        hits.clear();
        detected.clear();
        targets.clear();
        lastEvent = null;
        lastSeen = null;
        shared.clear();
    }

    private void evaluate(SigmaRule rule, Set<SigmaRule> done, Set<SigmaRule> running, Consumer<Match> out) {
        if (done.contains(rule) || !running.add(rule)) {
            return;
        }
        Correlation c = rule.correlation();
        List<Hit> input = new ArrayList<>();
        for (int i = 0; i < c.rules().size(); i++) {
            String name = c.rules().get(i);
            for (SigmaRule inner : rules) {
                if (name.equals(inner.id()) || name.equals(inner.name())) {
                    evaluate(inner, done, running, out);
                }
            }
        }
        // one rule's detections alone (the usual case): their events, sorted by time in place, are the input
        Events only = c.rules().size() == 1 && !hits.containsKey(c.rules().get(0))
                ? detected.get(c.rules().get(0)) : null;
        Seen[] sorted = null;
        int count;
        if (only != null) {
            sorted = only.items;
            count = only.size;
            java.util.Arrays.sort(sorted, 0, count, BY_TIME);
        } else {
            for (int i = 0; i < c.rules().size(); i++) {
                String name = c.rules().get(i);
                Events d = detected.get(name);
                for (int j = 0; d != null && j < d.size; j++) {
                    input.add(new Hit(d.items[j].event().eventTime(), i, d.items[j], null));
                }
                for (Hit h : hits.getOrDefault(name, List.of())) {
                    input.add(i == 0 ? h : new Hit(h.time(), i, h.last(), h.all()));
                }
            }
            input.sort(Comparator.comparing(Hit::time).thenComparingInt(Hit::order)
                    .thenComparing(h -> h.last().event().recordHash(), Match::compareRecordHashes));
            count = input.size();
        }
        boolean valueCount = c.type() == Correlation.Type.VALUE_COUNT;
        int field = c.field() == null ? -1 : paths.indexOf(c.field());
        int[] groupBy = c.groupBy().stream().mapToInt(paths::indexOf).toArray();
        boolean emits = !(referenced.contains(rule.id()) || referenced.contains(rule.name()))
                || generated.contains(rule.id()) || generated.contains(rule.name());
        int ordered = c.type() == Correlation.Type.TEMPORAL_ORDERED ? c.rules().size() : 0;
        Map<List<String>, Window> windows = new HashMap<>();
        for (int n = 0; n < count; n++) {
            Hit h;
            if (sorted != null) {
                h = new Hit(sorted[n].event().eventTime(), 0, sorted[n], null);
            } else {
                h = input.get(n);
                input.set(n, null); // what a window does not hold is let go as the evaluation goes
            }
            List<String> group = group(groupBy, h.last());
            Window window = windows.computeIfAbsent(group, k -> new Window(valueCount, ordered));
            List<Hit> fired = step(c, window, h, field);
            if (window.isEmpty()) {
                windows.remove(group);
            }
            if (fired != null) {
                List<Seen> events = new ArrayList<>();
                for (int i = fired.size() - 1; i >= 0; i--) {
                    events.addAll(fired.get(i).events());
                }
                Hit result = new Hit(h.time(), 0, events.get(0), events);
                for (String key : keys(rule)) {
                    hits.computeIfAbsent(key, k -> new ArrayList<>()).add(result);
                }
                if (emits) {
                    out.accept(new Match(rule, events.stream().map(Seen::event).toList(), group));
                }
            }
        }
        running.remove(rule);
        done.add(rule);
    }

    /** Adds the hit to its group's window; the hits that made the rule fire, oldest first, or null. */
    private static List<Hit> step(Correlation c, Window window, Hit h, int field) {
        Instant start = h.time().minus(c.timespan());
        Deque<Hit> hits = window.hits;
        if (c.type() == Correlation.Type.TEMPORAL_ORDERED) {
            return ordered(c, window, h, start);
        }
        window.add(h, field);
        while (hits.peekFirst().time().isBefore(start)) {
            window.removeFirst();
        }
        boolean fires = switch (c.type()) {
            case EVENT_COUNT -> c.condition().test(hits.size());
            case VALUE_COUNT -> c.condition().test(window.counts.size());
            default -> c.condition().test(hits.stream().map(Hit::order).distinct().count());
        };
        return fires ? window.drain() : null;
    }

    /**
     * temporal_ordered: the longest chain of hits of rules in the order listed that ends with this hit and
     * started within the timespan; its length is the count the condition tests (by default every rule, so the
     * rules' full sequence, other hits in between allowed). The chains ending here are kept for later hits.
     */
    private static List<Hit> ordered(Correlation c, Window window, Hit h, Instant start) {
        int j = h.order();
        List<Hit>[][] chains = window.chains;
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
            window.clear();
            return longest;
        }
        return null;
    }

    /** The distinct values of the field (an index into {@link #paths}) in the event, JSON nulls left out. */
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

    /** The group-by values of the event ("" for a missing field), the fields as indexes into {@link #paths}. */
    private static List<String> group(int[] groupBy, Seen event) {
        if (groupBy.length == 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>(groupBy.length);
        for (int field : groupBy) {
            List<String> values = event.values()[field];
            out.add(values.isEmpty() || values.get(0) == null ? "" : values.get(0));
        }
        return out;
    }

    private static List<String> keys(SigmaRule rule) {
        List<String> keys = new ArrayList<>(2);
        if (rule.id() != null) {
            keys.add(rule.id());
        }
        if (rule.name() != null && !rule.name().equals(rule.id())) {
            keys.add(rule.name());
        }
        return keys;
    }
}
