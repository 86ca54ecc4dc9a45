package io.trailkeeper.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void findsTheFirstSpaceOutsideStrings() {
        assertEquals(-1, Json.firstInsignificantSpace(bytes("{\"userAgent\":\"aws-cli/2.15 Python/3.11\"}")));
        assertEquals(-1, Json.firstInsignificantSpace(bytes("{\"a\":\"x\\\" y\\\\\",\"b\":\"\\\\\\\"  \"}")));
        for (int at = 0; at < 20; at++) {
            String padding = "x".repeat(at);
            String doc = "{\"k\":\"" + padding + " in a string\",\"n\":1, \"m\":2}";
            assertEquals(doc.indexOf(", ") + 1, Json.firstInsignificantSpace(bytes(doc)), doc);
        }
        assertEquals(3, Json.firstInsignificantSpace(bytes("{\"\"\n:1}")));
    }

    @Test
    void compactDropsOnlyTheSpaceOutsideStrings() {
        byte[] compact = bytes("{\"a\":\"x y\",\"b\":[1,2]}");
        assertSame(compact, Json.compact(compact), "a compact record is kept as it is");
        assertArrayEquals(compact, Json.compact(bytes("{ \"a\" : \"x y\",\n\t\"b\": [1, 2]\r\n}")));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
