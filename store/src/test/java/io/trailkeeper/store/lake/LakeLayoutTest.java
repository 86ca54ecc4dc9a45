package io.trailkeeper.store.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A partition value as a path segment and back: odd values from records survive the trip, NONE stays NONE. */
class LakeLayoutTest {
    @Test
    void valuesComeBackFromTheirPathSegments() {
        for (String v : List.of("123456789012", "us-east-1", "eu west/1", "../etc", "ünïcödé", "100%", "a.b", "__x__")) {
            String segment = LakeLayout.value(v);
            assertTrue(segment.matches("[A-Za-z0-9._%-]+") && !segment.startsWith("."), segment);
            assertEquals(v, LakeLayout.decode(segment), segment);
        }
        assertEquals(LakeLayout.NONE, LakeLayout.value(null));
        assertEquals(LakeLayout.NONE, LakeLayout.decode(LakeLayout.value("")));
    }
}
