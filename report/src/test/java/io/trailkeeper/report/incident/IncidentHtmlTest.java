package io.trailkeeper.report.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trailkeeper.events.Table;
import io.trailkeeper.report.HtmlDocument;
import io.trailkeeper.report.Values;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class IncidentHtmlTest {
    private static final Pattern SCRIPT = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL);

    static String render(IncidentReport r) {
        StringWriter w = new StringWriter();
        IncidentHtml.render(r, w);
        return w.toString();
    }

    @Test
    void everyValueOfTheModelIsOnThePage() {
        IncidentReport r = IncidentFixtures.sample();
        String page = render(r);
        assertTrue(page.startsWith("<!DOCTYPE html>"), page.substring(0, 40));
        assertTrue(page.contains("<title>" + HtmlDocument.escape(r.title()) + "</title>"));
        assertTrue(page.contains(r.since() + " to " + r.until() + " (UTC)"));
        r.filters().forEach(f -> assertTrue(page.contains(HtmlDocument.escape(f)), f));
        r.summary().forEach(s -> assertTrue(page.contains("<li>" + HtmlDocument.escape(s) + "</li>"), s));
        for (Table t : List.of(r.topPrincipals(), r.topIps(), r.topCalls(), r.detections(), r.findings(),
                r.coverage())) {
            for (List<Object> row : t.rows()) {
                for (Object v : row) {
                    assertTrue(page.contains("<td>" + HtmlDocument.escape(Values.text(v)) + "</td>"), t.name() + v);
                }
            }
        }
        assertTrue(page.contains("<td>Jane Doe, John Roe</td>"), "the rule's authors are credited");
        assertTrue(page.contains("Detection Rule License"));
        assertTrue(page.contains("<tr class=\"fail\"><td>cloudtrail_multi_region_enabled</td>"));
        assertTrue(page.contains("<tr class=\"fail\"><td>ap-southeast-2</td>"), "a denied region is marked");
        r.gaps().forEach(g -> assertTrue(page.contains("<li><b>Gap:</b> " + HtmlDocument.escape(g) + "</li>"), g));
        assertTrue(page.contains("<ul class=\"gaps\">"));
        for (String region : IncidentFixtures.REGIONS) {
            assertTrue(page.contains("<tr><td>" + region + "</td>"), "region table row of " + region);
        }
        assertTrue(page.contains("id=\"timeline-chart\"") && page.contains("id=\"region-chart\""));
        assertTrue(page.contains("Made by TrailKeeper ") && page.contains(" at " + r.generatedAt() + "."));
        assertTrue(page.contains("Charts drawn by Apache ECharts " + ReportAssets.get().echartsVersion + ", included"));
        assertTrue(ReportAssets.get().echartsVersion.matches("\\d+\\.\\d+\\.\\d+"), ReportAssets.get().echartsVersion);
        assertTrue(page.contains("Apache License") && page.contains("The Apache Software Foundation")
                && page.contains("Baidu"), "ECharts' LICENSE, NOTICE and zrender's licence are in the page");
    }

    @Test
    void chartDataIsAJsonBlockTheChartsRead() throws Exception {
        IncidentReport r = IncidentFixtures.sample();
        JsonNode data = new ObjectMapper().readTree(dataBlock(render(r)));
        assertEquals("1 hour", data.path("bucketWidth").asText());
        JsonNode t = data.path("timeline");
        assertEquals(r.timeline().size(), t.path("labels").size());
        assertEquals("2026-03-02 00:00", t.path("labels").get(0).asText(), "labels are UTC whatever the zone");
        for (int i = 0; i < r.timeline().size(); i++) {
            IncidentReport.TimeBucket b = r.timeline().get(i);
            assertEquals(b.events(), t.path("events").get(i).asLong());
            assertEquals(b.errors(), t.path("errors").get(i).asLong());
            assertEquals(b.writes(), t.path("writes").get(i).asLong());
            assertEquals(b.detections(), t.path("detections").get(i).asLong());
        }
        JsonNode h = data.path("heatmap");
        assertEquals(r.regionBuckets().size(), h.path("cells").size());
        assertEquals("us-east-1", h.path("regions").get(h.path("regions").size() - 1).asText(), "busiest on top");
        long sum = 0;
        for (JsonNode cell : h.path("cells")) {
            sum += cell.get(2).asLong();
        }
        assertEquals(r.regionBuckets().stream().mapToLong(IncidentReport.RegionBucket::events).sum(), sum);
    }

    @Test
    void regionNamesReachTheCanvasAsThePageShowsText() throws Exception {
        // ECharts draws axis labels and tooltips on the canvas: HTML escaping does not apply there, so a
        // forged record's U+202E would draw "us-east-1<U+202E>lave" reversed, an ESC would reach the label
        List<IncidentReport.RegionBucket> buckets = List.of(
                new IncidentReport.RegionBucket("us-east-1\u202Elave", Instant.parse("2026-03-02T00:00:00Z"), 5),
                new IncidentReport.RegionBucket("eu-west-1\u001B[2J\u200B", Instant.parse("2026-03-02T00:00:00Z"), 3));
        IncidentReport sample = IncidentFixtures.sample();
        IncidentReport r = new IncidentReport(sample.title(), sample.generatedAt(), sample.since(), sample.until(),
                sample.filters(), sample.summary(), sample.bucketSize(), sample.timeline(), buckets,
                sample.topPrincipals(), sample.topIps(), sample.topCalls(), sample.detections(), sample.findings(),
                sample.coverage(), sample.gaps());
        JsonNode regions = new ObjectMapper().readTree(dataBlock(render(r))).path("heatmap").path("regions");
        assertEquals("[\"eu-west-1 [2J?\",\"us-east-1?lave\"]", regions.toString());
    }

    @Test
    void theSecurityPolicyAllowsExactlyThePageScripts() throws Exception {
        String page = render(IncidentFixtures.sample());
        Matcher csp = Pattern.compile("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\">")
                .matcher(page);
        assertTrue(csp.find(), "CSP meta tag");
        assertTrue(csp.start() < page.indexOf("<style>") && csp.start() < page.indexOf("<script"), "CSP comes first");
        String policy = csp.group(1).replace("&#39;", "'");
        assertTrue(policy.startsWith("default-src 'none'; "), policy);
        List<String> hashes = new ArrayList<>();
        Matcher m = SCRIPT.matcher(page);
        int executable = 0;
        while (m.find()) {
            if (m.group(1).contains("application/json")) {
                continue;
            }
            assertEquals("", m.group(1), "an inline script without src");
            executable++;
            byte[] d = MessageDigest.getInstance("SHA-256").digest(m.group(2).getBytes(StandardCharsets.UTF_8));
            hashes.add("'sha256-" + Base64.getEncoder().encodeToString(d) + "'");
        }
        assertEquals(2, executable, "ECharts and the chart script");
        assertTrue(policy.contains("script-src " + String.join(" ", hashes) + ";"), policy);
        assertFalse(policy.contains("unsafe-eval") || policy.contains("script-src 'unsafe-inline'"), policy);
        assertTrue(policy.contains("img-src data:") && !policy.contains("connect-src") && !policy.contains("frame"));
        Matcher style = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL).matcher(page);
        assertTrue(style.find());
        byte[] d = MessageDigest.getInstance("SHA-256").digest(style.group(1).getBytes(StandardCharsets.UTF_8));
        assertTrue(policy.contains("style-src 'sha256-" + Base64.getEncoder().encodeToString(d) + "';"), policy);
        assertFalse(style.find(), "one style sheet");
    }

    @Test
    void withoutASnapshotThePageSaysHowToTakeOne() {
        IncidentReport s = IncidentFixtures.sample();
        IncidentReport r = new IncidentReport(s.title(), s.generatedAt(), null, null, List.of(), List.of(),
                s.bucketSize(), List.of(), List.of(), empty(), empty(), empty(), empty(), null, empty(), List.of());
        String page = render(r);
        assertTrue(page.contains("No account snapshot was in the store"), page);
        assertTrue(page.contains("<code>trailkeeper audit</code>"));
        assertTrue(page.contains("the first event in the store to the last event in the store (UTC)"));
        assertTrue(page.contains("none (every event in the window)"));
        assertTrue(page.contains(IncidentTexts.NO_GAPS));
        assertFalse(page.contains("id=\"timeline-chart\"") || page.contains("<td>"), "no chart, no empty table");
    }

    @Test
    void hostileTextIsEscapedEverywhere() throws Exception {
        IncidentReport r = IncidentFixtures.hostile();
        String page = render(r);
        String lower = page.toLowerCase(Locale.ROOT);
        assertEquals(3, count(lower, "<script"), "only the data block, ECharts and the chart script");
        assertEquals(3, count(lower, "</script"));
        String markup = SCRIPT.matcher(lower).replaceAll(""); // ECharts' own code may name tags
        for (String tag : List.of("<img", "<svg", "<iframe", "<b>principals", "onerror=\"", "<!-- x")) {
            assertEquals(0, count(markup, tag), tag);
        }
        for (String p : IncidentFixtures.PAYLOADS) {
            assertTrue(page.contains("<li>" + HtmlDocument.escape(p) + "</li>"), p);
            assertTrue(page.contains("<td>" + HtmlDocument.escape(p) + "</td>"), p);
        }
        assertTrue(page.contains("<th>&lt;b&gt;principals&lt;/b&gt;</th>"));
        String data = dataBlock(page);
        for (char c : new char[]{'<', '>', '&', '\u2028', '\u2029'}) {
            assertEquals(-1, data.indexOf(c), "raw " + Integer.toHexString(c) + " in the JSON block");
        }
        assertTrue(data.contains("\\u003C") || data.contains("\\u003c"), data);
        assertTrue(data.contains("\\u2028"), data);
        JsonNode regions = new ObjectMapper().readTree(data).path("heatmap").path("regions");
        List<String> read = new ArrayList<>();
        regions.forEach(n -> read.add(n.asText()));
        List<String> shown = IncidentFixtures.PAYLOADS.stream().map(p -> p.replace('\n', ' ')).toList();
        assertTrue(read.containsAll(shown) && read.size() == shown.size(),
                "JSON.parse gets the region names back as the page shows text (the line break a space): " + read);
    }

    static String dataBlock(String page) {
        Matcher m = SCRIPT.matcher(page);
        while (m.find()) {
            if (m.group(1).equals(" type=\"application/json\" id=\"incident-data\"")) {
                return m.group(2);
            }
        }
        throw new AssertionError("no data block");
    }

    private static Table empty() {
        return new Table("empty", List.of("a"), List.of());
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        assertNotNull(s);
        return n;
    }
}
