package io.trailkeeper.audit.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.audit.AuditContext;
import io.trailkeeper.audit.AuditResult;
import io.trailkeeper.audit.Auditor;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.Finding;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The plan built from the real audit of each situation's snapshot (not hand-written findings): every failure the
 * plan has a fix for is closed, and the renderings stay valid.
 */
class FixPlanFromAuditTest {
    @ParameterizedTest
    @EnumSource(Situations.class)
    void everyFixableFailureOfTheAuditIsClosed(Situations situation) {
        AccountSnapshot snapshot = situation.snapshot();
        Clock clock = Clock.fixed(snapshot.collectedAt().plusSeconds(600), ZoneOffset.UTC);
        AuditResult result = Auditor.standard().run(snapshot, AuditContext.defaults(clock));
        List<Finding> findings = result.entries().stream().map(AuditResult.Entry::finding).toList();
        FixPlan plan = FixPlan.build(snapshot, findings, situation.options);

        Set<String> fixable = new TreeSet<>(CheckIds.CORE);
        for (MonitoringAlarm a : MonitoringAlarm.values()) {
            fixable.add(a.checkId);
        }
        Set<String> failed = new TreeSet<>();
        findings.stream().filter(f -> f.outcome() == Finding.Outcome.FAIL).map(Finding::checkId)
                .filter(fixable::contains).forEach(failed::add);
        assertTrue(plan.closes().containsAll(failed), "not closed: " + failed + " vs " + plan.closes());
        if (!plan.nothingToFix()) {
            assertEquals(List.of(), CloudFormationCheck.check(plan.render(FixPlan.Format.CLOUDFORMATION)));
            assertEquals(List.of(), TerraformCheck.check(plan.render(FixPlan.Format.TERRAFORM)));
        }
    }

    /** Deployed (the account as a later audit would see it), the plan leaves none of what it closes failing. */
    @ParameterizedTest
    @EnumSource(Situations.class)
    void whatThePlanClosesPassesOnceItIsDeployed(Situations situation) {
        AccountSnapshot before = situation.snapshot();
        Clock clock = Clock.fixed(before.collectedAt().plusSeconds(600), ZoneOffset.UTC);
        String breakGlass = "arn:aws:iam::" + before.account() + ":role/BreakGlass";
        AuditContext context = new AuditContext(Set.copyOf(situation.options.criticalBuckets()), Set.of(breakGlass),
                clock);
        List<Finding> findings = Auditor.standard().run(before, context).entries().stream()
                .map(AuditResult.Entry::finding).toList();
        FixPlan plan = FixPlan.build(before, findings, situation.options);
        AccountSnapshot after = AppliedPlan.apply(plan, before, breakGlass);
        if (situation != Situations.ALL_PASS) {
            assertTrue(plan.closes().size() > 10, plan.closes().toString());
        }
        List<String> stillFailing = Auditor.standard().run(after, context).entries().stream()
                .map(AuditResult.Entry::finding)
                .filter(f -> f.outcome() != Finding.Outcome.PASS && plan.closes().contains(f.checkId()))
                .map(f -> f.checkId() + " " + f.outcome() + " on " + f.resource() + ": " + f.detail()).toList();
        assertEquals(List.of(), stillFailing);
    }
}
