package io.trailkeeper.detect;

import io.trailkeeper.detect.CorrelationWindow.Hit;
import io.trailkeeper.detect.CorrelationWindow.Seen;
import io.trailkeeper.events.CloudTrailEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Correlation rules over the matches of the rules they name (detections or other correlations), by event time:
 * event_count and value_count fire when the count in a sliding timespan reaches the threshold, temporal when
 * enough of the rules (by default all) matched within the timespan, temporal_ordered when enough of them
 * matched in the order listed within it, other hits in between allowed. A window that fired starts again
 * empty, so one burst gives one match per window. Events without a time are not correlated.
 *
 * <p>The hits are evaluated an instant (one event time) at a time, oldest first: within an instant in the order
 * of the rules a correlation lists, then by record hash as the SQL backend orders them, so the windows are the
 * same whatever order the events came in; every correlation after the ones it reads, so a correlation over
 * correlations sees their fires of that instant. In time order ({@link #advance}) an instant is evaluated once
 * the events are {@link #SLACK} past it, and a group's state is let go once its newest hit is a timespan old:
 * what is held is hits of the last two timespans at most (a group keeps the timespan before its own newest hit),
 * not of the whole run. Otherwise everything waits for {@link #run}.
 */
final class CorrelationRunner {
    /** How far before the latest event an event may still come to an engine fed in time order. */
    static final Duration SLACK = Duration.ofSeconds(1);
    private static final Comparator<Hit> BY_RULE_THEN_HASH = Comparator.comparingInt(Hit::order)
            .thenComparing(h -> h.last().event().recordHash(), Match::compareRecordHashes);

    /** A detection rule's match, waiting for its instant to be evaluated. */
    private record Arrival(SigmaRule rule, Seen seen) {
        Instant time() {
            return seen.event().eventTime();
        }
    }

    /** The fields that correlations group by or count, read from each matched event once. */
    private final List<String> paths;
    /** The correlations, each after the ones it reads. */
    private final List<CorrelationPlan> plans;
    /** Out of time order: each correlation's matches until {@link #run}, to give them out rule by rule. */
    private final List<List<Match>> untilTheEnd;
    private final Map<SigmaRule, List<String>> keysOf = new IdentityHashMap<>();
    private final List<Arrival> pending = new ArrayList<>();
    /** Where the pending arrivals not yet evaluated start in {@link #pending}, and whether they are in time order. */
    private int head;
    private boolean pendingSorted = true;
    /** In time order: the latest event time seen, and the time before which every instant was evaluated. */
    private Instant latest;
    private Instant settled;
    private CloudTrailEvent lastEvent;
    private Seen lastSeen;
    /** One copy of each repeated text of the kept summaries and values (names, regions, principals, keys, IPs). */
    private final Map<String, String> shared = new HashMap<>();

    CorrelationRunner(List<SigmaRule> rules, Set<String> referenced, Set<String> generated, boolean inTimeOrder) {
        Set<String> fields = new java.util.LinkedHashSet<>();
        for (SigmaRule r : rules) {
            fields.addAll(r.correlation().groupBy());
            if (r.correlation().field() != null) {
                fields.add(r.correlation().field());
            }
        }
        this.paths = List.copyOf(fields);
        List<CorrelationPlan> ordered = new ArrayList<>();
        Set<SigmaRule> running = new HashSet<>();
        for (SigmaRule r : rules) {
            order(r, rules, ordered, running, referenced, generated);
        }
        this.plans = List.copyOf(ordered);
        this.untilTheEnd = inTimeOrder ? null : new ArrayList<>();
        for (int i = 0; untilTheEnd != null && i < plans.size(); i++) {
            untilTheEnd.add(new ArrayList<>());
        }
    }

    /** Adds the rule's plan after the plans of the correlations it reads (a rule in a cycle reads what came before). */
    private void order(SigmaRule rule, List<SigmaRule> rules, List<CorrelationPlan> ordered, Set<SigmaRule> running,
                       Set<String> referenced, Set<String> generated) {
        if (ordered.stream().anyMatch(p -> p.rule == rule) || !running.add(rule)) {
            return;
        }
        for (String name : rule.correlation().rules()) {
            for (SigmaRule inner : rules) {
                if (name.equals(inner.id()) || name.equals(inner.name())) {
                    order(inner, rules, ordered, running, referenced, generated);
                }
            }
        }
        boolean emits = !(referenced.contains(rule.id()) || referenced.contains(rule.name()))
                || generated.contains(rule.id()) || generated.contains(rule.name());
        ordered.add(new CorrelationPlan(rule, emits, paths));
        running.remove(rule);
    }

    /** Counts a detection rule's match of the event. */
    void hit(SigmaRule rule, CloudTrailEvent event) {
        Instant time = event.eventTime();
        if (time == null) {
            return;
        }
        if (event != lastEvent) {
            lastSeen = seen(event);
            lastEvent = event;
        }
        if (pending.size() > head && time.isBefore(pending.get(pending.size() - 1).time())) {
            pendingSorted = false;
        }
        pending.add(new Arrival(rule, lastSeen));
    }

    /**
     * For events in time order: the event is next; the instants more than {@link #SLACK} before it are evaluated,
     * their correlations' matches go to {@code out}.
     *
     * @throws EventsOutOfTimeOrderException when the event is more than {@link #SLACK} older than one before it
     */
    void advance(CloudTrailEvent event, Consumer<Match> out) {
        Instant now = event.eventTime();
        if (now == null) {
            return;
        }
        if (settled != null && now.isBefore(settled)) {
            throw new EventsOutOfTimeOrderException("event " + event.eventId() + " at " + now + " came after one at "
                    + latest + ": correlations over events in time order need them sorted by eventTime ("
                    + SLACK.toSeconds() + " s out of order at most)");
        }
        if (latest == null || now.isAfter(latest)) {
            latest = now;
            settled = now.minus(SLACK);
            evaluate(settled, out);
        }
    }

    /** In time order, the time before which every match has gone out (null: none yet). */
    Instant settled() {
        return settled;
    }

    /** Evaluates every hit not evaluated yet, gives out what is held, and starts again empty. */
    void run(Consumer<Match> out) {
        evaluate(null, out);
        if (untilTheEnd != null) {
            for (List<Match> matches : untilTheEnd) {
                matches.forEach(out);
                matches.clear();
            }
        }
        plans.forEach(CorrelationPlan::clear);
        pending.clear();
        head = 0;
        pendingSorted = true;
        latest = null;
        settled = null;
        lastEvent = null;
        lastSeen = null;
        shared.clear();
    }

    /** The hits held: waiting for their instant, or in the correlations' windows (for tests). */
    int held() {
        return pending.size() - head + plans.stream().mapToInt(CorrelationPlan::held).sum();
    }

    /** Evaluates the pending instants before {@code before} (all of them when null), oldest first. */
    private void evaluate(Instant before, Consumer<Match> out) {
        if (!pendingSorted) {
            pending.subList(head, pending.size()).sort(Comparator.comparing(Arrival::time)); // stable: arrival order kept
            pendingSorted = true;
        }
        while (head < pending.size() && (before == null || pending.get(head).time().isBefore(before))) {
            Instant t = pending.get(head).time();
            int end = head + 1;
            while (end < pending.size() && pending.get(end).time().equals(t)) {
                end++;
            }
            instant(t, pending.subList(head, end), out);
            head = end;
        }
        if (before != null) {
            plans.forEach(p -> p.evict(before));
        }
        if (head == pending.size()) {
            pending.clear();
            head = 0;
        } else if (head > 4096 && head > pending.size() / 2) {
            pending.subList(0, head).clear();
            head = 0;
        }
    }

    /** The hits of one event time through every correlation, in order. */
    private void instant(Instant t, List<Arrival> arrivals, Consumer<Match> out) {
        Map<String, List<Seen>> detected = new HashMap<>();
        for (Arrival a : arrivals) {
            for (String key : keysOf.computeIfAbsent(a.rule(), CorrelationPlan::keys)) {
                detected.computeIfAbsent(key, k -> new ArrayList<>()).add(a.seen());
            }
        }
        Map<String, List<Hit>> fired = new HashMap<>();
        for (int p = 0; p < plans.size(); p++) {
            CorrelationPlan plan = plans.get(p);
            List<Hit> input = input(plan.correlation, t, detected, fired);
            if (!input.isEmpty()) {
                plan.step(input, h -> plan.keys.forEach(k -> fired.computeIfAbsent(k, x -> new ArrayList<>()).add(h)),
                        untilTheEnd == null ? out : untilTheEnd.get(p)::add);
            }
            plan.evict(t);
        }
    }

    /** The correlation's hits at {@code t}: of each rule it names, in the order named, detections before fires. */
    private static List<Hit> input(Correlation c, Instant t, Map<String, List<Seen>> detected,
                                   Map<String, List<Hit>> fired) {
        List<Hit> input = new ArrayList<>();
        for (int i = 0; i < c.rules().size(); i++) {
            String name = c.rules().get(i);
            for (Seen s : detected.getOrDefault(name, List.of())) {
                input.add(new Hit(t, i, s, null));
            }
            for (Hit h : fired.getOrDefault(name, List.of())) {
                input.add(i == 0 ? h : new Hit(h.time(), i, h.last(), h.all()));
            }
        }
        if (input.size() > 1) {
            input.sort(BY_RULE_THEN_HASH);
        }
        return input;
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

    /** The one copy of the text; past {@link InMemoryEngine#SHARED_TEXTS} texts, a new one is kept as it is. */
    private String share(String text) {
        String kept = shared.get(text);
        if (kept != null) {
            return kept;
        }
        if (shared.size() < InMemoryEngine.SHARED_TEXTS) {
            shared.put(text, text);
        }
        return text;
    }
}
