package io.trailkeeper.report.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.trailkeeper.testkit.HeadlessChromium;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HTML report in a real browser: both charts drawn, nothing loaded from anywhere, no script error. */
class IncidentHtmlBrowserTest {
    /** Per chart: its id, whether ECharts holds an instance for it, and its canvas' non-transparent pixels. */
    static final String CHARTS = """
            Array.from(document.querySelectorAll('.chart')).map(el => {
              const chart = echarts.getInstanceByDom(el);
              const canvas = el.querySelector('canvas');
              let painted = 0;
              if (canvas) {
                const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                for (let i = 3; i < d.length; i += 4) { if (d[i] !== 0) painted++; }
              }
              return {id: el.id, echarts: !!chart, painted: painted,
                      pixels: canvas ? canvas.width * canvas.height : 0,
                      regions: chart && el.id === 'region-chart' ? chart.getOption().yAxis[0].data.length : -1};
            })""";

    static Path write(IncidentReport report, String name) throws IOException {
        Path file = Path.of("target", "incident-browser", name).toAbsolutePath();
        Files.createDirectories(file.getParent());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            IncidentHtml.render(report, w);
        }
        return file;
    }

    @Test
    void chartsRenderOfflineWithoutErrors() throws IOException {
        IncidentReport report = IncidentFixtures.sample();
        Path page = write(report, "incident.html");
        Path png = page.resolveSibling("incident.png");
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            chromium.open(page);
            JsonNode charts = chromium.evaluate(CHARTS);
            assertEquals(2, charts.size(), charts.toString());
            for (JsonNode chart : charts) {
                assertTrue(chart.path("echarts").asBoolean(), chart.toString());
                assertTrue(chart.path("painted").asLong() > chart.path("pixels").asLong() / 50,
                        "the chart drew on its canvas: " + chart);
            }
            assertEquals(IncidentFixtures.REGIONS.size(), charts.get(1).path("regions").asInt(), charts.toString());
            assertEquals(report.timeline().size(), chromium.evaluate(
                    "echarts.getInstanceByDom(document.getElementById('timeline-chart')).getOption()"
                            + ".xAxis[0].data.length").asInt());
            // a tooltip on each chart (drawn on the canvas, so the strict style policy must hold for it too)
            chromium.evaluate("""
                    ['timeline-chart', 'region-chart'].forEach(id => echarts.getInstanceByDom(
                        document.getElementById(id))
                        .dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: 31}))""");
            chromium.screenshot(png);
            assertEquals(List.of(), chromium.networkRequests(), "the page loads nothing");
            assertEquals(List.of(), chromium.exceptions());
            assertEquals(List.of(), chromium.consoleMessages(), "no CSP violation, no warning");
        }
        byte[] image = Files.readAllBytes(png);
        ByteBuffer header = ByteBuffer.wrap(image, 16, 8);
        int width = header.getInt();
        int height = header.getInt();
        assertTrue(image.length > 50_000 && width == 1280 && height > 2000,
                "a whole-page screenshot: " + image.length + " bytes, " + width + " x " + height);
    }
}
