package io.trailkeeper.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
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
    void agreesWithFollowingTheStringsByteByByteOnRandomDocuments() {
        Random random = new Random(11);
        int withSpace = 0;
        for (int round = 0; round < 20_000; round++) {
            StringBuilder doc = new StringBuilder();
            boolean spaced = random.nextInt(3) == 0;
            value(doc, random, 0, spaced);
            byte[] bytes = bytes("{\"k\":" + doc + "}");
            int expected = Json.firstSpaceFollowingStrings(bytes);
            withSpace += expected >= 0 ? 1 : 0;
            assertEquals(expected, Json.firstInsignificantSpace(bytes), doc::toString);
        }
        assertTrue(withSpace > 1_000 && withSpace < 7_000, "documents with white space outside strings: " + withSpace);
    }

    /** A random JSON value; with {@code spaced}, white space between some of its tokens. */
    private static void value(StringBuilder out, Random random, int depth, boolean spaced) {
        int kind = depth > 3 ? 2 + random.nextInt(3) : random.nextInt(5);
        switch (kind) {
            case 0 -> {
                out.append('{');
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        space(out, random, spaced).append(',');
                    }
                    space(out, random, spaced);
                    string(out, random);
                    space(out, random, spaced).append(':');
                    space(out, random, spaced);
                    value(out, random, depth + 1, spaced);
                }
                space(out, random, spaced).append('}');
            }
            case 1 -> {
                out.append('[');
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    space(out, random, spaced);
                    value(out, random, depth + 1, spaced);
                    space(out, random, spaced);
                }
                out.append(']');
            }
            case 2 -> out.append(random.nextInt(2000) - 1000);
            case 3 -> out.append(List.of("true", "false", "null").get(random.nextInt(3)));
            default -> string(out, random);
        }
    }

    /** A string of the characters that matter here: spaces, structure, escaped quotes and backslashes, letters. */
    private static void string(StringBuilder out, Random random) {
        String[] parts = {" ", ":", ",", "{", "}", "[", "]", "\\\"", "\\\\", "\\n", "\\t", "a", "Z", "7", "\u00e9", ": ",
            ", ", " }"};
        out.append('"');
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            out.append(parts[random.nextInt(parts.length)]);
        }
        out.append('"');
    }

    private static StringBuilder space(StringBuilder out, Random random, boolean spaced) {
        if (spaced && random.nextInt(8) == 0) {
            out.append(" \n\t\r".charAt(random.nextInt(4)));
        }
        return out;
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
