package io.trailkeeper.report.incident;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Events per region over the whole window, busiest first: the heat map's rows as a table, for readers without
 * the chart (Markdown, a printed page, a screen reader).
 *
 * @param region the region name as recorded (attacker-controlled text)
 * @param events events in the window
 * @param first  the first bucket with events
 * @param last   the last bucket with events
 * @param busiest the bucket with the most events (the earliest of equals)
 */
record RegionTotals(String region, long events, Instant first, Instant last, Instant busiest) {

    static List<RegionTotals> of(List<IncidentReport.RegionBucket> buckets) {
        Map<String, List<IncidentReport.RegionBucket>> byRegion = new LinkedHashMap<>();
        for (IncidentReport.RegionBucket b : buckets) {
            byRegion.computeIfAbsent(String.valueOf(b.region()), k -> new ArrayList<>()).add(b);
        }
        List<RegionTotals> totals = new ArrayList<>();
        byRegion.forEach((region, list) -> {
            long events = 0;
            Instant first = null;
            Instant last = null;
            IncidentReport.RegionBucket busiest = null;
            for (IncidentReport.RegionBucket b : list) {
                events += b.events();
                first = first == null || b.start().isBefore(first) ? b.start() : first;
                last = last == null || b.start().isAfter(last) ? b.start() : last;
                if (busiest == null || b.events() > busiest.events()
                        || b.events() == busiest.events() && b.start().isBefore(busiest.start())) {
                    busiest = b;
                }
            }
            totals.add(new RegionTotals(region, events, first, last, busiest.start()));
        });
        totals.sort(Comparator.comparingLong(RegionTotals::events).reversed().thenComparing(RegionTotals::region));
        return totals;
    }
}
