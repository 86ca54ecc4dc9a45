package io.trailkeeper.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.Finding;
import io.trailkeeper.events.Finding.Outcome;
import java.util.List;

/** Assertions on a check's findings that print every finding when they fail. */
public final class Outcomes {
    private Outcomes() {
    }

    public static Finding single(List<Finding> findings) {
        assertEquals(1, findings.size(), () -> "expected one finding, got " + findings);
        return findings.get(0);
    }

    public static Finding pass(List<Finding> findings) {
        return only(findings, Outcome.PASS);
    }

    public static Finding fail(List<Finding> findings) {
        return only(findings, Outcome.FAIL);
    }

    public static Finding unknown(List<Finding> findings) {
        return only(findings, Outcome.UNKNOWN);
    }

    /** The single finding, which must have {@code outcome}. */
    public static Finding only(List<Finding> findings, Outcome outcome) {
        Finding f = single(findings);
        assertEquals(outcome, f.outcome(), () -> "finding: " + f);
        return f;
    }

    public static void all(List<Finding> findings, Outcome outcome) {
        assertTrue(!findings.isEmpty() && findings.stream().allMatch(f -> f.outcome() == outcome),
                () -> "expected every finding " + outcome + ": " + findings);
    }

    /** Asserts that {@code text} contains every one of {@code parts}. */
    public static void mentions(Finding finding, String... parts) {
        for (String part : parts) {
            assertTrue(finding.detail().contains(part), () -> "expected \"" + part + "\" in: " + finding.detail());
        }
    }
}
