package io.trailkeeper.detect.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.detect.Match;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A root takeover's own MFA device (drill 13's gap): the intruder, signed in as root, enrolls a device of its own
 * (CreateVirtualMFADevice then EnableMFADevice), after which root's sign-ins carry MFA and root_account_used_with_mfa
 * tells them at informational level only. The whole bundled pack must tell the enrolment itself; the device's making
 * alone, an IAM user's own device and a refused enrolment stay quiet.
 */
class RootMfaDeviceEnabledTest {
    private static final String RULE = "iam_root_mfa_device_enabled.yml";
    private static final String TITLE = "AWS Root User MFA Device Enabled";

    @Test
    void rootsEnrolmentsAreToldAtHighLevel() {
        List<String> levels = matches("match.jsonl").stream().map(m -> m.rule().level()).toList();
        assertEquals(List.of("high", "high", "high"), levels);
    }

    @Test
    void theLookAlikesAreNotTold() {
        assertEquals(List.of(), matches("nomatch.jsonl"));
    }

    private static List<Match> matches(String part) {
        return PackFiles.bundledMatches(PackFiles.sample(RULE, part)).stream()
                .filter(m -> TITLE.equals(m.rule().title()))
                .toList();
    }
}
