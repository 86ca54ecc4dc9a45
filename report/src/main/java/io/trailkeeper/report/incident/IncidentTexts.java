package io.trailkeeper.report.incident;

import java.time.Instant;

/** The sentences the HTML and Markdown reports share, so that both say the same thing in the same words. */
final class IncidentTexts {
    static final String NO_SNAPSHOT = "No account snapshot was in the store, so this report shows no audit findings."
            + " Run `trailkeeper audit` to read the account's logging set-up (read-only) and check it; a report"
            + " made after that includes its findings.";
    static final String RULE_LICENCE = "The detections come from Sigma rules, each credited to its author(s) as the"
            + " Detection Rule License (DRL) 1.1 of the Sigma project requires.";
    static final String NO_GAPS = "The store reports no gaps for this window.";

    private IncidentTexts() {
    }

    /** The window in words, times in UTC; an open end is the store's first or last event. */
    static String window(IncidentReport r) {
        return (r.since() == null ? "the first event in the store" : r.since().toString()) + " to "
                + (r.until() == null ? "the last event in the store" : r.until().toString()) + " (UTC)";
    }

    static String filters(IncidentReport r) {
        return r.filters().isEmpty() ? "none (every event in the window)" : String.join("; ", r.filters());
    }

    /** This build's version from the jar's manifest, or "development" when run from classes. */
    static String toolVersion() {
        String v = IncidentReport.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    static String madeBy(Instant generatedAt) {
        return "Made by TrailKeeper " + toolVersion() + " at " + generatedAt + ".";
    }
}
