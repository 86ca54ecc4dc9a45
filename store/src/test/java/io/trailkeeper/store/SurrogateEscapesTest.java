package io.trailkeeper.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.trailkeeper.events.TableSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record holding a lone surrogate escape (valid JSON text, not valid Unicode) made DuckDB's JSON reader fail, and
 * with it every statement that read records as JSON over the whole store. Now SQL reads it with U+FFFD in its place,
 * the other records as before, and the original record is given back byte for byte.
 */
class SurrogateEscapesTest {
    private static final String BAD = "{\"eventVersion\":\"1.08\",\"eventTime\":\"2024-01-01T00:00:00Z\","
            + "\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\",\"awsRegion\":\"us-east-1\","
            + "\"eventID\":\"a1\",\"userAgent\":\"x\\ud800y\",\"errorCode\":\"AccessDenied\","
            + "\"requestParameters\":{\"emoji\":\"\\ud83d\\ude00\"}}";

    @TempDir
    Path dir;

    @Test
    void loneEscapesAreReplacedAndPairsAndEscapedBackslashesKept() {
        assertEquals("\"x\\ufffdy\"", SurrogateEscapes.repaired("\"x\\ud800y\""));
        assertEquals("\"\\ufffd\\ufffd\"", SurrogateEscapes.repaired("\"\\uDC00\\uDBFF\""));
        assertEquals("\"\\ufffd\\u0041\"", SurrogateEscapes.repaired("\"\\ud800\\u0041\""));
        assertEquals("\"\\ufffd\"", SurrogateEscapes.repaired("\"\\udbff\""));
        String untouched = "\"\\ud83d\\ude00 \\\\ud800 \\\" \\n\"";
        assertSame(untouched, SurrogateEscapes.repaired(untouched));
    }

    @Test
    void oneSuchRecordNoLongerFailsSqlOverTheStore() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.jsonl"), BAD + "\n" + BAD.replace("\"a1\"", "\"a2\"")
                .replace("x\\ud800y", "ok").replace("GetObject", "PutObject") + "\n");
        try (EventStore s = TestStores.open(dir)) {
            TestStores.ingest(s, file);
        }
        try (EventStore s = TestStores.openReadOnly(dir)) {
            EventSearch search = new EventSearch(s);
            String emoji = "\ud83d\ude00";
            assertEquals(List.of(List.of("GetObject", "x\ufffdy", emoji), List.of("PutObject", "ok", emoji)),
                    rows(search, "SELECT event_name, record->>'$.userAgent', record->>'$.requestParameters.emoji'"
                            + " FROM cloudtrail ORDER BY 1"));
            assertEquals(2, search.count(new EventQuery(null, null, List.of(), List.of(), List.of(), null, null, null,
                    null, "any", null, null, null)), "--error any reads the records");
            List<byte[]> records = new ArrayList<>();
            search.records(new EventQuery(null, null, List.of(), List.of("GetObject"), List.of(), null, null, null,
                    null, null, null, null, null), records::add);
            assertArrayEquals(BAD.getBytes(StandardCharsets.UTF_8), records.get(0), "the original, byte for byte");
        }
    }

    private static List<List<Object>> rows(EventSearch search, String sql) {
        List<List<Object>> rows = new ArrayList<>();
        search.sql(sql, new TableSink() {
            @Override
            public void columns(List<String> names) {
            }

            @Override
            public void row(List<Object> values) {
                rows.add(values);
            }
        });
        return rows;
    }
}
