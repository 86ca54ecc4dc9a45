package io.trailkeeper.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.Table;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableRendererTest {

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    private static List<String> render(int width, List<String> columns, List<List<Object>> rows) {
        StringWriter text = new StringWriter();
        TableRenderer table = new TableRenderer(new PrintWriter(text), width);
        table.columns(columns);
        rows.forEach(table::row);
        table.end();
        return lines(text);
    }

    private static List<String> lines(StringWriter text) {
        String s = text.toString();
        if (s.isEmpty()) {
            return List.of();
        }
        assertTrue(s.endsWith(System.lineSeparator()), "output ends with a line break");
        String[] parts = s.split(System.lineSeparator(), -1);
        return List.of(parts).subList(0, parts.length - 1);
    }

    private static void assertAllAtMost(int width, List<String> lines) {
        for (String line : lines) {
            assertTrue(line.length() <= width, "longer than " + width + ": [" + line + "] (" + line.length() + ")");
        }
    }

    @Test
    void headerRuleAndRowsAreAligned() {
        List<String> out = render(0, List.of("name", "n", "region"),
                List.of(row("alice", 1L, "us-east-1"), row("bob", 22L, "eu-west-2")));
        assertEquals(List.of(
                "name   n   region",
                "-----  --  ---------",
                "alice  1   us-east-1",
                "bob    22  eu-west-2"), out);
    }

    @Test
    void valuesAreShownLikeEveryOtherRenderer() {
        List<String> out = render(0, List.of("t", "b", "l", "d", "x"),
                List.of(row(Instant.parse("2023-07-10T11:42:36Z"), true, List.of("a", "b"), 3.0d, null)));
        assertEquals(List.of(
                "t                     b     l     d  x",
                "--------------------  ----  ----  -  -",
                "2023-07-10T11:42:36Z  true  a, b  3"), out);
    }

    @Test
    void worksThroughTableWriteTo() {
        StringWriter text = new StringWriter();
        new Table("t", List.of("k", "v"), List.of(row("a", 1L))).writeTo(new TableRenderer(new PrintWriter(text), 80));
        assertEquals(List.of("k  v", "-  -", "a  1"), lines(text));
    }

    @Test
    void noTrailingSpaces() {
        List<String> out = render(0, List.of("a", "b"), List.of(row("x", ""), row("long value", null)));
        for (String line : out) {
            assertEquals(line.stripTrailing(), line, "[" + line + "]");
        }
    }

    @Test
    void emptyTableSaysNoRows() {
        List<String> out = render(80, List.of("eventName", "count"), List.of());
        assertFalse(out.isEmpty());
        assertEquals("(no rows)", out.get(out.size() - 1));
        assertEquals(1, out.stream().filter("(no rows)"::equals).count());
    }

    @Test
    void noRowsLineOnlyWhenEmpty() {
        List<String> out = render(80, List.of("a"), List.of(row("x")));
        assertFalse(out.contains("(no rows)"), out.toString());
    }

    @Test
    void widthZeroCutsNothing() {
        String longValue = "x".repeat(300);
        String other = "arn:aws:iam::123456789012:role/" + "y".repeat(200);
        List<String> out = render(0, List.of("a", "b"), List.of(row(longValue, other), row("short", "s")));
        assertTrue(out.get(2).startsWith(longValue + "  " + other), out.get(2));
        assertFalse(String.join("\n", out).contains("…"));
    }

    @Test
    void aWidthBoundsEveryLineAndLongValuesEndInEllipsis() {
        String agent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)";
        String arn = "arn:aws:sts::123456789012:assumed-role/AdministratorAccess/someone@example.com";
        List<String> out = render(60, List.of("eventName", "userAgent", "arn"),
                List.of(row("ConsoleLogin", agent, arn), row("GetObject", "aws-cli", "x")));
        assertEquals(4, out.size(), out.toString());
        assertAllAtMost(60, out);
        String first = out.get(2);
        assertTrue(first.startsWith("ConsoleLogin  "), first);
        assertTrue(first.endsWith("…"), first);
        List<String> cells = List.of(first.split(" {2,}"));
        assertEquals(3, cells.size(), first);
        assertTrue(cells.get(1).endsWith("…"), first);
        assertTrue(agent.startsWith(cells.get(1).substring(0, cells.get(1).length() - 1)), first);
        assertTrue(arn.startsWith(cells.get(2).substring(0, cells.get(2).length() - 1)), first);
        assertTrue(out.get(3).startsWith("GetObject     aws-cli"), out.get(3));
        assertFalse(out.get(3).contains("…"), out.get(3));
    }

    @Test
    void aTableThatFitsIsNotCut() {
        List<String> out = render(60, List.of("a", "b"), List.of(row("short", "values")));
        assertEquals(List.of("a      b", "-----  ------", "short  values"), out);
    }

    @Test
    void theRuleIsAsWideAsTheColumns() {
        List<String> out = render(40, List.of("a", "b", "c"),
                List.of(row("1".repeat(50), "2".repeat(50), "3".repeat(50))));
        assertEquals(40, out.get(1).length(), out.get(1));
        assertEquals(40, out.get(2).length(), out.get(2));
        assertAllAtMost(40, out);
    }

    @Test
    void lineBreaksAndTabsInValuesBecomeSpaces() {
        List<String> out = render(0, List.of("a", "b"), List.of(row("one\ntwo\r\nthree\rfour\tfive", "z")));
        assertEquals(3, out.size(), out.toString());
        assertEquals("one two three four five  z", out.get(2));
    }

    @Test
    void lineBreaksInsideListsBecomeSpaces() {
        List<String> out = render(0, List.of("l"), List.of(row(List.of("a\nb", "c\td"))));
        assertEquals(List.of("l", "--------", "a b, c d"), out);
    }

    @Test
    void lineBreaksInColumnNamesBecomeSpaces() {
        List<String> out = render(0, List.of("a\nb", "c"), List.of(row("x", "y")));
        assertEquals(List.of("a b  c", "---  -", "x    y"), out);
    }

    @Test
    void terminalControlCharactersAreNotPassedThrough() {
        // An attacker-chosen user agent must not be able to drive the analyst's terminal.
        String agent = "\u001b]0;owned\u0007\u001b[2J\u001b[31mred\u009b0m\u0000";
        List<String> out = render(0, List.of("userAgent"), List.of(row(agent)));
        for (String line : out) {
            for (char c : line.toCharArray()) {
                assertFalse(Character.isISOControl(c), "control character U+" + Integer.toHexString(c) + " in " + line);
            }
        }
        assertTrue(out.get(2).contains("red"), out.get(2));
    }

    @Test
    void directionAndInvisibleCharactersAreShownNotObeyed() {
        // U+202E would make the terminal show "admin\u202Egpj.exe" as "adminexe.jpg"; isolates and zero-width
        // characters hide text; each shows as a '?' so the reader sees it is there
        String bucket = "admin\u202Egpj.exe a\u2066b\u2069 ad\u200Bmin\uFEFF x\u2028y \uDB40\uDC41";
        List<String> out = render(0, List.of("bucket"), List.of(row(bucket)));
        assertEquals("admin?gpj.exe a?b? ad?min? x?y ?", out.get(2));
    }

    @Test
    void cuttingNeverSplitsASurrogatePair() {
        String emoji = "\uD83D\uDE00".repeat(40);
        for (int width = 20; width <= 30; width++) {
            List<String> out = render(width, List.of("a", "b"), List.of(row("abc", emoji)));
            for (String line : out) {
                for (int i = 0; i < line.length(); i++) {
                    char c = line.charAt(i);
                    if (Character.isHighSurrogate(c)) {
                        assertTrue(i + 1 < line.length() && Character.isLowSurrogate(line.charAt(i + 1)),
                                "lone high surrogate at width " + width + ": " + line);
                        i++;
                    } else {
                        assertFalse(Character.isLowSurrogate(c), "lone low surrogate at width " + width + ": " + line);
                    }
                }
            }
            assertTrue(out.get(2).endsWith("…"), out.get(2));
        }
    }

    @Test
    void rowsStreamOnceTheFirstRowsHaveSizedTheColumns() {
        StringWriter text = new StringWriter();
        TableRenderer table = new TableRenderer(new PrintWriter(text), 60);
        table.columns(List.of("n", "v"));
        for (int i = 0; i < TableRenderer.SIZING_ROWS - 1; i++) {
            table.row(row((long) i, "v"));
        }
        assertEquals("", text.toString(), "nothing is written while the columns are being sized");
        table.row(row((long) TableRenderer.SIZING_ROWS - 1, "v"));
        assertEquals(2 + TableRenderer.SIZING_ROWS, lines(text).size());
        table.row(row(12345L, "later"));
        List<String> now = lines(text);
        assertEquals(3 + TableRenderer.SIZING_ROWS, now.size());
        table.end();
        assertEquals(now, lines(text));
    }

    @Test
    void moreThanTheSizingRowsKeepTheFirstWidths() {
        int total = TableRenderer.SIZING_ROWS + 250;
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            String v = i == TableRenderer.SIZING_ROWS + 100 ? "L".repeat(200) : "value-" + i;
            rows.add(row((long) i, v, "tail"));
        }
        List<String> out = render(60, List.of("n", "v", "c"), rows);
        assertEquals(2 + total, out.size());
        assertAllAtMost(60, out);
        // The first 500 rows fixed the widths: n is 3 wide, v is "value-499".length() = 9 wide.
        assertEquals("---  ---------  ----", out.get(1));
        for (int i = 0; i < total; i++) {
            String line = out.get(2 + i);
            assertTrue(line.startsWith(String.format("%-3d  ", i)), line);
            assertTrue(line.endsWith("  tail"), line);
        }
        assertEquals("600  LLLLLLLL…  tail", out.get(2 + TableRenderer.SIZING_ROWS + 100));
        assertEquals("749  value-749  tail", out.get(out.size() - 1));
    }

    @Test
    void withoutAWidthLaterLongerValuesAreNotCut() {
        int total = TableRenderer.SIZING_ROWS + 10;
        List<List<Object>> rows = new ArrayList<>();
        String longValue = "arn:aws:iam::123456789012:role/" + "z".repeat(100);
        for (int i = 0; i < total; i++) {
            rows.add(row(i == total - 1 ? longValue : "v", i == total - 1 ? longValue : "w"));
        }
        List<String> out = render(0, List.of("a", "b"), rows);
        assertEquals(2 + total, out.size());
        assertEquals(longValue + "  " + longValue, out.get(out.size() - 1));
        assertFalse(String.join("\n", out).contains("…"));
    }

    @Test
    void laterValuesInAnEmptyColumnDoNotBreakTheTable() {
        // A column whose name and first values are empty is 0 wide; a later value must not crash the renderer.
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < TableRenderer.SIZING_ROWS + 1; i++) {
            rows.add(row(i == TableRenderer.SIZING_ROWS ? "late" : null, "x"));
        }
        List<String> out = render(60, List.of("", "b"), rows);
        assertEquals(2 + TableRenderer.SIZING_ROWS + 1, out.size());
        assertAllAtMost(60, out);
        assertTrue(out.get(out.size() - 1).endsWith("x"), out.get(out.size() - 1));
    }

    @Test
    void shortRowsArePaddedAndExtraCellsIgnored() {
        List<String> out = render(0, List.of("a", "b", "c"), List.of(row("1"), row("1", "2", "3", "4")));
        assertEquals(List.of("a  b  c", "-  -  -", "1", "1  2  3"), out);
    }

    @Test
    void timesAreNeverCutAndOtherColumnsKeepTwelveCharacters() {
        List<Object> r = row(java.time.Instant.parse("2023-07-10T12:08:10Z"), "s3.amazonaws.com",
                "DeleteBucket", "arn:aws:iam::123456789012:user/someone-with-a-long-name", "x".repeat(80));
        List<String> out = render(80, List.of("event_time", "event_source", "event_name", "principal", "resources"),
                List.of(r));
        String line = out.get(2);
        assertTrue(line.startsWith("2023-07-10T12:08:10Z  "), line);
        assertTrue(line.contains("DeleteBucket"), line);
        assertAllAtMost(80, out);
        // narrower than the floors allow: the time stays whole, the line overflows rather than cut to nothing
        List<String> narrow = render(30, List.of("event_time", "event_source", "event_name"), List.of(r.subList(0, 3)));
        assertEquals("2023-07-10T12:08:10Z  s3.amazonaw…  DeleteBucket", narrow.get(2));
    }
}
