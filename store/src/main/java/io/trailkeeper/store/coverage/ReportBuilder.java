package io.trailkeeper.store.coverage;

import io.trailkeeper.events.Coverage;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Lays a {@link CoverageMap} and its gaps out as a {@link CoverageReport}: a row per region, a row per region-day. */
final class ReportBuilder {
    private final StoreFacts facts;
    private final CoverageMap map;
    private final List<CoverageGap> gaps;
    private final AccountDays.Missing accounts;

    ReportBuilder(StoreFacts facts, CoverageMap map, List<CoverageGap> gaps, AccountDays.Missing accounts) {
        this.facts = facts;
        this.map = map;
        this.gaps = gaps;
        this.accounts = accounts;
    }

    CoverageReport build(Instant since, Instant until) {
        Set<String> shown = new TreeSet<>(map.regions);
        shown.addAll(map.neverCollected);
        shown.addAll(map.counts.keySet());
        map.notEnabled.stream().filter(r -> map.asked.isEmpty() || map.asked.contains(r)).forEach(shown::add);
        Set<String> flagged = new HashSet<>();
        for (CoverageGap g : gaps) {
            if (g.kind() != CoverageGap.Kind.NO_DATA_EVENTS) {
                flagged.addAll(g.regions());
            }
        }
        List<RegionCoverage> regions = new ArrayList<>();
        List<RegionDay> days = new ArrayList<>();
        long events = 0;
        long data = 0;
        for (String r : order(shown)) {
            RegionCoverage c = region(r, flagged.contains(r), days);
            regions.add(c);
            events += c.events();
            data += c.dataEvents();
        }
        return new CoverageReport(since, until, map.now, map.firstDay, map.lastDay, events, data,
                facts.eventsWithoutTime, regions, days, gaps);
    }

    /** Regions by name, events with no region last. */
    private static List<String> order(Set<String> regions) {
        List<String> out = new ArrayList<>();
        regions.stream().filter(r -> !r.isEmpty()).forEach(out::add);
        if (regions.contains("")) {
            out.add("");
        }
        return out;
    }

    private RegionCoverage region(String r, boolean flagged, List<RegionDay> days) {
        Set<LocalDate> trail = new TreeSet<>();
        Set<LocalDate> history = new TreeSet<>();
        Set<LocalDate> other = new TreeSet<>();
        long events = 0;
        long data = 0;
        long missing = 0;
        LocalDate first = null;
        LocalDate last = null;
        Map<LocalDate, StoreFacts.DayCount> counts = map.counts.getOrDefault(r, new TreeMap<>());
        Set<LocalDate> read = map.historyRead.getOrDefault(r, Set.of());
        Set<LocalDate> listed = map.listed.getOrDefault(r, Set.of());
        Map<LocalDate, String> unread = map.unread.getOrDefault(r, new TreeMap<>());
        if (map.firstDay != null && !map.neverCollected.contains(r)) {
            for (LocalDate d = map.firstDay; !d.isAfter(map.lastDay); d = d.plusDays(1)) {
                StoreFacts.DayCount c = counts.get(d);
                StoreFacts.DayCount whole = map.wholeDay(r, d); // the sources of a day the window holds in part
                String gap = missing(r, d);
                if (c == null && whole == null && !read.contains(d) && !listed.contains(d) && gap.isEmpty()) {
                    continue;
                }
                if (c != null) {
                    events += c.events();
                    data += c.dataEvents();
                    first = first == null ? d : first;
                    last = d;
                }
                if (whole != null) {
                    add(trail, d, whole.trailFiles());
                    add(history, d, whole.eventHistory());
                    add(other, d, whole.otherFiles());
                }
                if (read.contains(d)) {
                    history.add(d);
                }
                missing += gap.isEmpty() ? 0 : 1;
                days.add(new RegionDay(r, d, c == null ? 0 : c.events(), c == null ? 0 : c.dataEvents(),
                        c == null ? 0 : c.trailFiles(), c == null ? 0 : c.eventHistory(), c == null ? 0 : c.otherFiles(),
                        read.contains(d), listed.contains(d), gap, unread.getOrDefault(d, ""),
                        accounts.accounts(r, d)));
            }
        }
        List<String> collectors = labels(facts.latestEntries.stream().filter(e -> r.equals(e.region())).toList());
        return new RegionCoverage(r, status(r, flagged, missing), events, data, DayRange.of(trail),
                DayRange.of(history), DayRange.of(other), first, last, collectors, missing);
    }

    /**
     * The entries as a few words each, one per collector, status and run: {@code lookup complete (run 1)}, {@code s3
     * denied 2026-11-17, 2026-11-19..2026-11-20 (run 3)} (days refused one by one, together; at most 3 named).
     */
    private static List<String> labels(List<CollectorEntry> entries) {
        Map<String, List<CollectorEntry>> same = new java.util.LinkedHashMap<>();
        entries.forEach(e -> same.computeIfAbsent(e.collector() + " " + e.status().label() + " " + e.runId(),
                k -> new ArrayList<>()).add(e));
        List<String> out = new ArrayList<>();
        same.values().forEach(g -> {
            CollectorEntry e = g.get(0);
            boolean dated = g.size() > 1 && g.stream().allMatch(x -> x.status() != Coverage.Status.COMPLETE
                    && x.from() != null && x.to() != null);
            if (!dated) {
                g.stream().map(CollectorEntry::label).distinct().forEach(out::add);
                return;
            }
            List<String> days = g.stream().map(CollectorEntry::days).distinct().toList();
            out.add(e.collector() + " " + e.status().label() + " " + String.join(", ", days.subList(0,
                    Math.min(3, days.size()))) + (days.size() > 3 ? " and " + (days.size() - 3) + " more" : "")
                    + " (run " + e.runId() + ")");
        });
        return out;
    }

    private String status(String r, boolean flagged, long missing) {
        if (r.isEmpty()) {
            return "no region";
        }
        if (map.neverCollected.contains(r)) {
            return "never collected";
        }
        if (map.notEnabled.contains(r) && !map.counts.containsKey(r)) {
            return "not enabled";
        }
        return flagged || missing > 0 ? "incomplete" : "complete";
    }

    private String missing(String r, LocalDate d) {
        if (map.lakeUnread.getOrDefault(r, new TreeSet<>()).contains(d)) {
            return CoverageGap.Kind.LAKE_UNREAD.label();
        }
        if (map.carriedOver.getOrDefault(r, new TreeSet<>()).contains(d)) {
            return CoverageGap.Kind.PARTIAL_DAY.label();
        }
        if (map.historyNotCollected.getOrDefault(r, new TreeSet<>()).contains(d)) {
            return CoverageGap.Kind.HISTORY_NOT_COLLECTED.label();
        }
        if (map.beyondHistory.getOrDefault(r, new TreeSet<>()).contains(d)) {
            return CoverageGap.Kind.BEYOND_HISTORY.label();
        }
        if (map.unread.getOrDefault(r, new TreeMap<>()).containsKey(d)) {
            return CoverageGap.Kind.COLLECTOR.label(); // held in part, perhaps, but a collector left some of it unread
        }
        if (!accounts.accounts(r, d).isEmpty()) {
            return CoverageGap.Kind.ACCOUNT_FILES.label(); // held for other accounts, not for these
        }
        // the day of a trail's narrowing looks held by the morning's files, and a day an account was silent by its
        // files before and after: the gap names its regions and days
        for (CoverageGap.Kind kind : List.of(CoverageGap.Kind.ACCOUNT_SILENT, CoverageGap.Kind.TRAIL_REGIONS)) {
            if (gaps.stream().anyMatch(g -> g.kind() == kind && g.regions().contains(r) && g.days().stream()
                    .anyMatch(x -> !d.isBefore(x.first()) && !d.isAfter(x.last())))) {
                return kind.label();
            }
        }
        return "";
    }

    private static void add(Set<LocalDate> days, LocalDate d, long n) {
        if (n > 0) {
            days.add(d);
        }
    }
}
