package io.trailkeeper.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.audit.AuditResult.Entry;
import io.trailkeeper.audit.CheckMetadata.Failure;
import io.trailkeeper.audit.CheckMetadata.Severity;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.Finding;
import io.trailkeeper.events.Finding.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditorTest {

    @Test
    void aWellConfiguredAccountPassesEveryCheck() {
        AuditResult result = Auditor.standard().run(SnapshotBuilder.wellConfigured().build(), SnapshotBuilder.context());
        assertEquals(List.of(), result.entries().stream().filter(e -> e.outcome() != Outcome.PASS)
                .map(Entry::finding).toList());
        assertEquals(Catalogue.standard().ids().stream().sorted().toList(),
                result.entries().stream().map(e -> e.finding().checkId()).distinct().sorted().toList());
        assertEquals(SnapshotBuilder.ACCOUNT, result.account());
        assertEquals(SnapshotBuilder.NOW, result.auditedAt());
    }

    @Test
    void anAccountWithoutATrailFailsCriticallyAndSortsByFailureThenSeverity() {
        AuditResult result = Auditor.standard().run(SnapshotBuilder.noTrail().build(), SnapshotBuilder.context());
        Entry first = result.entries().get(0);
        assertEquals("cloudtrail_trail_logging", first.finding().checkId());
        assertEquals(Outcome.FAIL, first.outcome());
        assertTrue(first.finding().detail().contains("90 days"), first.finding().detail());
        assertEquals(1, result.failedAtOrAbove(Severity.CRITICAL).size(), result.failedAtOrAbove(Severity.CRITICAL)
                .toString());
        Comparator<Entry> order = Comparator.<Entry, Integer>comparing(e -> e.prevents().ordinal())
                .thenComparing(e -> e.severity().ordinal());
        List<Entry> sorted = new ArrayList<>(result.entries());
        sorted.sort(order);
        assertEquals(sorted, result.entries());
        assertEquals(result.entries().size(), result.counts().total());
        assertEquals(result.failed().size(), result.counts().fail());
        assertEquals(result.counts().fail(), result.countsBySeverity().values().stream().mapToInt(c -> c.fail()).sum());
        assertEquals(Failure.values().length, result.byFailure().size());
        assertTrue(result.atOrAbove(Severity.HIGH).stream().allMatch(e -> e.severity().atLeast(Severity.HIGH)));
    }

    @Test
    void aCheckThatThrowsBecomesUnknownAndTheOthersStillRun() {
        Check broken = new Check() {
            @Override
            public String id() {
                return "cloudtrail_trail_logging";
            }

            @Override
            public List<Finding> evaluate(AccountSnapshot snapshot, AuditContext context) {
                throw new IllegalStateException("policy document is not JSON");
            }
        };
        List<Check> checks = new ArrayList<>(Catalogue.standard().checks());
        checks.set(0, broken);
        Catalogue catalogue = Catalogue.of(checks, Catalogue.metadataIds());
        AuditResult result = new Auditor(catalogue).run(SnapshotBuilder.wellConfigured().build(),
                SnapshotBuilder.context());
        Entry entry = result.entries().stream().filter(e -> e.finding().checkId().equals("cloudtrail_trail_logging"))
                .findFirst().orElseThrow();
        assertEquals(Outcome.UNKNOWN, entry.outcome());
        assertEquals("the check failed: IllegalStateException: policy document is not JSON", entry.finding().detail());
        assertEquals(1, result.unknown().size());
        assertEquals(catalogue.checks().size(), result.entries().stream().map(e -> e.finding().checkId()).distinct()
                .count());
    }

    @Test
    void aCheckThatAnswersNothingOrForAnotherCheckIsUnknown() {
        Check silent = new Check() {
            @Override
            public String id() {
                return "cloudtrail_insights_exist";
            }

            @Override
            public List<Finding> evaluate(AccountSnapshot snapshot, AuditContext context) {
                return List.of();
            }
        };
        Check confused = new Check() {
            @Override
            public String id() {
                return "cloudtrail_trail_logging";
            }

            @Override
            public List<Finding> evaluate(AccountSnapshot snapshot, AuditContext context) {
                return List.of(Finding.pass("cloudtrail_insights_exist", "x", null, "wrong id"));
            }
        };
        Catalogue catalogue = Catalogue.of(List.of(silent, confused), List.of("cloudtrail_insights_exist",
                "cloudtrail_trail_logging"));
        AuditResult result = new Auditor(catalogue).run(SnapshotBuilder.wellConfigured().build(),
                SnapshotBuilder.context());
        assertEquals(List.of(Outcome.UNKNOWN, Outcome.UNKNOWN), result.entries().stream().map(Entry::outcome).toList());
        assertTrue(result.entries().stream().anyMatch(e -> e.finding().detail().equals("the check returned no finding")));
    }
}
