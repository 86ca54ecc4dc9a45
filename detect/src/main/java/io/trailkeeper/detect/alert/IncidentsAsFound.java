package io.trailkeeper.detect.alert;

import io.trailkeeper.detect.Match;
import io.trailkeeper.detect.SigmaRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * {@link CorrelationIncidents#merge} for matches given one at a time in time order (by the time of the match's
 * event, as {@code detect} writes them), holding only the incidents still open: a watch round over a store of
 * millions of events found 1.46 million matches, which the merge of a list needed all at once. A detection rule's
 * match is given on at once; a correlation's is held with the others of its incident (the same rule and group-by
 * values, each within the rule's timespan of the incident's events) until a match more than two timespans past
 * the incident's last event comes (or {@link #finish}): no later match of its group can begin within a timespan
 * of it then, since a correlation's events lie within a timespan of its match's event.
 */
public final class IncidentsAsFound {
    private final Consumer<Match> out;
    private final Map<SigmaRule, Map<List<String>, Incident>> open = new IdentityHashMap<>();
    /** The open incidents by when they may be closed (an incident that grew since is put back). */
    private final PriorityQueue<Closing> byClosing = new PriorityQueue<>(
            java.util.Comparator.comparing(Closing::after));
    private int held;

    /** @param out each detection match, and each incident as one match, once it is complete */
    public IncidentsAsFound(Consumer<Match> out) {
        this.out = out;
    }

    /** Takes the next match; its time is not before the matches given before it (those without a time come last). */
    public void add(Match m) {
        Instant now = m.event().eventTime();
        if (now != null) {
            closeBefore(now);
        }
        if (!CorrelationIncidents.correlated(m)) {
            out.accept(m);
            return;
        }
        Map<List<String>, Incident> groups = open.computeIfAbsent(m.rule(), r -> new java.util.HashMap<>());
        Incident incident = groups.get(m.group());
        if (incident != null && CorrelationIncidents.continues(incident.end, incident.timespan, m)) {
            incident.add(m);
        } else {
            if (incident != null) {
                close(incident);
            }
            incident = new Incident(m);
            groups.put(m.group(), incident);
            byClosing.add(new Closing(incident.closesAfter(), incident));
        }
        held++;
    }

    /** Gives out every incident still open. */
    public void finish() {
        List<Incident> rest = new ArrayList<>();
        open.values().forEach(groups -> rest.addAll(groups.values()));
        rest.sort(java.util.Comparator.comparing(i -> CorrelationIncidents.first(i.matches.get(0))));
        rest.forEach(this::close);
    }

    /** How many correlation matches the open incidents hold. */
    public int held() {
        return held;
    }

    private void closeBefore(Instant now) {
        while (!byClosing.isEmpty() && now.isAfter(byClosing.peek().after())) {
            Incident i = byClosing.poll().incident();
            if (i.closed) {
                continue;
            }
            if (now.isAfter(i.closesAfter())) {
                close(i);
            } else {
                byClosing.add(new Closing(i.closesAfter(), i)); // it grew since it was queued
            }
        }
    }

    private void close(Incident i) {
        if (i.closed) {
            return;
        }
        i.closed = true;
        Map<List<String>, Incident> groups = open.get(i.matches.get(0).rule());
        groups.remove(i.matches.get(0).group(), i);
        held -= i.matches.size();
        out.accept(CorrelationIncidents.asOne(i.matches));
    }

    /** When an incident may be closed, as it was when queued. */
    private record Closing(Instant after, Incident incident) {
    }

    /** The matches of one incident so far, and its last event's time. */
    private static final class Incident {
        final List<Match> matches = new ArrayList<>();
        final Duration timespan;
        Instant end;
        boolean closed;

        Incident(Match m) {
            timespan = m.rule().correlation().timespan();
            end = CorrelationIncidents.last(m);
            matches.add(m);
        }

        void add(Match m) {
            matches.add(m);
            if (CorrelationIncidents.last(m).isAfter(end)) {
                end = CorrelationIncidents.last(m);
            }
        }

        Instant closesAfter() {
            return end.plus(timespan).plus(timespan);
        }
    }
}
