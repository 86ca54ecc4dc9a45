package io.trailkeeper.detect;

import io.trailkeeper.detect.CorrelationWindow.Hit;
import io.trailkeeper.detect.CorrelationWindow.Seen;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One correlation rule as {@link CorrelationRunner} evaluates it, an instant at a time: its windows, one per
 * group-by value, in the order they were last stepped (which, instants coming in time order, is the order of
 * their newest hit), so that the groups whose newest hit left the timespan are let go from the front.
 */
final class CorrelationPlan {
    final SigmaRule rule;
    final Correlation correlation;
    /** The names other rules may refer to this one by: its id and its name. */
    final List<String> keys;
    private final boolean emits;
    private final boolean valueCount;
    private final int ordered;
    /** The counted field and the group-by fields, as indexes into the runner's paths (-1: none). */
    private final int field;
    private final int[] groupBy;
    private final Map<List<String>, CorrelationWindow> windows = new LinkedHashMap<>(16, 0.75f, true);

    CorrelationPlan(SigmaRule rule, boolean emits, List<String> paths) {
        this.rule = rule;
        this.correlation = rule.correlation();
        this.keys = keys(rule);
        this.emits = emits;
        this.valueCount = correlation.type() == Correlation.Type.VALUE_COUNT;
        this.ordered = correlation.type() == Correlation.Type.TEMPORAL_ORDERED ? correlation.rules().size() : 0;
        this.field = correlation.field() == null ? -1 : paths.indexOf(correlation.field());
        this.groupBy = correlation.groupBy().stream().mapToInt(paths::indexOf).toArray();
    }

    /**
     * Steps the hits of one instant (in their order: rule, then record hash) through their groups' windows; each
     * fire goes to {@code fired} (for the correlations that read this one) and, when the rule emits, to {@code out}.
     */
    void step(List<Hit> input, Consumer<Hit> fired, Consumer<Match> out) {
        for (Hit h : input) {
            List<String> group = group(h.last());
            CorrelationWindow window = windows.computeIfAbsent(group, k -> new CorrelationWindow(valueCount, ordered));
            List<Hit> hits = window.step(correlation, h, field);
            if (window.isEmpty()) {
                windows.remove(group);
            }
            if (hits != null) {
                List<Seen> events = new ArrayList<>();
                for (int i = hits.size() - 1; i >= 0; i--) {
                    events.addAll(hits.get(i).events());
                }
                fired.accept(new Hit(h.time(), 0, events.get(0), events));
                if (emits) {
                    out.accept(new Match(rule, events.stream().map(Seen::event).toList(), group));
                }
            }
        }
    }

    /**
     * Lets go of the groups whose newest hit is more than the timespan before {@code now}: a later hit of the group
     * would drop all they hold before counting (a window keeps hits no older than its timespan, and a chain that
     * starts before it is never continued), so they can no longer make the rule fire.
     */
    void evict(Instant now) {
        Instant start = now.minus(correlation.timespan());
        Iterator<CorrelationWindow> oldestFirst = windows.values().iterator();
        while (oldestFirst.hasNext()) {
            if (!oldestFirst.next().newest().isBefore(start)) {
                return;
            }
            oldestFirst.remove();
        }
    }

    /** The hits the windows hold. */
    int held() {
        return windows.values().stream().mapToInt(CorrelationWindow::held).sum();
    }

    void clear() {
        windows.clear();
    }

    /** The group-by values of the event ("" for a missing field). */
    private List<String> group(Seen event) {
        if (groupBy.length == 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>(groupBy.length);
        for (int f : groupBy) {
            List<String> values = event.values()[f];
            out.add(values.isEmpty() || values.get(0) == null ? "" : values.get(0));
        }
        return out;
    }

    static List<String> keys(SigmaRule rule) {
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
