package io.trailkeeper.detect.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.detect.RuleLoader;
import io.trailkeeper.detect.RuleSet;
import io.trailkeeper.detect.SigmaRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values an attacker chose (quotes, backslashes, LIKE's % and _, Sigma's escaped wildcards, NUL, direction
 * characters, letters whose case changes their length) in records and in rules: the SQL backend matches exactly
 * what the in-memory engine matches.
 */
class SqlHostileValuesDifferentialTest {
    private static final String[] VALUES = {"a'b", "back\\\\slash", "star*", "Ge*t", "u%2", "u_1", "uX1", "b\\\\x",
        "ends\\\\", "nul\\u0000after", "admin\\u202egpj.exe", "</script>", "it''s", "x' OR '1'='1", "STRASSE",
        "stra\\u00dfe", "\\u0130stanbul", "istanbul", "\\u01c5ungla", "caf\\u00c9", "caf\\u00e9", "?", "a?c", "abc",
        "\\u001b[2J red", "line\\nbreak", "[click](http://x)", "%", "_", "\\\\", "'", "\\\"quoted\\\""};

    private static final String RULES = """
            title: hostile %d
            id: 5e0c1a2b-0000-4000-8000-%012d
            status: experimental
            author: Tester
            logsource:
              product: aws
              service: cloudtrail
            detection:
              selection:
                %s
              condition: selection
            level: low
            """;

    /** Sigma value forms over userAgent: plain, wildcards and their escapes, modifiers. */
    private static final String[] SELECTIONS = {
        "userAgent: \"a'b\"", "userAgent: 'a''b'", "userAgent: 'back\\slash'", "userAgent: 'back\\\\slash'",
        "userAgent: 'Ge\\*t'", "userAgent: 'Ge*t'", "userAgent|endswith: '\\*'", "userAgent|contains: '%'",
        "userAgent|contains: '_'", "userAgent: 'u_1'", "userAgent: 'u%2'", "userAgent|startswith: 'b\\\\'",
        "userAgent: '*\\\\'", "userAgent|endswith: '\\'", "userAgent|contains: \"nul\\0after\"",
        "userAgent|contains: \"\\u202e\"", "userAgent|contains: '</script>'", "userAgent: \"it''s\"",
        "userAgent: \"x' OR '1'='1\"", "userAgent: 'strasse'", "userAgent: 'STRAßE'", "userAgent: 'istanbul'",
        "userAgent: 'İSTANBUL'", "userAgent: 'ǆungla'", "userAgent|contains: 'É'", "userAgent: '\\?'",
        "userAgent: 'a\\?c'", "userAgent: 'a?c'", "userAgent|contains: \"\\e[2J\"", "userAgent|contains: \"\\n\"",
        "userAgent|re: '^\\[click\\]\\(http'", "userAgent|re: \"^it''s$\"", "userAgent|re: '\\\\$'",
        "userAgent|cased: 'caf\u00c9'", "userAgent: '\\\\\\\\'", "userAgent: \"'\"", "userAgent: '\"quoted\"'",
        "userAgent|contains|all: ['ca', 'É']", "userAgent|startswith: '\\\\'", "userAgent|windash: '-x'",
    };

    @TempDir
    Path dir;

    @Test
    void bothBackendsMatchTheSameHostileValues() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < VALUES.length; i++) {
            lines.append("{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-11-20T10:00:").append(String.format("%02d", i))
                    .append("Z\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\",\"awsRegion\":"
                            + "\"us-east-1\",\"userAgent\":\"").append(VALUES[i]).append("\",\"eventID\":\"h")
                    .append(i).append("\"}\n");
        }
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("hostile.jsonl"), lines);
        Path rules = Files.createDirectories(dir.resolve("rules"));
        for (int i = 0; i < SELECTIONS.length; i++) {
            Files.writeString(rules.resolve("r" + i + ".yml"), String.format(RULES, i, i, SELECTIONS[i]));
        }
        Path db = SpecCases.store(dir, data);
        RuleSet set = new RuleLoader(Map.of()).load(rules);
        assertEquals(List.of(), set.problems());
        List<SigmaRule> detections = set.rules();
        assertEquals(SELECTIONS.length, detections.size());
        List<String> differences = SqlBackendDifferentialTest.differences(db, detections);
        assertTrue(differences.isEmpty(), differences.size() + " differences:\n" + String.join("\n", differences));
    }
}
