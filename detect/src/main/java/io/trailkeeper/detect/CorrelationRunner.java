package io.trailkeeper.detect;

import io.trailkeeper.detect.CorrelationWindow.Hit;
import io.trailkeeper.detect.CorrelationWindow.Seen;
import io.trailkeeper.events.CloudTrailEvent;
import java.util.ArrayList;
import java.util.Comparator;
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
        Map<List<String>, CorrelationWindow> windows = new HashMap<>();
        for (int n = 0; n < count; n++) {
            Hit h;
            if (sorted != null) {
                h = new Hit(sorted[n].event().eventTime(), 0, sorted[n], null);
            } else {
                h = input.get(n);
                input.set(n, null); // what a window does not hold is let go as the evaluation goes
            }
            List<String> group = group(groupBy, h.last());
            CorrelationWindow window = windows.computeIfAbsent(group, k -> new CorrelationWindow(valueCount, ordered));
            List<Hit> fired = window.step(c, h, field);
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
