package io.trailkeeper.detect.alert;

import io.trailkeeper.detect.Match;
import io.trailkeeper.detect.SigmaRule;
import io.trailkeeper.events.CloudTrailEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One alert per incident of a correlation. An event_count or value_count correlation fires on a set of events
 * and starts again empty ({@code CorrelationRunner}), so a burst of 7,000 reads by one principal against "more
 * than 100 within 5 minutes" fires 69 times on 69 disjoint sets: each is a match as Sigma counts it, but no two
 * share a record, so the ledger could not tell they are one incident. Here the matches of one correlation rule
 * with the same group-by values whose events are within the rule's timespan of each other (overlapping or
 * adjacent windows) become one match holding all their events; the alert then says how many events and from
 * when to when. Matches of detection rules, and of correlations apart in time, pass unchanged.
 */
public final class CorrelationIncidents {
    private CorrelationIncidents() {
    }

    /** The matches with each incident's matches made one, in the order of each incident's first match. */
    public static List<Match> merge(List<Match> matches) {
        Map<SigmaRule, Map<List<String>, List<Match>>> byRuleAndGroup = new IdentityHashMap<>();
        Map<Match, List<Match>> incidentOf = new IdentityHashMap<>();
        for (Match m : matches) {
            if (correlated(m)) {
                byRuleAndGroup.computeIfAbsent(m.rule(), r -> new LinkedHashMap<>())
                        .computeIfAbsent(m.group(), g -> new ArrayList<>()).add(m);
            }
        }
        for (Map<List<String>, List<Match>> groups : byRuleAndGroup.values()) {
            groups.values().forEach(g -> incidents(g).forEach(i -> incidentOf.put(i.get(0), i)));
        }
        List<Match> out = new ArrayList<>(matches.size());
        for (Match m : matches) {
            List<Match> incident = incidentOf.get(m);
            if (!correlated(m)) {
                out.add(m);
            } else if (incident != null) {
                out.add(asOne(incident));
            } // else: a later match of an incident, given with its first
        }
        return out;
    }

    static boolean correlated(Match m) {
        return m.rule().correlation() != null && first(m) != null;
    }

    /** The matches of one rule and group, earliest first, cut where one begins later than a timespan after the last. */
    private static List<List<Match>> incidents(List<Match> group) {
        List<Match> sorted = new ArrayList<>(group);
        sorted.sort(Comparator.comparing(CorrelationIncidents::first));
        Duration timespan = sorted.get(0).rule().correlation().timespan();
        List<List<Match>> out = new ArrayList<>();
        List<Match> current = null;
        Instant end = null;
        for (Match m : sorted) {
            if (current == null || !continues(end, timespan, m)) {
                current = new ArrayList<>();
                out.add(current);
                end = last(m);
            }
            current.add(m);
            if (last(m).isAfter(end)) {
                end = last(m);
            }
        }
        return out;
    }

    /**
     * Whether a match of an incident's rule and group belongs to it: its events begin within the rule's timespan of
     * the incident's last event, {@code end} (overlapping or adjacent windows).
     */
    static boolean continues(Instant end, Duration timespan, Match m) {
        return !first(m).isAfter(end.plus(timespan));
    }

    /** The incident's matches, earliest first, as one match (a match alone as it is). */
    static Match asOne(List<Match> incident) {
        return incident.size() == 1 ? incident.get(0) : one(incident);
    }

    /** The incident's matches, earliest first, as one match: every event, the last one first, each once. */
    private static Match one(List<Match> incident) {
        List<CloudTrailEvent> events = new ArrayList<>();
        java.util.Set<CloudTrailEvent> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = incident.size() - 1; i >= 0; i--) {
            for (CloudTrailEvent e : incident.get(i).events()) {
                if (seen.add(e)) {
                    events.add(e);
                }
            }
        }
        events.sort(Comparator.comparing(CloudTrailEvent::eventTime).reversed());
        return new Match(incident.get(0).rule(), events, incident.get(0).group());
    }

    static Instant first(Match m) {
        return m.events().get(m.events().size() - 1).eventTime();
    }

    static Instant last(Match m) {
        return m.event().eventTime();
    }
}
