package io.trailkeeper.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;

/** The literal pre-check before a regex must never turn away a value the regex matches. */
class RegexPrefilterTest {
    private static final String EVENT = """
            {"eventVersion":"1.09","eventTime":"2024-03-01T10:00:00Z","eventSource":"sts.amazonaws.com",\
            "eventName":"GetCallerIdentity","awsRegion":"eu-west-1","sourceIPAddress":"10.1.2.3",\
            "userAgent":"aws-cli/2.15.0","userIdentity":{"type":"IAMUser","userName":"alice"}}""";

    /** A piece of a pattern and texts it matches on its own. */
    private record Piece(String regex, String... samples) {
    }

    private static final List<Piece> PIECES = List.of(
            new Piece("abc", "abc"), new Piece("10", "10"), new Piece("aws", "aws", "AWS"), new Piece("-", "-"),
            new Piece("\\.", "."), new Piece("\\d", "7"), new Piece("\\d{1,3}", "1", "123"), new Piece("\\d{2}", "42"),
            new Piece("\\d{2,}", "12", "12345"), new Piece("x{0,2}", "", "x", "xx"), new Piece("y{3}", "yyy"),
            new Piece("z{1,}", "z", "zzz"), new Piece("c?", "", "c"), new Piece("c*", "", "ccc"), new Piece("c+", "c", "cc"),
            new Piece("c+?", "c"), new Piece("c*?", ""), new Piece("c??", ""), new Piece("d{2,4}?", "dd"),
            new Piece("\\x2D", "-"), new Piece("\\x{41}", "A"), new Piece("\\u0041", "A"), new Piece("\\u00e9", "é"),
            new Piece("\\w", "q"), new Piece("\\w+", "word"), new Piece("\\s", " "), new Piece("\\S+", "xy"),
            new Piece("[a-c]", "b"), new Piece("[^a]", "z"), new Piece("[]a]", "]"), new Piece("[\\]b]", "]"),
            new Piece("[a[bc]d]", "d"), new Piece("[a-z&&[^e]]", "f"), new Piece("[\\Q]\\E]", "]"),
            new Piece("(ab|cd)", "ab", "cd"), new Piece("(?:e|f)", "f"), new Piece("(?i:gh)", "GH"), new Piece("(?i)", ""),
            new Piece("(?<n>kl)\\k<n>", "klkl"), new Piece("(m)\\1", "mm"), new Piece("(?=n)", ""),
            new Piece("\\Qa.b\\E", "a.b"), new Piece("\\Qpq\\E?", "p", "pq"), new Piece("\\p{L}", "é"),
            new Piece("\\p{Lu}{2}", "AB"), new Piece("\\pL", "x"), new Piece("\\0101", "A"), new Piece("\\t", "\t"),
            new Piece("\\-", "-"), new Piece("\\\\", "\\"), new Piece("/", "/"), new Piece(":", ":"), new Piece(" ", " "),
            new Piece("é", "é", "É"), new Piece("k", "k", "K", "\u212A"), new Piece("i", "i", "ı", "İ"),
            new Piece("\uD83D\uDE00", "\uD83D\uDE00"), new Piece("\uD83D\uDE00?", ""), new Piece("^", ""),
            new Piece("$", ""), new Piece("\\b", ""), new Piece(".", "."), new Piece(".*", "anything"),
            new Piece("\\cA", "\u0001"), new Piece("\\N{LATIN SMALL LETTER A}", "a"), new Piece("s|t", "s", "t"),
            new Piece("*", "*"), new Piece("\\*", "*"), new Piece("\\?", "?"), new Piece("u{0}", ""));

    @Test
    void rangeQuantifiersAndEscapesDoNotHideMatches() {
        assertTrue(InMemoryEngineTest.matches(sel("sourceIPAddress|re: '^10\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}$'"),
                Events.one(EVENT)));
        assertTrue(InMemoryEngineTest.matches(sel("userAgent|re: 'aws\\x2Dcli'"), Events.one(EVENT)));
        assertTrue(InMemoryEngineTest.matches(sel("userAgent|re: 'cli/\\d{1}\\.1\\d{1}'"), Events.one(EVENT)));
        assertEquals("aws-cli", RegexLiteral.required("aws\\x2Dcli"));
        assertEquals("10.", RegexLiteral.required("^10\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}$"));
        assertEquals("abc", RegexLiteral.required("\\p{Lu}{12345}abc"));
        assertEquals("bcd", RegexLiteral.required("ab+cd"));
        assertEquals(null, RegexLiteral.required("(?i)abc"));
    }

    /** Random patterns from the pieces, each against texts built from the pieces' samples and noise. */
    @Test
    void thePreCheckNeverRejectsWhatTheRegexMatches() {
        Random random = new Random(20261127);
        int matched = 0;
        for (int n = 0; n < 20_000; n++) {
            List<Piece> pieces = new ArrayList<>();
            for (int k = 1 + random.nextInt(5); k > 0; k--) {
                pieces.add(PIECES.get(random.nextInt(PIECES.size())));
            }
            String regex = String.join("", pieces.stream().map(Piece::regex).toList());
            for (boolean insensitive : new boolean[] {false, true}) {
                Pattern p;
                try {
                    p = Pattern.compile(regex, insensitive ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
                } catch (PatternSyntaxException e) {
                    continue;
                }
                StringPattern prefilter = FieldValues.regexPrefilter(regex, insensitive);
                for (int v = 0; v < 4; v++) {
                    String text = text(pieces, random, insensitive);
                    if (p.matcher(text).find()) {
                        matched++;
                        assertTrue(prefilter == null || prefilter.test(text), () -> "/" + regex + "/"
                                + (insensitive ? "i" : "") + " matches '" + text + "' but the pre-check needs '"
                                + RegexLiteral.required(regex) + "'");
                    }
                }
            }
        }
        assertTrue(matched > 20_000, "too few matching values to prove anything: " + matched);
    }

    private static String text(List<Piece> pieces, Random random, boolean flipCase) {
        String[] noise = {"", "", "x", "-", "Zq ", "\u212A", "ı"};
        StringBuilder out = new StringBuilder(noise[random.nextInt(noise.length)]);
        for (Piece piece : pieces) {
            String s = piece.samples()[random.nextInt(piece.samples().length)];
            out.append(flipCase && random.nextBoolean() ? s.toUpperCase(java.util.Locale.ROOT) : s);
        }
        return out.append(noise[random.nextInt(noise.length)]).toString();
    }

    private static String sel(String fieldCondition) {
        return "    selection:\n        " + fieldCondition + "\n    condition: selection";
    }
}
