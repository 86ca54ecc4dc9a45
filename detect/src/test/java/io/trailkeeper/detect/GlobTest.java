package io.trailkeeper.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Sigma wildcards match as the regular expression they stand for would, in time linear in the text's length. */
class GlobTest {
    @Test
    void wildcardsMatchAsTheirRegularExpressionWould() {
        Random random = new Random(20261128);
        String letters = "aAbB?*\\c";
        String textLetters = "aAbBc*?\\\u00df\u0130";
        for (int n = 0; n < 20_000; n++) {
            String value = word(random, letters, random.nextInt(7));
            String text = word(random, textLetters, random.nextInt(9));
            boolean lead = random.nextBoolean();
            boolean trail = random.nextBoolean();
            boolean cased = random.nextBoolean();
            boolean expected = regex(value, lead, trail, cased).matcher(text).matches();
            assertEquals(expected, StringPattern.of(value, lead, trail, cased).test(text),
                    "value '" + value + "' lead " + lead + " trail " + trail + " cased " + cased + " over '" + text + "'");
        }
    }

    @Test
    void manyWildcardsOverALongHostileTextTakeLinearTime() {
        String policy = "{\"Effect\":\"Allow\",\"Action\":\"s3:Get\",".repeat(2_000); // 80 KB, no Resource
        StringPattern p = StringPattern.of("\"Effect\":\"Allow\"*\"Action\":*\"Resource\":\"\\*\"", true, true, false);
        long started = System.nanoTime();
        assertFalse(p.test(policy));
        assertTrue(p.test(policy + "\"Resource\":\"*\"}"));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < 2_000, millis + " ms (as a backtracking regex: minutes)");
        assertTrue(StringPattern.of("a?c", false, false, false).test("a\uD83D\uDE00c"), "? takes a surrogate pair");
    }

    private static String word(Random random, String letters, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append(letters.charAt(random.nextInt(letters.length())));
        }
        return b.toString();
    }

    /** The Sigma value as the regular expression StringPattern compiled before Glob. */
    private static Pattern regex(String value, boolean lead, boolean trail, boolean cased) {
        StringBuilder regex = new StringBuilder(lead ? ".*" : "");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() && "*?\\".indexOf(value.charAt(i + 1)) >= 0) {
                regex.append(Pattern.quote(String.valueOf(value.charAt(++i))));
            } else if (c == '*' || c == '?') {
                regex.append(c == '*' ? ".*" : ".");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        regex.append(trail ? ".*" : "");
        return Pattern.compile(regex.toString(), Pattern.DOTALL | (cased ? 0 : Pattern.CASE_INSENSITIVE
                | Pattern.UNICODE_CASE));
    }
}
