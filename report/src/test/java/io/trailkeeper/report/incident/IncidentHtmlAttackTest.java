package io.trailkeeper.report.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trailkeeper.testkit.HeadlessChromium;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Records an attacker wrote reach every string of the report (title, filters, summary, table columns and cells,
 * region names, gaps): in a real browser none of their markup or script may come alive, and all of it must be
 * readable as text.
 */
class IncidentHtmlAttackTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void noInjectedScriptRunsAndEveryPayloadShowsAsText() throws Exception {
        IncidentReport report = IncidentFixtures.hostile();
        Path page = IncidentHtmlBrowserTest.write(report, "hostile.html");
        String payloads = JSON.writeValueAsString(IncidentFixtures.PAYLOADS);
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            chromium.open(page);
            // every payload region gets its tooltip, whose formatter handles the name
            chromium.evaluate("""
                    (() => { const c = echarts.getInstanceByDom(document.getElementById('region-chart'));
                      c.getOption().series[0].data.forEach((cell, i) =>
                        c.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: i})); })()""");
            chromium.evaluate("new Promise(done => setTimeout(done, 500))"); // time for an onerror or onload
            assertEquals("undefined", chromium.evaluate("typeof window.__pwned").asText(), "an injected script ran");
            assertEquals(0, chromium.evaluate("document.querySelectorAll('img, svg, iframe, frame, object, embed,"
                    + " link, base, form, input, textarea, style:not(head > style)').length").asInt());
            assertEquals(0, chromium.evaluate("Array.from(document.querySelectorAll('*')).filter(e =>"
                    + " Array.from(e.attributes).some(a => a.name.startsWith('on'))).length").asInt());
            assertEquals(3, chromium.evaluate("document.scripts.length").asInt(), "data, ECharts, charts");
            assertEquals(0, chromium.evaluate("Array.from(document.scripts).filter(s => s.src).length").asInt());
            assertTrue(chromium.evaluate("Array.from(document.querySelectorAll('a')).every(a =>"
                    + " a.getAttribute('href').startsWith('#'))").asBoolean(), "only the page's own links");

            assertEquals(report.title(), chromium.evaluate("document.querySelector('h1').textContent").asText());
            List<String> gaps = new ArrayList<>();
            IncidentFixtures.PAYLOADS.forEach(p -> gaps.add("Gap: " + p));
            assertEquals(gaps, strings(chromium.evaluate(
                    "Array.from(document.querySelectorAll('ul.gaps li')).map(li => li.textContent)")));
            assertTrue(chromium.evaluate(payloads + ".every(p => Array.from(document.querySelectorAll('td'))"
                    + ".filter(td => td.textContent === p).length >= 6)").asBoolean(), "each payload in each table");
            assertTrue(chromium.evaluate(payloads + ".every(p => document.body.innerText.replace(/\\s+/g, ' ')"
                    + ".includes(p.replace(/\\s+/g, ' ')))").asBoolean(), "each payload visible as text");
            assertEquals(IncidentFixtures.PAYLOADS.stream().map(p -> p.replace('\n', ' ')).sorted().toList(),
                    strings(chromium.evaluate(
                    "echarts.getInstanceByDom(document.getElementById('region-chart')).getOption()"
                            + ".yAxis[0].data.slice().sort()")), "the heat map's rows are the regions as the page shows text");
            assertTrue(chromium.evaluate("document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]')"
                    + ".content").asText().startsWith("default-src 'none'; script-src 'sha256-"));

            assertEquals(List.of(), chromium.exceptions());
            assertEquals(List.of(), chromium.consoleMessages());
            // the policy is in force: a script added now (as an injection would be) is refused
            chromium.evaluate("document.body.appendChild(Object.assign(document.createElement('script'),"
                    + " {textContent: 'window.__pwned = 7'}))");
            assertEquals("undefined", chromium.evaluate("typeof window.__pwned").asText());
            assertTrue(chromium.consoleMessages().size() == 1
                    && chromium.consoleMessages().get(0).contains("Content Security Policy"),
                    chromium.consoleMessages().toString());
            assertEquals(List.of(), chromium.networkRequests());
            chromium.screenshot(page.resolveSibling("hostile.png"));
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }
}
