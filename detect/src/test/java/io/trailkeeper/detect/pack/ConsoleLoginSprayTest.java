package io.trailkeeper.detect.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.detect.Match;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A password spray over many addresses, run through the whole bundled pack: the per-address correlations (5 or
 * 3 failures of one source IP, then a success) stay silent, as they did when they were the only sign-in
 * correlations, and the per-user ones tell it; the benign look-alikes raise no correlation at all.
 */
class ConsoleLoginSprayTest {
    @Test
    void aSprayOverManyAddressesIsToldByThePerUserCorrelationsOnly() {
        Map<String, Integer> fired = fired("console_login_failures_of_one_user_then_success.yml");
        assertEquals(null, fired.get("AWS Console Sign-In Failures Then Success"), fired.toString());
        assertEquals(null, fired.get("AWS Console Sign-In Failures Then Success Without MFA"), fired.toString());
        assertEquals(1, fired.get("AWS Console Sign-In Failures For One User From Many IP Addresses Then Success"),
                fired.toString());
        assertEquals(1, fired.get("AWS Console Sign-In Failures For One User From Many IP Addresses"), fired.toString());
    }

    @Test
    void aUserMistypingFromOneAddressIsNotASpray() {
        Map<String, Integer> fired = fired("console_login_failures_of_one_user.yml", "nomatch.jsonl");
        // alice's six failures from one address, unknown names from four, three users once each, one user's
        // failures from three addresses over three hours
        assertEquals(Map.of(), fired);
    }

    private static Map<String, Integer> fired(String ruleFile) {
        return fired(ruleFile, "match.jsonl");
    }

    /** Each correlation that fired on the sample (its base rules raise nothing of their own), with how often. */
    private static Map<String, Integer> fired(String ruleFile, String which) {
        Map<String, Integer> fired = new TreeMap<>();
        for (Match m : PackFiles.bundledMatches(PackFiles.sample(ruleFile, which))) {
            if (m.rule().correlation() != null) {
                fired.merge(m.rule().title(), 1, Integer::sum);
            }
        }
        return fired;
    }
}
