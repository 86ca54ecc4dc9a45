package io.trailkeeper.report.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trailkeeper.events.Table;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncidentJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static String render(IncidentReport r) {
        StringWriter w = new StringWriter();
        IncidentJson.render(r, w);
        return w.toString();
    }

    @Test
    void everyComponentOfTheModelIsAKey() throws Exception {
        IncidentReport r = IncidentFixtures.sample();
        String text = render(r);
        assertTrue(text.endsWith("}\n"));
        JsonNode j = JSON.readTree(text);
        assertEquals(r.title(), j.path("title").asText());
        assertEquals("2026-03-04T09:15:00Z", j.path("generatedAt").asText(), "ISO-8601 UTC whatever the zone");
        assertEquals(r.since().toString(), j.path("since").asText());
        assertEquals(r.until().toString(), j.path("until").asText());
        assertEquals("PT1H", j.path("bucketSize").asText());
        assertEquals(r.filters().get(0), j.path("filters").get(0).asText());
        assertEquals(r.summary().size(), j.path("summary").size());
        assertEquals(r.timeline().size(), j.path("timeline").size());
        IncidentReport.TimeBucket b = r.timeline().get(31);
        JsonNode t = j.path("timeline").get(31);
        assertEquals(b.start().toString(), t.path("start").asText());
        assertEquals(List.of(b.events(), b.errors(), b.writes(), b.detections()), List.of(t.path("events").asLong(),
                t.path("errors").asLong(), t.path("writes").asLong(), t.path("detections").asLong()));
        assertEquals(r.regionBuckets().size(), j.path("regionBuckets").size());
        assertEquals(r.regionBuckets().get(0).region(), j.path("regionBuckets").get(0).path("region").asText());
        Map<String, Table> tables = Map.of("topPrincipals", r.topPrincipals(), "topIps", r.topIps(), "topCalls",
                r.topCalls(), "detections", r.detections(), "findings", r.findings(), "coverage", r.coverage());
        for (Map.Entry<String, Table> e : tables.entrySet()) {
            JsonNode table = j.path(e.getKey());
            assertEquals(e.getValue().columns().size(), table.path("columns").size(), e.getKey());
            for (int i = 0; i < e.getValue().rows().size(); i++) {
                for (int c = 0; c < e.getValue().columns().size(); c++) {
                    Object v = e.getValue().rows().get(i).get(c);
                    JsonNode cell = table.path("rows").get(i).path(e.getValue().columns().get(c));
                    if (v instanceof Long n) {
                        assertEquals(n.longValue(), cell.asLong(), e.getKey());
                    } else if (v instanceof Instant time) {
                        assertEquals(time.toString(), cell.asText());
                    } else if (v instanceof List<?> list) {
                        assertEquals(list, JSON.convertValue(cell, List.class), "authors stay a list");
                    } else {
                        assertEquals(v, cell.asText(), e.getKey());
                    }
                }
            }
        }
        assertEquals(r.gaps().get(1), j.path("gaps").get(1).asText());
    }

    @Test
    void findingsAreNullWithoutASnapshot() throws Exception {
        IncidentReport s = IncidentFixtures.sample();
        IncidentReport r = new IncidentReport(s.title(), s.generatedAt(), null, null, List.of(), List.of(),
                s.bucketSize(), List.of(), List.of(), s.topPrincipals(), s.topIps(), s.topCalls(), s.detections(),
                null, s.coverage(), List.of());
        JsonNode j = JSON.readTree(render(r));
        assertTrue(j.has("findings") && j.path("findings").isNull());
        assertTrue(j.path("since").isNull() && j.path("until").isNull());
    }

    @Test
    void hostileTextRoundTripsAndCannotBreakOutOfAScript() throws Exception {
        IncidentReport r = IncidentFixtures.hostile();
        String text = render(r);
        for (char c : new char[]{'<', '>', '&', '\u2028', '\u2029'}) {
            assertEquals(-1, text.indexOf(c), "raw U+" + Integer.toHexString(c));
        }
        assertTrue(text.contains("\\u003C/script\\u003E") || text.contains("\\u003c/script\\u003e"), text);
        JsonNode j = JSON.readTree(text);
        assertEquals(r.title(), j.path("title").asText());
        for (int i = 0; i < IncidentFixtures.PAYLOADS.size(); i++) {
            String p = IncidentFixtures.PAYLOADS.get(i);
            assertEquals(p, j.path("filters").get(i).asText());
            assertEquals(p, j.path("gaps").get(i).asText());
            assertEquals(p, j.path("regionBuckets").get(i).path("region").asText());
            JsonNode row = j.path("detections").path("rows").get(i);
            assertEquals(p, row.path("<b>detections</b>").asText());
            assertEquals(p, row.path("\"status\"<svg>").asText());
        }
    }
}
