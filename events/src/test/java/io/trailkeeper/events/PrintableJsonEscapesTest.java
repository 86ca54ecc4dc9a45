package io.trailkeeper.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrintableJsonEscapesTest {
    /** "admin" with TAG LATIN CAPITAL LETTER A and B (U+E0041, U+E0042) after it: shown as "admin", holding more. */
    private static final String TAGGED = "admin" + new String(Character.toChars(0xE0041))
            + new String(Character.toChars(0xE0042)) + " \uD83D\uDE00 é";

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        JSON.getFactory().setCharacterEscapes(new PrintableJsonEscapes());
    }

    @Test
    void tagCharactersAreEscapedAsPairsAndReadBackTheSame() throws Exception {
        String text = JSON.writeValueAsString(Map.of("bucket", TAGGED));
        String bytes = new String(JSON.writeValueAsBytes(Map.of("bucket", TAGGED)), StandardCharsets.UTF_8);
        for (String json : new String[] {text, bytes}) {
            assertTrue(json.contains("admin\\uDB40\\uDC41\\uDB40\\uDC42"), json);
            assertTrue(json.contains("\\uD83D\\uDE00"), json);
            assertTrue(json.contains("é"), "the BMP's visible letters stay as they are: " + json);
            assertTrue(json.codePoints().noneMatch(Character::isSupplementaryCodePoint), json);
            assertEquals(TAGGED, new ObjectMapper().readTree(json).get("bucket").asText());
        }
    }

    @Test
    void printableRewritesStoredJsonTheSameWay() throws Exception {
        String record = new ObjectMapper().writeValueAsString(Map.of("userAgent", TAGGED));
        assertTrue(record.codePoints().anyMatch(Character::isSupplementaryCodePoint), record);
        String shown = PrintableJsonEscapes.printable(record);
        assertFalse(shown.codePoints().anyMatch(Character::isSupplementaryCodePoint), shown);
        assertTrue(shown.contains("admin\\uDB40\\uDC41"), shown);
        assertEquals(TAGGED, new ObjectMapper().readTree(shown).get("userAgent").asText());
    }
}
