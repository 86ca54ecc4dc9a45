package io.trailkeeper.report.incident;

import io.trailkeeper.report.HtmlDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the HTML report's charts draw, as the JSON the page's chart script reads: bucket labels (UTC, made
 * here so the browser's time zone cannot shift them), the timeline's four series, and the heat map's regions
 * (busiest at the top) and non-zero cells {@code [bucket index, region index, events]}. A region's name comes
 * from the records (an attacker's forged file can hold any text) and ECharts draws it on the canvas, as an axis
 * label and in tooltips, where no HTML escaping applies: it travels as the page shows any text, control
 * characters as spaces and format characters (U+202E would draw the label reversed) as {@code ?}.
 */
final class ChartData {
    private ChartData() {
    }

    static Map<String, Object> of(IncidentReport r) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("bucketWidth", BucketLabels.width(r.bucketSize()));
        data.put("timeline", timeline(r));
        data.put("heatmap", heatmap(r));
        return data;
    }

    private static Map<String, Object> timeline(IncidentReport r) {
        List<String> labels = new ArrayList<>();
        List<Long> events = new ArrayList<>();
        List<Long> errors = new ArrayList<>();
        List<Long> writes = new ArrayList<>();
        List<Long> detections = new ArrayList<>();
        for (IncidentReport.TimeBucket b : r.timeline()) {
            labels.add(BucketLabels.label(b.start(), r.bucketSize()));
            events.add(b.events());
            errors.add(b.errors());
            writes.add(b.writes());
            detections.add(b.detections());
        }
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("labels", labels);
        t.put("events", events);
        t.put("errors", errors);
        t.put("writes", writes);
        t.put("detections", detections);
        return t;
    }

    private static Map<String, Object> heatmap(IncidentReport r) {
        TreeSet<Instant> starts = new TreeSet<>();
        r.timeline().forEach(b -> starts.add(b.start()));
        r.regionBuckets().forEach(b -> starts.add(b.start()));
        Map<Instant, Integer> column = new HashMap<>();
        List<String> labels = new ArrayList<>();
        for (Instant start : starts) {
            column.put(start, labels.size());
            labels.add(BucketLabels.label(start, r.bucketSize()));
        }
        List<RegionTotals> totals = RegionTotals.of(r.regionBuckets());
        Map<String, Integer> row = new HashMap<>();
        List<String> regions = new ArrayList<>();
        for (int i = totals.size() - 1; i >= 0; i--) { // the y axis counts from the bottom
            row.put(totals.get(i).region(), regions.size());
            regions.add(shown(totals.get(i).region()));
        }
        List<List<Long>> cells = new ArrayList<>();
        long max = 0;
        for (IncidentReport.RegionBucket b : r.regionBuckets()) {
            cells.add(List.of((long) column.get(b.start()), (long) row.get(String.valueOf(b.region())), b.events()));
            max = Math.max(max, b.events());
        }
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("labels", labels);
        h.put("regions", regions);
        h.put("cells", cells);
        h.put("max", max);
        return h;
    }

    private static String shown(String region) {
        String s = String.valueOf(region);
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            i += HtmlDocument.appendShown(b, s, i);
        }
        return b.toString();
    }
}
