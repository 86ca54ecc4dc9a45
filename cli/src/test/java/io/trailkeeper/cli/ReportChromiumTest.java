package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trailkeeper.testkit.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From records to the browser: records whose every string field carries script or markup are ingested, the
 * report is written by the command as a user runs it, and headless Chromium opens it. No injected script may
 * run and no injected element appear; every payload must read as text; the charts must be drawn; the page
 * must load nothing. The screenshot goes to target/report-chromium/, never into the repository.
 */
class ReportChromiumTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> PAYLOADS = List.of(
            "<script>window.__pwned=1</script>",
            "\"><img src=x onerror=window.__pwned=2>",
            "</script><script>window.__pwned=3</script>",
            "'><svg onload=window.__pwned=4>",
            "javascript:window.__pwned=5//[x](javascript:window.__pwned=6) ${window.__pwned=7} {{7*7}}");
    /** Per chart: whether ECharts drew it, and its canvas' painted and total pixels. */
    private static final String CHARTS = """
            Array.from(document.querySelectorAll('.chart')).map(el => {
              const canvas = el.querySelector('canvas');
              let painted = 0;
              if (canvas) {
                const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                for (let i = 3; i < d.length; i += 4) { if (d[i] !== 0) painted++; }
              }
              return {id: el.id, echarts: !!echarts.getInstanceByDom(el), painted: painted,
                      pixels: canvas ? canvas.width * canvas.height : 0};
            })""";

    @TempDir
    Path dir;

    /** Every string of the record is the payload, but for the fields a call needs to be the one named. */
    private static Map<String, String> everyString(String p, int n) {
        Map<String, String> s = new HashMap<>();
        s.put("userAgent", p);
        s.put("errorCode", p);
        s.put("errorMessage", p);
        s.put("recipientAccountId", p);
        s.put("eventID", p + n);
        s.put("requestID", p);
        s.put("eventType", p);
        s.put("userIdentity.type", p);
        s.put("userIdentity.principalId", p);
        s.put("userIdentity.accountId", p);
        return s;
    }

    private Path hostileRecords() throws Exception {
        IncidentRecords records = new IncidentRecords();
        for (int i = 0; i < PAYLOADS.size(); i++) {
            String p = PAYLOADS.get(i);
            Map<String, String> params = Map.of("bucketName", p, "roleName", p, "name", p, "policyDocument", p);
            String hour = String.format("2024-05-0%dT%02d:", 1 + i % 2, 3 * i);
            records.call(hour + "00:00Z", p, p, p, p, p, p, p, params, List.of(p), everyString(p, 1));
            Map<String, String> succeeded = everyString(p, 2);
            succeeded.remove("errorCode");
            succeeded.remove("errorMessage");
            records.call(hour + "10:00Z", "DeleteBucket", "s3.amazonaws.com", p, p, p, p, p, params, List.of(p),
                    succeeded);
            Map<String, String> stop = everyString(p, 3);
            stop.remove("errorCode");
            stop.remove("errorMessage");
            records.call(hour + "20:00Z", "StopLogging", "cloudtrail.amazonaws.com", p, p, p, p, p, params,
                    List.of(p), stop);
        }
        return records.write(dir.resolve("hostile/records.json"));
    }

    @Test
    void noPayloadComesAliveInTheBrowserAndTheChartsAreDrawn() throws Exception {
        Path store = dir.resolve("store.duckdb");
        Cli.Result ingest = Cli.run(store, "ingest", hostileRecords().toString());
        assertEquals(0, ingest.code(), ingest.toString());
        Path out = Path.of("target", "report-chromium").toAbsolutePath();
        Files.createDirectories(out);
        Path page = out.resolve("hostile-incident.html");
        Cli.Result report = Cli.run(store, "report", "--out", page.toString());
        assertEquals(0, report.code(), report.toString());
        assertTrue(report.err().contains(": 15 events, 5 detections, "), "each StopLogging matched: " + report.err());

        String payloads = JSON.writeValueAsString(PAYLOADS);
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            chromium.open(page);
            // tooltips format the payloads too: show one for every cell of both charts
            chromium.evaluate("""
                    ['timeline-chart', 'region-chart'].forEach(id => {
                      const c = echarts.getInstanceByDom(document.getElementById(id));
                      const n = c.getOption().series[0].data.length;
                      for (let i = 0; i < n; i++) c.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: i});
                    })""");
            chromium.evaluate("new Promise(done => setTimeout(done, 500))"); // time for an onerror or onload
            assertEquals("undefined", chromium.evaluate("typeof window.__pwned").asText(), "an injected script ran");
            assertEquals(0, chromium.evaluate("document.querySelectorAll('img, svg, iframe, frame, object, embed,"
                    + " link, base, form, input, textarea, style:not(head > style)').length").asInt(),
                    "an injected element");
            assertEquals(0, chromium.evaluate("Array.from(document.querySelectorAll('*')).filter(e =>"
                    + " Array.from(e.attributes).some(a => a.name.startsWith('on'))).length").asInt());
            assertEquals(0, chromium.evaluate("Array.from(document.scripts).filter(s => s.src).length").asInt());
            assertTrue(chromium.evaluate("Array.from(document.querySelectorAll('a')).every(a =>"
                    + " a.getAttribute('href').startsWith('#'))").asBoolean(), "only the page's own links");
            assertTrue(chromium.evaluate(payloads + ".every(p => document.body.innerText.replace(/\\s+/g, ' ')"
                    + ".includes(p.replace(/\\s+/g, ' ')))").asBoolean(), "every payload reads as text");
            assertTrue(chromium.evaluate(payloads + ".every(p => Array.from(document.querySelectorAll('td'))"
                    + ".some(td => td.textContent === p))").asBoolean(), "every payload is a table cell as written");
            // one sentence tells the five deletions: the first three principals, IPs and regions by name
            assertEquals(3, chromium.evaluate("(() => { const li = Array.from(document.querySelectorAll('li')).find(li =>"
                    + " li.textContent.startsWith('DeleteBucket: 5 calls (5 succeeded) by ')); return " + payloads
                    + ".filter(p => li.textContent.includes(' by ' + p)"
                    + " || li.textContent.includes(', ' + p)).length; })()").asInt(),
                    "the summary tells the deletions with their principals as written");

            JsonNode charts = chromium.evaluate(CHARTS);
            assertEquals(2, charts.size(), charts.toString());
            for (JsonNode chart : charts) {
                assertTrue(chart.path("echarts").asBoolean(), chart.toString());
                assertTrue(chart.path("painted").asLong() > chart.path("pixels").asLong() / 50,
                        "the chart drew on its canvas: " + chart);
            }
            assertEquals(PAYLOADS.stream().sorted().toList(), strings(chromium.evaluate(
                    "echarts.getInstanceByDom(document.getElementById('region-chart')).getOption()"
                            + ".yAxis[0].data.slice().sort()")), "the heat map's rows are the regions as written");
            assertEquals(List.of(), chromium.exceptions());
            assertEquals(List.of(), chromium.networkRequests(), "the page loads nothing");
            chromium.screenshot(out.resolve("hostile-incident.png"));
        }
        assertTrue(Files.size(out.resolve("hostile-incident.png")) > 50_000, "a whole-page screenshot");
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }
}
