package io.trailkeeper.report.incident;

import io.trailkeeper.events.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link IncidentReport} as one JSON object, for tools that read the report (a case system, a notebook).
 * Keys follow the model's components; times are ISO-8601 UTC strings, the bucket size an ISO-8601 duration
 * ({@code PT1H}); each table is {@code {"name", "columns", "rows"}} with rows as objects keyed by column, as
 * {@code --format json} writes tables; findings are null when the store held no account snapshot. The
 * characters {@code < > &} and U+2028/U+2029 are written as <code>&#92;u</code> escapes, so the output can be
 * embedded in HTML or JavaScript as it is.
 */
public final class IncidentJson {
    private IncidentJson() {
    }

    /** Writes the report to {@code out} as indented JSON and a final line break; flushes, does not close. */
    public static void render(IncidentReport report, Writer out) {
        try {
            SafeJson.write(tree(report), out);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> tree(IncidentReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", r.title());
        m.put("generatedAt", time(r.generatedAt()));
        m.put("since", time(r.since()));
        m.put("until", time(r.until()));
        m.put("filters", r.filters());
        m.put("summary", r.summary());
        m.put("bucketSize", r.bucketSize().toString());
        List<Map<String, Object>> timeline = new ArrayList<>();
        for (IncidentReport.TimeBucket b : r.timeline()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("start", time(b.start()));
            t.put("events", b.events());
            t.put("errors", b.errors());
            t.put("writes", b.writes());
            t.put("detections", b.detections());
            timeline.add(t);
        }
        m.put("timeline", timeline);
        List<Map<String, Object>> regions = new ArrayList<>();
        for (IncidentReport.RegionBucket b : r.regionBuckets()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("region", b.region());
            t.put("start", time(b.start()));
            t.put("events", b.events());
            regions.add(t);
        }
        m.put("regionBuckets", regions);
        m.put("topPrincipals", table(r.topPrincipals()));
        m.put("topIps", table(r.topIps()));
        m.put("topCalls", table(r.topCalls()));
        m.put("detections", table(r.detections()));
        m.put("findings", r.findings() == null ? null : table(r.findings()));
        m.put("coverage", table(r.coverage()));
        m.put("gaps", r.gaps());
        return m;
    }

    private static Map<String, Object> table(Table t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        m.put("columns", t.columns());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (List<Object> row : t.rows()) {
            Map<String, Object> o = new LinkedHashMap<>();
            for (int i = 0; i < t.columns().size(); i++) {
                o.put(t.columns().get(i), i < row.size() ? cell(row.get(i)) : null);
            }
            rows.add(o);
        }
        m.put("rows", rows);
        return m;
    }

    /** A cell as a JSON value, with the value types of a {@code TableSink}; anything else as its text. */
    private static Object cell(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Integer
                || v instanceof Short || v instanceof Byte || v instanceof Double || v instanceof Float
                || v instanceof BigDecimal || v instanceof BigInteger) {
            return v;
        }
        if (v instanceof Instant t) {
            return t.toString();
        }
        if (v instanceof List<?> list) {
            return list.stream().map(IncidentJson::cell).toList();
        }
        return v.toString();
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
