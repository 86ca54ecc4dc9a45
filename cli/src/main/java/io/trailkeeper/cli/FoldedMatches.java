package io.trailkeeper.cli;

import io.trailkeeper.detect.Match;
import io.trailkeeper.detect.SigmaRule;
import io.trailkeeper.events.CloudTrailEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * detect's table with repeated matches folded: one line per rule and principal (a correlation's per rule and group-by
 * values), saying how many matches it stands for, from when to when, and a few of the regions, addresses, calls and
 * resources. In an S3 ransomware drill the SSE-C rule raised 180 lines, one per object, and a correlation firing again
 * as events arrived raised 18 lines for 2 stolen keys: the line that mattered drowned. A line is held until the pass
 * ends (its count and last time are known only then), but it keeps only capped samples, never the matches.
 */
final class FoldedMatches {
    /** The folded table's columns ({@link #rows}). */
    static final List<String> COLUMNS = List.of("first", "last", "matches", "level", "rule", "author", "attack",
            "region", "principal", "source_ip", "event", "resource", "correlation", "rule_id");
    private static final int SHOWN = 3;
    private static final int KEPT = 10_000;

    private final Map<SigmaRule, Map<List<Object>, Line>> lines = new IdentityHashMap<>();

    /** Takes the next match. */
    void add(Match m) {
        CloudTrailEvent e = m.event();
        // a correlation's events share its group-by values, not always a principal: its line is its group's
        List<Object> key = m.rule().correlation() != null ? List.of("group", m.group())
                : java.util.Arrays.asList("principal", principal(e));
        lines.computeIfAbsent(m.rule(), r -> new LinkedHashMap<>()).computeIfAbsent(key, k -> new Line(m)).add(m);
    }

    /** How many lines the matches taken fold into. */
    int lines() {
        return lines.values().stream().mapToInt(Map::size).sum();
    }

    /** Gives each line as the table shows it, by first time, then rule title, principal and group. */
    void rows(Consumer<List<Object>> out) {
        List<Line> all = new ArrayList<>();
        lines.values().forEach(byKey -> all.addAll(byKey.values()));
        all.sort(Comparator.comparing((Line l) -> l.first, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(l -> l.sample.rule().title())
                .thenComparing(l -> String.valueOf(principal(l.sample.event())))
                .thenComparing(l -> String.join(", ", l.sample.group())));
        all.forEach(l -> out.accept(l.row()));
    }

    private static String principal(CloudTrailEvent e) {
        return e.principalArn() != null ? e.principalArn() : e.userName();
    }

    /** One line: the rule's match first taken, how many, when, and samples of what varies. */
    private static final class Line {
        final Match sample;
        Match widest;
        long count;
        Instant first;
        Instant last;
        final Samples regions = new Samples();
        final Samples principals = new Samples();
        final Samples addresses = new Samples();
        final Samples calls = new Samples();
        final Samples resources = new Samples();

        Line(Match m) {
            sample = m;
            widest = m;
        }

        void add(Match m) {
            count++;
            if (m.events().size() > widest.events().size()) {
                widest = m;
            }
            for (CloudTrailEvent e : m.events()) {
                Instant t = e.eventTime();
                if (t != null && (first == null || t.isBefore(first))) {
                    first = t;
                }
                if (t != null && (last == null || t.isAfter(last))) {
                    last = t;
                }
                regions.add(e.awsRegion());
                principals.add(principal(e));
                addresses.add(e.sourceIp());
                calls.add(e.eventName());
                List<String> named = e.resources();
                for (String r : named) {
                    // a bucket and key named beside their ARNs are one resource, not three
                    if (named.stream().noneMatch(w -> w.length() > r.length() && w.endsWith(r))) {
                        resources.add(r);
                    }
                }
            }
        }

        List<Object> row() {
            List<Object> row = new ArrayList<>(COLUMNS.size());
            row.add(first);
            row.add(last);
            row.add(count);
            row.add(sample.rule().level());
            row.add(sample.rule().title());
            row.add(sample.rule().author());
            row.add(String.join(" ", sample.rule().attackTags()));
            row.add(regions.text());
            row.add(principals.text());
            row.add(addresses.text());
            row.add(calls.text());
            row.add(resources.text());
            row.add(DetectCommand.correlation(widest));
            row.add(sample.rule().id());
            return row;
        }
    }

    /** Distinct values in the order first seen: a few shown, the rest counted (up to {@value #KEPT}). */
    private static final class Samples {
        final Set<String> values = new LinkedHashSet<>();
        boolean capped;

        void add(String v) {
            if (v == null || values.contains(v)) {
                return;
            }
            if (values.size() < KEPT) {
                values.add(v);
            } else {
                capped = true;
            }
        }

        String text() {
            if (values.isEmpty()) {
                return null;
            }
            String shown = String.join(", ", values.stream().limit(SHOWN).toList());
            int more = values.size() - SHOWN;
            return more <= 0 ? shown : shown + String.format(Locale.ROOT, " and %,d%s more", more, capped ? "+" : "");
        }
    }
}
