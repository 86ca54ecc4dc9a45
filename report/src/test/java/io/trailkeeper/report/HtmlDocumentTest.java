package io.trailkeeper.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.Table;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlDocumentTest {
    private static String render(HtmlDocument d) {
        StringWriter w = new StringWriter();
        d.render(new PrintWriter(w));
        return w.toString();
    }

    @Test
    void textAnAttackerChoseIsShownNotRun() {
        String page = render(new HtmlDocument("Audit <of> 123")
                .paragraph("user agent <script>alert(1)</script>")
                .table(new Table("t", List.of("user_agent"), List.of(List.of("\"><img src=x onerror=alert(1)>")))));
        assertFalse(page.contains("<script>"), page);
        assertFalse(page.contains("<img"), page);
        assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), page);
        assertTrue(page.contains("<title>Audit &lt;of&gt; 123</title>"), page);
        assertTrue(page.startsWith("<!DOCTYPE html>"));
        assertFalse(page.contains("http://") || page.contains("https://"), "self-contained: no external resources");
    }

    @Test
    void rowsAreMarkedByOutcomeAndValuesRenderAsInTables() {
        String page = render(new HtmlDocument("x").table(new Table("findings", List.of("check", "outcome", "when"),
                List.of(List.of("a", "FAIL", Instant.parse("2026-01-02T03:04:05Z")), List.of("b", "PASS", 1L),
                        Arrays.asList("c", "UNKNOWN", null)))));
        assertTrue(page.contains("<tr class=\"fail\"><td>a</td><td>FAIL</td><td>2026-01-02T03:04:05Z</td></tr>"), page);
        assertTrue(page.contains("<tr class=\"pass\"><td>b</td>"), page);
        assertTrue(page.contains("<tr class=\"unknown\"><td>c</td><td>UNKNOWN</td><td></td></tr>"), page);
        assertEquals("&amp;&lt;&gt;&quot;&#39;", HtmlDocument.escape("&<>\"'"));
    }

    @Test
    void directionInvisibleAndControlCharactersAreShownNotObeyed() {
        assertEquals("admin?gpj.exe ?x? a?b  [2J  2J\tline\nbreak", HtmlDocument.escape(
                "admin\u202Egpj.exe \u2066x\u2069 a\u200Bb \u001b[2J \u009b2J\tline\nbreak"));
        // tag characters spell text no reader sees; a surrogate pair of anything else stays whole
        assertEquals("x?? \uD83D\uDE00", HtmlDocument.escape("x\uDB40\uDC01\uDB40\uDC41 \uD83D\uDE00"));
    }
}
