package io.trailkeeper.report.incident;

import static io.trailkeeper.report.HtmlDocument.escape;

import io.trailkeeper.events.Table;
import io.trailkeeper.report.HtmlDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * An {@link IncidentReport} as one self-contained HTML page a responder can mail or attach to a case: it loads
 * nothing (Apache ECharts and the chart script are inlined), so it works offline in any browser. Sections:
 * summary, an interactive timeline (events, errors, writes and detections per bucket, with a zoom slider),
 * a heat map of events per region and bucket, top principals, IPs and calls, detections with their rules'
 * authors, audit findings, coverage and gaps, and a footer with the version and the library's licences.
 *
 * <p>Every string of the model may come from an attacker. Texts are HTML-escaped; the charts' data travels in a
 * {@code <script type="application/json">} block with {@code < > &} and U+2028/U+2029 as <code>&#92;u</code> escapes,
 * which the chart script reads with {@code JSON.parse} and gives to ECharts, which draws it on a canvas and
 * never as HTML. A Content-Security-Policy allows only the page's own two scripts and its style sheet (by
 * SHA-256 hash; ECharts styles its elements through the DOM, which needs no 'unsafe-inline'), no
 * connections, frames, forms or plugins, and images only as data: URLs.
 */
public final class IncidentHtml {
    private static final String STYLE = HtmlDocument.STYLE
            + "header p{margin:.2em 0}nav{margin:1em 0}nav a{margin-right:1em}.chart{width:100%;height:380px;"
            + "margin:.6em 0}ul.gaps{padding:0}ul.gaps li{list-style:none;background:#fff8c5;border-left:4px solid"
            + " #d4a72c;padding:4px 8px;margin:4px 0}ul.gaps b{color:#7d4e00}footer{margin-top:2.5em;padding-top:"
            + ".6em;border-top:1px solid #d0d7de;color:#57606a;font-size:12px}footer pre{white-space:pre-wrap}";
    private static final String[][] SECTIONS = {{"summary", "Summary"}, {"timeline", "Timeline"},
        {"regions", "Activity per region"}, {"principals", "Top principals"}, {"ips", "Top source IPs"},
        {"calls", "Top calls"}, {"detections", "Detections"}, {"findings", "Audit findings"},
        {"coverage", "Coverage"}, {"gaps", "Gaps"}};

    private IncidentHtml() {
    }

    /**
     * Writes the page to {@code out}, which must encode UTF-8 (the page says so, and the script hashes are
     * of the UTF-8 bytes); flushes, does not close.
     */
    public static void render(IncidentReport r, Writer out) {
        ReportAssets assets = ReportAssets.get();
        StringBuilder b = new StringBuilder(assets.echarts.length() + 65_536);
        String csp = "default-src 'none'; script-src " + ReportAssets.hash(assets.echarts) + " "
                + ReportAssets.hash(assets.chartScript) + "; style-src " + ReportAssets.hash(STYLE) + "; img-src data:;"
                + " base-uri 'none'; form-action 'none'";
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(escape(csp)).append("\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(r.title())).append("</title><style>").append(STYLE)
                .append("</style></head><body>\n");
        header(b, r);
        body(b, r);
        footer(b, r, assets);
        b.append("<script type=\"application/json\" id=\"incident-data\">").append(SafeJson.text(ChartData.of(r)))
                .append("</script>\n<script>").append(assets.echarts).append("</script>\n<script>")
                .append(assets.chartScript).append("</script>\n</body></html>\n");
        try {
            out.write(b.toString());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void header(StringBuilder b, IncidentReport r) {
        b.append("<header><h1>").append(escape(r.title())).append("</h1>\n<p><b>Window:</b> ")
                .append(escape(IncidentTexts.window(r))).append("</p>\n<p><b>Filters:</b> ")
                .append(escape(IncidentTexts.filters(r))).append("</p>\n<p><b>Buckets:</b> ")
                .append(escape(BucketLabels.width(r.bucketSize()))).append("</p></header>\n<nav>");
        for (String[] s : SECTIONS) {
            b.append("<a href=\"#").append(s[0]).append("\">").append(s[1]).append("</a>");
        }
        b.append("</nav>\n");
    }

    private static void body(StringBuilder b, IncidentReport r) {
        section(b, 0);
        list(b, r.summary(), "", "Nothing to summarise.");
        section(b, 1);
        if (r.timeline().isEmpty()) {
            note(b, "No events in the window.");
        } else {
            chart(b, "timeline-chart", "Events, errors, writes and detections per bucket");
        }
        section(b, 2);
        List<RegionTotals> totals = RegionTotals.of(r.regionBuckets());
        if (totals.isEmpty()) {
            note(b, "No events in the window.");
        } else {
            chart(b, "region-chart", "Events per region and bucket");
            b.append(HtmlDocument.tableHtml(regionTable(r, totals))).append('\n');
        }
        section(b, 3);
        table(b, r.topPrincipals());
        section(b, 4);
        table(b, r.topIps());
        section(b, 5);
        table(b, r.topCalls());
        section(b, 6);
        table(b, r.detections());
        note(b, IncidentTexts.RULE_LICENCE);
        section(b, 7);
        if (r.findings() == null) {
            b.append("<p class=\"note\">").append(escape(IncidentTexts.NO_SNAPSHOT)
                    .replace("`trailkeeper audit`", "<code>trailkeeper audit</code>")).append("</p>\n");
        } else {
            table(b, r.findings());
        }
        section(b, 8);
        table(b, r.coverage());
        section(b, 9);
        list(b, r.gaps(), "gaps", IncidentTexts.NO_GAPS);
    }

    private static Table regionTable(IncidentReport r, List<RegionTotals> totals) {
        List<List<Object>> rows = totals.stream().<List<Object>>map(t -> List.of(t.region(), t.events(),
                BucketLabels.label(t.first(), r.bucketSize()), BucketLabels.label(t.last(), r.bucketSize()),
                BucketLabels.label(t.busiest(), r.bucketSize()))).toList();
        return new Table("regions", List.of("region", "events", "first bucket", "last bucket", "busiest bucket"), rows);
    }

    private static void footer(StringBuilder b, IncidentReport r, ReportAssets assets) {
        b.append("<footer><p>").append(escape(IncidentTexts.madeBy(r.generatedAt()))).append(" Times are UTC.</p>\n")
                .append("<p>Charts drawn by Apache ECharts ").append(escape(assets.echartsVersion))
                .append(", included in this page under the Apache License 2.0 (with parts of zrender and d3 under"
                        + " BSD 3-Clause licences); the licence texts and NOTICE follow.</p>\n<details><summary>")
                .append("Licences of the included Apache ECharts</summary>\n");
        for (Map.Entry<String, String> e : assets.licences.entrySet()) {
            b.append("<h3>").append(escape(e.getKey())).append("</h3><pre>").append(escape(e.getValue()))
                    .append("</pre>\n");
        }
        b.append("</details></footer>\n");
    }

    private static void section(StringBuilder b, int i) {
        b.append("<h2 id=\"").append(SECTIONS[i][0]).append("\">").append(SECTIONS[i][1]).append("</h2>\n");
    }

    private static void chart(StringBuilder b, String id, String label) {
        b.append("<div class=\"chart\" id=\"").append(id).append("\" role=\"img\" aria-label=\"").append(label)
                .append("\"></div><noscript><p class=\"note\">The chart needs JavaScript.</p></noscript>\n");
    }

    private static void table(StringBuilder b, Table t) {
        if (t.rows().isEmpty()) {
            note(b, "None.");
        } else {
            b.append(HtmlDocument.tableHtml(t)).append('\n');
        }
    }

    private static void list(StringBuilder b, List<String> items, String cls, String none) {
        if (items.isEmpty()) {
            note(b, none);
            return;
        }
        b.append(cls.isEmpty() ? "<ul>" : "<ul class=\"" + cls + "\">");
        for (String item : items) {
            b.append("<li>").append(cls.equals("gaps") ? "<b>Gap:</b> " : "").append(escape(item)).append("</li>");
        }
        b.append("</ul>\n");
    }

    private static void note(StringBuilder b, String text) {
        b.append("<p class=\"note\">").append(escape(text)).append("</p>\n");
    }
}
