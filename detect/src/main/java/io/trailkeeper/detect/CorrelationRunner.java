package io.trailkeeper.detect;

import io.trailkeeper.events.CloudTrailEvent;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Correlation rules over the matches of the rules they name (detections or other correlations), by event time:
 * event_count and value_count fire when the count in a sliding timespan reaches the threshold, temporal when
 * every rule matched within the timespan, temporal_ordered when they matched in order within it. A window
 * that fired starts again empty, so one burst gives one match. Events without a time are not correlated.
 */
final class CorrelationRunner {
    /** A match of a rule: its time (of the event that completed it) and its events, last first. */
    private record Hit(Instant time, int order, List<CloudTrailEvent> events) {
        CloudTrailEvent last() {
            return events.get(0);
        }
    }

    private final List<SigmaRule> rules;
    private final Set<String> referenced;
    private final Set<String> generated;
    private final Map<String, List<Hit>> hits = new HashMap<>();

    CorrelationRunner(List<SigmaRule> rules, Set<String> referenced, Set<String> generated) {
        this.rules = rules;
        this.referenced = referenced;
        this.generated = generated;
    }

    void hit(SigmaRule rule, CloudTrailEvent event) {
        if (event.eventTime() == null) {
            return;
        }
        Hit h = new Hit(event.eventTime(), 0, List.of(event));
        for (String key : keys(rule)) {
            hits.computeIfAbsent(key, k -> new ArrayList<>()).add(h);
        }
    }

    void run(Consumer<Match> out) {
        Set<SigmaRule> done = new HashSet<>();
        Set<SigmaRule> running = new HashSet<>();
        for (SigmaRule r : rules) {
            evaluate(r, done, running, out);
        }
        hits.clear();
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
            for (Hit h : hits.getOrDefault(name, List.of())) {
                input.add(new Hit(h.time(), i, h.events()));
            }
        }
        input.sort(Comparator.comparing(Hit::time).thenComparingInt(Hit::order));
        boolean emits = !(referenced.contains(rule.id()) || referenced.contains(rule.name()))
                || generated.contains(rule.id()) || generated.contains(rule.name());
        Map<List<String>, Deque<Hit>> windows = new LinkedHashMap<>();
        for (Hit h : input) {
            List<String> group = group(c, h.last());
            Deque<Hit> window = windows.computeIfAbsent(group, k -> new ArrayDeque<>());
            List<Hit> fired = step(c, window, h);
            if (fired != null) {
                List<CloudTrailEvent> events = new ArrayList<>();
                for (int i = fired.size() - 1; i >= 0; i--) {
                    events.addAll(fired.get(i).events());
                }
                Hit result = new Hit(h.time(), 0, events);
                for (String key : keys(rule)) {
                    hits.computeIfAbsent(key, k -> new ArrayList<>()).add(result);
                }
                if (emits) {
                    out.accept(new Match(rule, events, group));
                }
            }
        }
        running.remove(rule);
        done.add(rule);
    }

    /** Adds the hit to its group's window; the hits that made the rule fire, oldest first, or null. */
    private static List<Hit> step(Correlation c, Deque<Hit> window, Hit h) {
        Instant start = h.time().minus(c.timespan());
        if (c.type() == Correlation.Type.TEMPORAL_ORDERED) {
            if (!window.isEmpty() && window.peekFirst().time().isBefore(start)) {
                window.clear();
            }
            if (h.order() == window.size()) {
                window.addLast(h);
            } else if (h.order() == 0) {
                window.clear();
                window.addLast(h);
            }
            return window.size() == c.rules().size() ? drain(window) : null;
        }
        window.addLast(h);
        while (window.peekFirst().time().isBefore(start)) {
            window.removeFirst();
        }
        boolean fires = switch (c.type()) {
            case EVENT_COUNT -> c.condition().test(window.size());
            case VALUE_COUNT -> c.condition().test(distinct(window, c.field()));
            default -> window.stream().map(Hit::order).distinct().count() == c.rules().size();
        };
        return fires ? drain(window) : null;
    }

    private static List<Hit> drain(Deque<Hit> window) {
        List<Hit> out = new ArrayList<>(window);
        window.clear();
        return out;
    }

    private static long distinct(Deque<Hit> window, String field) {
        Set<String> values = new HashSet<>();
        for (Hit h : window) {
            new EventView(h.last()).values(field).forEach(v -> {
                if (!v.isNull()) {
                    values.add(EventView.text(v));
                }
            });
        }
        return values.size();
    }

    /** The group-by values of the event ("" for a missing field). */
    private static List<String> group(Correlation c, CloudTrailEvent event) {
        if (c.groupBy().isEmpty()) {
            return List.of();
        }
        EventView view = new EventView(event);
        List<String> out = new ArrayList<>();
        for (String field : c.groupBy()) {
            var values = view.values(field);
            out.add(values.isEmpty() || values.get(0).isNull() ? "" : EventView.text(values.get(0)));
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
