package io.trailkeeper.detect;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Set-up shared by the RuleLoader tests and by other tests that need a rule around a detection. */
final class RuleLoaderFixtures {
    static final Path SIGMA = Events.shared().resolve("sigma");

    /** Values for the placeholders of SigmaHQ's rules-placeholder folder. */
    static final Map<String, List<String>> SIGMA_PLACEHOLDERS = Map.of("Legitimate_Countries", List.of("DE", "FR"),
            "Legitimate_IP_Ranges", List.of("203.0.113.*"));

    private RuleLoaderFixtures() {}

    /** A rule with the given detection; the detection starts at line 8. */
    static String rule(String detection) {
        return """
                title: Test rule
                id: r1
                author: tester
                level: high
                logsource:
                    product: aws
                    service: cloudtrail
                """ + detection;
    }

    static String file(String source) {
        return Path.of(source).getFileName().toString();
    }
}
