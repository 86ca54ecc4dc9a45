package io.trailkeeper.detect;

import io.trailkeeper.detect.FieldValues.FieldTest;
import io.trailkeeper.events.CloudTrailEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Runs a set of Sigma rules over a stream of events, all rules in one pass: each rule is compiled once, rules
 * are looked up by the event's eventName (or eventSource) so that an event meets only the rules it could
 * match, and the record is parsed at most once per event, only when some rule needs a field.
 *
 * <p>Detection matches are delivered from {@link #accept}; correlation rules fire from {@link #finish}, which
 * orders the matches of the rules they correlate by event time. An engine made by {@link #forEventsInTimeOrder}
 * takes the events sorted by time and evaluates the correlations as time passes: their matches are delivered
 * from {@link #accept} too, and what they hold is the matches of their timespan, not of every event given.
 * Following the Sigma specification, a rule that a correlation refers to does not produce matches of its own
 * unless a correlation referring to it says {@code generate: true}.
 *
 * <p>Not thread-safe: use one engine per thread.
 */
public final class InMemoryEngine {
    private record Compiled(SigmaRule rule, FieldTest test, boolean emits, boolean correlated) {
    }

    private static final Compiled[] NONE = new Compiled[0];
    /** Distinct texts kept for sharing among the matches' summaries; past this, a new text is kept as it is. */
    static final int SHARED_TEXTS = 100_000;
    /** How far out of time order the events of {@link #forEventsInTimeOrder} may come. */
    public static final java.time.Duration TIME_ORDER_SLACK = CorrelationRunner.SLACK;

    private final Map<String, Compiled[]> byName = new HashMap<>();
    private final Map<String, Compiled[]> bySource = new HashMap<>();
    private final Compiled[] always;
    private final CorrelationRunner correlations;
    private final boolean inTimeOrder;
    private final PathFilter paths;
    /** The rules by eventName as the events write it (the lower-casing done once per distinct name). */
    private final Map<String, Compiled[]> byNameAsWritten = new HashMap<>();
    private final Map<String, Compiled[]> bySourceAsWritten = new HashMap<>();
    /**
     * One copy of each repeated text (region, call, account, principal, IP...) among the summaries the matches keep:
     * a run holds its matches until it sorts them, and a noisy rule (SigmaHQ's AssumeRole misuse matched 1.16
     * million of 2 million events) held nine strings of its own per match, 600 of about 900 bytes.
     */
    private final Map<String, String> texts = new HashMap<>();

    public InMemoryEngine(RuleSet rules) {
        this(rules.rules());
    }

    public InMemoryEngine(List<SigmaRule> rules) {
        this(rules, false);
    }

    /**
     * An engine for events given in time order (by eventTime, at most {@link #TIME_ORDER_SLACK} out of order; events
     * without a time anywhere): the correlations are evaluated as the events arrive, and a correlation's match is
     * delivered from {@link #accept} once the events are {@link #TIME_ORDER_SLACK} past its time, before the matches of
     * the event that passed it ({@link #settled()} says up to when all matches are out). An event further out of
     * order is refused with an {@link EventsOutOfTimeOrderException}.
     */
    public static InMemoryEngine forEventsInTimeOrder(List<SigmaRule> rules) {
        return new InMemoryEngine(rules, true);
    }

    private InMemoryEngine(List<SigmaRule> rules, boolean inTimeOrder) {
        this.inTimeOrder = inTimeOrder;
        List<SigmaRule> correlationRules = rules.stream().filter(r -> r.correlation() != null).toList();
        Set<String> referenced = new HashSet<>();
        Set<String> generated = new HashSet<>();
        for (SigmaRule c : correlationRules) {
            referenced.addAll(c.correlation().rules());
            if (c.correlation().generate()) {
                generated.addAll(c.correlation().rules());
            }
        }
        Map<String, List<Compiled>> names = new HashMap<>();
        Map<String, List<Compiled>> sources = new HashMap<>();
        List<Compiled> rest = new ArrayList<>();
        Set<String> fields = new HashSet<>();
        for (SigmaRule r : rules) {
            if (r.detection() == null) {
                continue;
            }
            fields.addAll(fields(r.detection()));
            boolean correlated = referenced.contains(r.id()) || referenced.contains(r.name());
            boolean emits = !correlated || generated.contains(r.id()) || generated.contains(r.name());
            Compiled c = new Compiled(r, CompiledDetection.compile(r.detection()), emits, correlated);
            Set<String> eventNames = CompiledDetection.required(r.detection(), "eventName");
            Set<String> eventSources = eventNames == null ? CompiledDetection.required(r.detection(), "eventSource")
                    : null;
            if (eventNames != null) {
                eventNames.forEach(n -> names.computeIfAbsent(n, k -> new ArrayList<>()).add(c));
            } else if (eventSources != null) {
                eventSources.forEach(n -> sources.computeIfAbsent(n, k -> new ArrayList<>()).add(c));
            } else {
                rest.add(c);
            }
        }
        names.forEach((k, v) -> byName.put(k, v.toArray(NONE)));
        sources.forEach((k, v) -> bySource.put(k, v.toArray(NONE)));
        always = rest.toArray(NONE);
        correlations = new CorrelationRunner(correlationRules, referenced, generated, inTimeOrder);
        paths = PathFilter.of(fields);
    }

    /** The field paths a detection reads (its fields and the fields its |fieldref values name). */
    static Set<String> fields(Detection d) {
        Set<String> out = new HashSet<>();
        for (Detection.Search s : d.searches().values()) {
            for (Detection.FieldGroup g : s.alternatives()) {
                for (Detection.FieldMatch m : g.matches()) {
                    out.add(m.field());
                    if (m.has(Detection.Modifier.FIELDREF)) {
                        m.values().forEach(v -> out.add(String.valueOf(v)));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Evaluates every detection rule against the event; matches go to {@code out} at once. In time order, the
     * correlations' matches of the instants the event passed go first.
     */
    public void accept(CloudTrailEvent event, Consumer<Match> out) {
        if (inTimeOrder) {
            correlations.advance(event, out);
        }
        detect(event, out, correlations::hit);
    }

    /**
     * For an engine of {@link #forEventsInTimeOrder}: every match with a time before this one has been delivered
     * (null until an event with a time came); the matches of events without a time excepted.
     */
    public java.time.Instant settled() {
        return correlations.settled();
    }

    /** The correlated matches the engine holds (for tests of what it lets go). */
    int correlationsHeld() {
        return correlations.held();
    }

    /**
     * The detection rules only: matches go to {@code out}, the matches that correlations count to
     * {@code hits} (for {@link #hit} on the engine that runs the correlations, in event order). Touches no
     * correlation state: with {@link ParallelEngine}, engines detect on several threads, one each.
     */
    void detect(CloudTrailEvent event, Consumer<Match> out, BiConsumer<SigmaRule, CloudTrailEvent> hits) {
        EventView view = new EventView(event, paths);
        String name = event.eventName();
        if (name != null) {
            run(lookup(byNameAsWritten, byName, name), view, out, hits);
        }
        String source = event.eventSource();
        if (source != null && !bySource.isEmpty()) {
            run(lookup(bySourceAsWritten, bySource, source), view, out, hits);
        }
        run(always, view, out, hits);
        view.release();
    }

    /** Counts a match of a correlated rule found by {@link #detect}. */
    void hit(SigmaRule rule, CloudTrailEvent event) {
        correlations.hit(rule, event);
    }

    private static Compiled[] lookup(Map<String, Compiled[]> asWritten, Map<String, Compiled[]> lowerCase,
            String value) {
        Compiled[] found = asWritten.get(value);
        if (found == null) {
            found = lowerCase.getOrDefault(value.toLowerCase(Locale.ROOT), NONE);
            if (asWritten.size() < 100_000) {
                asWritten.put(value, found);
            }
        }
        return found;
    }

    private void run(Compiled[] rules, EventView view, Consumer<Match> out,
            BiConsumer<SigmaRule, CloudTrailEvent> hits) {
        for (Compiled c : rules) {
            if (c.test.test(view)) {
                if (c.emits) {
                    // the match keeps the event's summary: a run may hold many matches until it sorts them
                    out.accept(new Match(c.rule, List.of(view.event().summary(this::share)), List.of()));
                }
                if (c.correlated) {
                    hits.accept(c.rule, view.event());
                }
            }
        }
    }

    private String share(String text) {
        String kept = texts.get(text);
        if (kept != null) {
            return kept;
        }
        if (texts.size() < SHARED_TEXTS) {
            texts.put(text, text);
        }
        return text;
    }

    /**
     * Evaluates the correlation rules over the matches collected since the last call (in time order: those not
     * evaluated yet), sliding each timespan by event time, and forgets them.
     */
    public void finish(Consumer<Match> out) {
        correlations.run(out);
    }
}
