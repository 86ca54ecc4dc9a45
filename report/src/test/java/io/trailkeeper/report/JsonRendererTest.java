package io.trailkeeper.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trailkeeper.events.PrintableJsonEscapes;
import io.trailkeeper.events.Table;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonRendererTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant TIME = Instant.parse("2023-07-10T11:42:36Z");

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    private static String render(boolean lines, List<String> columns, List<List<Object>> rows) {
        StringWriter text = new StringWriter();
        JsonRenderer json = new JsonRenderer(new PrintWriter(text), lines);
        json.columns(columns);
        rows.forEach(json::row);
        json.end();
        return text.toString();
    }

    private static JsonNode parseArray(String json) throws Exception {
        JsonNode node = MAPPER.readTree(json);
        assertTrue(node.isArray(), json);
        return node;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }

    private static final List<String> COLUMNS = List.of("eventName", "count", "ratio", "readOnly", "errorCode",
            "resources", "eventTime");

    private static List<Object> sampleRow() {
        return row("ConsoleLogin", -5L, 1.5d, true, null, List.of("arn:a", "arn:b"), TIME);
    }

    private static void assertSampleRow(JsonNode o) {
        assertTrue(o.isObject(), o.toString());
        assertEquals(COLUMNS, fieldNames(o));
        assertTrue(o.get("eventName").isTextual());
        assertEquals("ConsoleLogin", o.get("eventName").textValue());
        assertTrue(o.get("count").isIntegralNumber(), o.toString());
        assertEquals(-5L, o.get("count").longValue());
        assertTrue(o.get("ratio").isFloatingPointNumber(), o.toString());
        assertEquals(1.5d, o.get("ratio").doubleValue());
        assertTrue(o.get("readOnly").isBoolean(), o.toString());
        assertTrue(o.get("readOnly").booleanValue());
        assertTrue(o.has("errorCode"), "a null value is written, not left out");
        assertTrue(o.get("errorCode").isNull(), o.toString());
        JsonNode resources = o.get("resources");
        assertTrue(resources.isArray(), o.toString());
        assertEquals(2, resources.size());
        assertEquals("arn:a", resources.get(0).textValue());
        assertEquals("arn:b", resources.get(1).textValue());
        assertTrue(o.get("eventTime").isTextual(), o.toString());
        assertEquals("2023-07-10T11:42:36Z", o.get("eventTime").textValue());
    }

    @Test
    void arrayModeIsValidJsonWithTypedValues() throws Exception {
        JsonNode array = parseArray(render(false, COLUMNS, List.of(sampleRow())));
        assertEquals(1, array.size());
        assertSampleRow(array.get(0));
    }

    @Test
    void arrayModeKeepsRowOrder() throws Exception {
        JsonNode array = parseArray(render(false, List.of("n"), List.of(row(1L), row(2L), row(3L))));
        assertEquals(3, array.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(i + 1, array.get(i).get("n").longValue());
        }
    }

    @Test
    void arrayModeWithZeroRowsIsAnEmptyArray() throws Exception {
        String out = render(false, List.of("a", "b"), List.of());
        assertEquals("[]", out.replaceAll("\\s", ""), out);
        JsonNode array = parseArray(out);
        assertEquals(0, array.size());
    }

    @Test
    void arrayModeEndsWithANewline() {
        String out = render(false, List.of("a"), List.of(row("x")));
        assertTrue(out.endsWith("]\n"), out);
    }

    @Test
    void worksThroughTableWriteTo() throws Exception {
        StringWriter text = new StringWriter();
        new Table("t", COLUMNS, List.of(sampleRow(), sampleRow()))
                .writeTo(new JsonRenderer(new PrintWriter(text), false));
        JsonNode array = parseArray(text.toString());
        assertEquals(2, array.size());
        assertSampleRow(array.get(0));
        assertSampleRow(array.get(1));
    }

    @Test
    void linesModeWritesOneObjectPerLine() throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rows.add(sampleRow());
        }
        String out = render(true, COLUMNS, rows);
        assertTrue(out.endsWith("\n"), out);
        String[] lines = out.split("\n", -1);
        assertEquals(4, lines.length, out); // three lines and the empty text after the last newline
        assertEquals("", lines[3]);
        for (int i = 0; i < 3; i++) {
            String line = lines[i];
            assertTrue(line.startsWith("{") && line.endsWith("}"), "line " + i + ": [" + line + "]");
            assertSampleRow(MAPPER.readTree(line));
        }
    }

    @Test
    void linesModeKeepsLineBreaksInsideValuesEscaped() throws Exception {
        String out = render(true, List.of("s"), List.of(row("a\nb\r\nc"), row("d")));
        String[] lines = out.split("\n");
        assertEquals(2, lines.length, out);
        assertEquals("a\nb\r\nc", MAPPER.readTree(lines[0]).get("s").textValue());
        assertEquals("d", MAPPER.readTree(lines[1]).get("s").textValue());
    }

    @Test
    void linesModeWithZeroRowsWritesNothing() {
        assertEquals("", render(true, List.of("a"), List.of()));
    }

    @Test
    void linesAreWrittenAsRowsArrive() throws Exception {
        StringWriter text = new StringWriter();
        JsonRenderer json = new JsonRenderer(new PrintWriter(text), true);
        json.columns(List.of("n"));
        json.row(row(1L));
        assertEquals(1L, MAPPER.readTree(text.toString()).get("n").longValue(), text.toString());
        assertTrue(text.toString().endsWith("\n"));
    }

    @Test
    void awkwardStringsRoundTrip() throws Exception {
        List<String> strings = List.of("quote \" backslash \\ slash /", "tab\tnewline\ncr\r", "\u0000\u001f\u007f",
                "ünïcødé 漢字 \uD83D\uDE00", "</script>", "");
        List<List<Object>> rows = new ArrayList<>();
        for (String s : strings) {
            rows.add(row(s));
        }
        JsonNode array = parseArray(render(false, List.of("s"), rows));
        assertEquals(strings.size(), array.size());
        for (int i = 0; i < strings.size(); i++) {
            assertEquals(strings.get(i), array.get(i).get("s").textValue());
        }
    }

    @Test
    void awkwardColumnNamesRoundTrip() throws Exception {
        List<String> columns = List.of("a \"b\"", "c\nd", "count(*)");
        JsonNode o = parseArray(render(false, columns, List.of(row(1L, 2L, 3L)))).get(0);
        assertEquals(columns, fieldNames(o));
    }

    @Test
    void shortRowsFillWithNull() throws Exception {
        JsonNode o = parseArray(render(false, List.of("a", "b", "c"), List.of(row("x")))).get(0);
        assertEquals(List.of("a", "b", "c"), fieldNames(o));
        assertEquals("x", o.get("a").textValue());
        assertTrue(o.get("b").isNull());
        assertTrue(o.get("c").isNull());
    }

    @Test
    void everyKindOfNumberIsAJsonNumber() throws Exception {
        List<String> columns = List.of("long", "int", "short", "byte", "float", "double", "decimal", "bigint");
        List<Object> values = row(Long.MIN_VALUE, 42, (short) -3, (byte) 7, 2.5f, -0.125d,
                new BigDecimal("12345678901234567890.000001"), new BigInteger("123456789012345678901234567890"));
        JsonNode o = parseArray(render(false, columns, List.of(values))).get(0);
        for (String c : columns) {
            assertTrue(o.get(c).isNumber(), c + " should be a number in " + o);
        }
        assertEquals(Long.MIN_VALUE, o.get("long").longValue());
        assertEquals(42, o.get("int").intValue());
        assertEquals(-3, o.get("short").intValue());
        assertEquals(7, o.get("byte").intValue());
        assertEquals(2.5d, o.get("float").doubleValue());
        assertEquals(-0.125d, o.get("double").doubleValue());
        assertEquals(new BigInteger("123456789012345678901234567890"), o.get("bigint").bigIntegerValue());
        ObjectMapper exact = new ObjectMapper()
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        JsonNode precise = exact.readTree(render(true, List.of("decimal"),
                List.of(row(new BigDecimal("12345678901234567890.000001")))));
        assertEquals(new BigDecimal("12345678901234567890.000001"), precise.get("decimal").decimalValue());
    }

    @Test
    void wholeDoublesStayNumbers() throws Exception {
        JsonNode o = parseArray(render(false, List.of("d"), List.of(row(3.0d)))).get(0);
        assertTrue(o.get("d").isNumber(), o.toString());
        assertEquals(3.0d, o.get("d").doubleValue());
    }

    @Test
    void nonFiniteDoublesStillGiveValidJson() throws Exception {
        String out = render(false, List.of("nan", "inf", "ninf"),
                List.of(row(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)));
        JsonNode o = parseArray(out).get(0); // a strict parser rejects bare NaN / Infinity
        assertFalse(o.get("nan").isNumber(), out);
        assertEquals(3, o.size());
    }

    @Test
    void nestedAndMixedListsAreArrays() throws Exception {
        List<Object> mixed = row("s", 1L, 2.5d, false, null, TIME, List.of("inner"));
        JsonNode o = parseArray(render(false, List.of("l", "empty"), List.of(row(mixed, List.of())))).get(0);
        JsonNode l = o.get("l");
        assertTrue(l.isArray(), o.toString());
        assertEquals(7, l.size());
        assertEquals("s", l.get(0).textValue());
        assertTrue(l.get(1).isIntegralNumber());
        assertEquals(1L, l.get(1).longValue());
        assertTrue(l.get(2).isFloatingPointNumber());
        assertTrue(l.get(3).isBoolean());
        assertFalse(l.get(3).booleanValue());
        assertTrue(l.get(4).isNull());
        assertEquals("2023-07-10T11:42:36Z", l.get(5).textValue());
        assertTrue(l.get(6).isArray());
        assertEquals("inner", l.get(6).get(0).textValue());
        assertTrue(o.get("empty").isArray());
        assertEquals(0, o.get("empty").size());
    }

    @Test
    void instantWithFractionIsUtcIso8601() throws Exception {
        JsonNode o = parseArray(render(false, List.of("t"),
                List.of(row(Instant.parse("2023-07-10T11:42:36.5Z"))))).get(0);
        assertEquals("2023-07-10T11:42:36.500Z", o.get("t").textValue());
    }

    @Test
    void controlDirectionAndInvisibleCharactersAreEscapesOfTheSameValue() throws Exception {
        String agent = "\u001b[2J \u009b2J \u007f admin\u202Egpj.exe \u2066x\u2069 z\u200Bw \uFEFF a\u2028b \u00e9\uD83D\uDE00";
        for (boolean lines : new boolean[] {false, true}) {
            String out = render(lines, List.of("user_agent"), List.of(row(agent)));
            assertTrue(out.contains("\\u009B2J \\u007F admin\\u202Egpj.exe \\u2066x\\u2069 z\\u200Bw \\uFEFF a\\u2028b"), out);
            assertTrue(out.chars().noneMatch(c -> c == 0x1b || c == 0x9b || c == 0x7f || c == 0x202e || c == 0x200b
                    || c == 0x2028), out);
            // the BMP's visible letters stay as they are; beyond it (emoji, invisible tag characters) surrogate pairs
            // are escaped, as an escape is written per UTF-16 unit
            assertTrue(out.contains("\u00e9\\uD83D\\uDE00"), "é stays, the emoji is escaped: " + out);
            JsonNode node = MAPPER.readTree(out);
            assertEquals(agent, (lines ? node : node.get(0)).get("user_agent").asText());
        }
    }

    @Test
    void aStoredRecordIsMadePrintableWithoutChangingItsValue() throws Exception {
        String record = "{\"userAgent\":\"admin\u202Egpj.exe \u009b2J \u007f z\u200Bw \u00e9\uD83D\uDE00\","
                + "\"n\":\"\\u001b[2J\"}";
        String shown = PrintableJsonEscapes.printable(record);
        assertEquals("{\"userAgent\":\"admin\\u202Egpj.exe \\u009B2J \\u007F z\\u200Bw \u00e9\\uD83D\\uDE00\","
                + "\"n\":\"\\u001b[2J\"}", shown);
        assertEquals(MAPPER.readTree(record), MAPPER.readTree(shown));
        String plain = "{\"a\":\"b\"}";
        assertTrue(PrintableJsonEscapes.printable(plain) == plain, "clean text is returned as it is");
    }
}
