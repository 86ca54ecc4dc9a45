package io.trailkeeper.detect.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Java regular expressions RE2 cannot take are named; Sigma's and SigmaHQ's CloudTrail ones pass. */
class Re2SyntaxTest {
    @Test
    void javaOnlyConstructsAreNamedAndSigmasFlavourPasses() {
        Map<String, String> refused = new LinkedHashMap<>();
        for (String re : new String[] {"a++b", "\\d*+x", "x{2}+", "(?>ab)c", "\\p{Upper}x", "\\p{IsAlphabetic}",
                "\\p{javaLowerCase}", "(?U)\\w+", "(?x) a b", "[a-z&&[^e]]", "a\\Z", "\\h", "(a)\\1", "(?=a)",
                "(?<!a)b"}) {
            refused.put(re, Re2Syntax.unsupported(re));
        }
        assertEquals(Map.ofEntries(Map.entry("a++b", "possessive quantifiers (++)"),
                Map.entry("\\d*+x", "possessive quantifiers (*+)"), Map.entry("x{2}+", "possessive quantifiers (}+)"),
                Map.entry("(?>ab)c", "atomic groups ((?>...))"), Map.entry("\\p{Upper}x", "the class \\p{Upper}"),
                Map.entry("\\p{IsAlphabetic}", "the class \\p{IsAlphabetic}"),
                Map.entry("\\p{javaLowerCase}", "the class \\p{javaLowerCase}"),
                Map.entry("(?U)\\w+", "the inline flags (?U) (RE2 takes i, m and s; its U means ungreedy)"),
                Map.entry("(?x) a b", "the inline flags (?x) (RE2 takes i, m and s; its U means ungreedy)"),
                Map.entry("[a-z&&[^e]]", "nested classes or class intersections ([a-z&&[^e]])"),
                Map.entry("a\\Z", "the escape \\Z"), Map.entry("\\h", "the escape \\h"),
                Map.entry("(a)\\1", "back-references (\\1)"), Map.entry("(?=a)", "look-around ((?=, (?!, (?<=, (?<!)"),
                Map.entry("(?<!a)b", "look-around ((?=, (?!, (?<=, (?<!)")), refused);
        for (String ok : new String[] {"^arn:aws:iam::\\d{12}:user/.+$", "(?i)aws-cli", "(?is:a.b)", "a+?b", "[+*?]+",
                "\\+\\+", "[]a]+", "\\p{L}\\p{Lu}\\p{Greek}", "\\Qa++\\E", "(?:a|b)*", "a{2,3}?", "\\.(exe|dll)$",
                ".+:assumed-role/aws:.+", "[^\\]]+", "(?-i)X", "\\x2D\\u00e9"}) {
            assertEquals(null, Re2Syntax.unsupported(ok), ok);
        }
    }
}
