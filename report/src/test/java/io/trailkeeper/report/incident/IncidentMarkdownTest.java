package io.trailkeeper.report.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.Table;
import io.trailkeeper.report.Values;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentMarkdownTest {
    static String render(IncidentReport r) {
        StringWriter w = new StringWriter();
        IncidentMarkdown.render(r, w);
        return w.toString();
    }

    @Test
    void everyValueOfTheModelIsInTheText() {
        IncidentReport r = IncidentFixtures.sample();
        String md = render(r);
        assertTrue(md.startsWith("# Incident INC-4711: leaked key AKIAEXAMPLEKEY000001\n"), md);
        assertTrue(md.contains("**Window:** " + r.since() + " to " + r.until() + " (UTC)"), md);
        assertTrue(md.contains("**Buckets:** 1 hour"));
        r.summary().forEach(s -> assertTrue(md.contains("- " + IncidentMarkdown.text(s) + "\n"), s));
        for (Table t : List.of(r.topPrincipals(), r.topIps(), r.topCalls(), r.detections(), r.findings(),
                r.coverage())) {
            for (List<Object> row : t.rows()) {
                StringBuilder line = new StringBuilder("|");
                row.forEach(v -> line.append(' ').append(IncidentMarkdown.text(Values.text(v))).append(" |"));
                assertTrue(md.contains(line + "\n"), line.toString());
            }
        }
        assertTrue(md.contains("| Jane Doe, John Roe |") && md.contains("Detection Rule License"));
        assertTrue(md.contains("| first day |"), "column names read as words, as in the HTML");
        for (String gap : r.gaps()) {
            assertTrue(md.contains("- **Gap:** " + gap + "\n"), gap);
        }
        long busy = r.timeline().stream().filter(t -> t.events() > 0).count();
        IncidentReport.TimeBucket burst = r.timeline().get(31);
        assertTrue(md.contains("| 2026-03-03 07:00 | " + burst.events() + " | " + burst.errors() + " | "
                + burst.writes() + " | 3 |\n"), "the burst bucket, labelled in UTC");
        assertTrue(md.contains((r.timeline().size() - busy) + " bucket(s) without events are not shown."));
        assertTrue(md.contains("| us-east-1 | "), "region table");
        assertTrue(md.contains("Made by TrailKeeper "));
    }

    @Test
    void withoutASnapshotTheTextSaysHowToTakeOne() {
        IncidentReport s = IncidentFixtures.sample();
        Table empty = new Table("e", List.of("a"), List.of());
        String md = render(new IncidentReport(s.title(), s.generatedAt(), s.since(), s.until(), List.of(), List.of(),
                s.bucketSize(), List.of(), List.of(), empty, empty, empty, empty, null, empty, List.of()));
        assertTrue(md.contains("No account snapshot was in the store") && md.contains("`trailkeeper audit`"), md);
        assertTrue(md.contains("**Filters:** none (every event in the window)"));
        assertTrue(md.contains("None.\n") && md.contains(IncidentTexts.NO_GAPS));
    }

    @Test
    void hostileTextCannotAddMarkupLinksCellsOrLines() {
        IncidentReport r = IncidentFixtures.hostile();
        String md = render(r);
        String withoutBreaks = md.replace("<br>", "");
        assertEquals(-1, withoutBreaks.indexOf('<'), "no raw HTML but the line breaks the renderer writes");
        assertFalse(md.contains("\u2028") || md.contains("\u2029"));
        assertFalse(md.contains("](") && !md.contains("\\](") , "no link syntax");
        assertTrue(md.contains("\\[link\\](javascript:alert(1)) \\`code\\` \\*bold\\* \\_em\\_ \\\\ \\# h<br>second"));
        assertTrue(md.contains("&lt;script&gt;window.\\_\\_pwned=1&lt;/script&gt;"));
        assertTrue(md.contains("{{7\\*7}} ${7\\*7} &lt;!-- x --&gt; \\]\\]&gt; <br>line<br>para"));
        // every table line has exactly one unescaped pipe per cell border
        for (String line : md.split("\n")) {
            if (line.startsWith("| ") && !line.startsWith("| ---")) {
                int pipes = line.replace("\\\\", "").replace("\\|", "").split("\\|", -1).length - 1;
                assertTrue(pipes == 5 || pipes == 6, pipes + " borders: " + line);
            }
        }
        assertFalse(md.lines().anyMatch(l -> l.startsWith("second line")), "a value cannot start a line");
    }

    @Test
    void aValueCannotStartAListHeadingOrNumberedLine() {
        assertEquals("\\- item", IncidentMarkdown.text("- item"));
        assertEquals("\\+ item", IncidentMarkdown.text("+ item"));
        assertEquals("12\\. item", IncidentMarkdown.text("12. item"));
        assertEquals("\\# title", IncidentMarkdown.text("# title"));
        assertEquals("a<br>b<br>c d", IncidentMarkdown.text("a\r\nb\rc\u0007d"));
    }

    @Test
    void addressesAreNotLinkedAndDirectionCharactersAreShown() {
        // GitHub links bare addresses by itself: each must stay text
        assertEquals("see https\\://evil.example/x, WWW\\.evil.example and ceo\\@evil.example", IncidentMarkdown.text(
                "see https://evil.example/x, WWW.evil.example and ceo@evil.example"));
        assertEquals("arn:aws:iam::1:role/x 10:00 a.b", IncidentMarkdown.text("arn:aws:iam::1:role/x 10:00 a.b"));
        assertEquals("admin?gpj.exe ?x? a?b", IncidentMarkdown.text("admin\u202Egpj.exe \u2066x\u2069 a\u200Bb"));
        assertEquals("x?? \uD83D\uDE00", IncidentMarkdown.text("x\uDB40\uDC01\uDB40\uDC41 \uD83D\uDE00"));
    }
}
