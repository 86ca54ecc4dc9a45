package io.trailkeeper.audit;

import io.trailkeeper.audit.AuditResult.Entry;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.Finding;
import io.trailkeeper.events.Finding.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Runs every check of a catalogue over one snapshot. A check that throws, returns nothing, or returns a
 * finding under another check's id does not stop the audit: it becomes an UNKNOWN finding that names what
 * went wrong, so one broken check never hides the others' answers.
 */
public final class Auditor {
    private final Catalogue catalogue;

    public Auditor(Catalogue catalogue) {
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
    }

    /** An auditor over {@link Catalogue#standard()}. */
    public static Auditor standard() {
        return new Auditor(Catalogue.standard());
    }

    public AuditResult run(AccountSnapshot snapshot, AuditContext context) {
        List<Entry> entries = new ArrayList<>();
        for (Check check : catalogue.checks()) {
            CheckMetadata metadata = catalogue.metadata(check.id());
            for (Finding finding : findings(check, snapshot, context)) {
                entries.add(new Entry(finding, metadata));
            }
        }
        entries.sort(order());
        return new AuditResult(snapshot.account(), context.clock().instant(), entries);
    }

    private static List<Finding> findings(Check check, AccountSnapshot snapshot, AuditContext context) {
        String account = snapshot.account() == null ? "account" : snapshot.account();
        List<Finding> findings;
        try {
            findings = check.evaluate(snapshot, context);
        } catch (RuntimeException | StackOverflowError e) {
            return List.of(Finding.unknown(check.id(), account, null, "the check failed: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())));
        }
        if (findings == null || findings.isEmpty()) {
            return List.of(Finding.unknown(check.id(), account, null, "the check returned no finding"));
        }
        List<Finding> out = new ArrayList<>();
        for (Finding f : findings) {
            out.add(f.checkId().equals(check.id()) ? f : Finding.unknown(check.id(), f.resource(), f.region(),
                    "the check returned a finding for another check (" + f.checkId() + ")"));
        }
        return out;
    }

    private Comparator<Entry> order() {
        return Comparator.<Entry, Integer>comparing(e -> e.prevents().ordinal())
                .thenComparing(e -> e.severity().ordinal())
                .thenComparing(e -> catalogue.position(e.finding().checkId()))
                .thenComparing(e -> outcomeRank(e.outcome()))
                .thenComparing(e -> e.finding().resource())
                .thenComparing(e -> e.finding().region() == null ? "" : e.finding().region());
    }

    private static int outcomeRank(Outcome outcome) {
        return switch (outcome) {
            case FAIL -> 0;
            case UNKNOWN -> 1;
            case PASS -> 2;
        };
    }
}
