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
import org.junit.jupiter.api.Test;
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
        String breakGlass = breakGlass(before);
        AuditContext context = context(before, Set.copyOf(situation.options.criticalBuckets()));
        FixPlan plan = FixPlan.build(before, findings(before, context), situation.options);
        AccountSnapshot after = AppliedPlan.apply(plan, before, breakGlass);
        if (situation != Situations.ALL_PASS) {
            assertTrue(plan.closes().size() > 10, plan.closes().toString());
        }
        List<String> stillFailing = findings(after, context).stream()
                .filter(f -> f.outcome() != Finding.Outcome.PASS && plan.closes().contains(f.checkId()))
                .map(f -> f.checkId() + " " + f.outcome() + " on " + f.resource() + ": " + f.detail()).toList();
        assertEquals(List.of(), stillFailing);
    }

    /**
     * Deployed beside the trail it replaces, before that one is deleted as its note says, the plan is not built again
     * (a third trail, replacing the old one once more): the old trail is named, to be deleted or fixed in place.
     */
    @ParameterizedTest
    @EnumSource(Situations.class)
    void auditedAgainBeforeTheReplacedTrailIsDeletedThePlanBuildsNoOtherTrail(Situations situation) {
        AccountSnapshot before = situation.snapshot();
        String breakGlass = breakGlass(before);
        AuditContext context = context(before, Set.copyOf(situation.options.criticalBuckets()));
        FixPlan plan = FixPlan.build(before, findings(before, context), situation.options);
        AccountSnapshot.Trail replaced = plan.design().existingTrail();
        if (plan.design().core() == null || replaced == null || replaced.organization()) {
            return; // nothing replaced
        }
        AccountSnapshot after = AppliedPlan.apply(plan, before, breakGlass, false);
        FixPlan again = FixPlan.build(after, findings(after, context), situation.options);
        assertEquals(null, again.design().core(), situation + ": " + again.summary());
        assertEquals(plan.design().core().trailName(), again.design().existingTrail().name());
        String words = String.join("\n", again.summary());
        assertTrue(words.contains("Trail " + replaced.name() + " in " + replaced.homeRegion() + " logs beside trail "
                + plan.design().core().trailName() + ", which passes its own checks, but fails "), words);
        assertTrue(again.render(FixPlan.Format.CLI).contains("\n# aws cloudtrail delete-trail --name " + replaced.name()
                + " --region " + replaced.homeRegion() + "\n"), again.render(FixPlan.Format.CLI));
    }

    private static List<Finding> findings(AccountSnapshot snapshot, AuditContext context) {
        return Auditor.standard().run(snapshot, context).entries().stream().map(AuditResult.Entry::finding).toList();
    }

    /** The break-glass role the plans of these tests are deployed with: role/BreakGlass of the account. */
    private static String breakGlass(AccountSnapshot before) {
        return "arn:aws:iam::" + before.account() + ":role/BreakGlass";
    }

    /** The audit's context: these critical buckets, {@link #breakGlass}, ten minutes after the snapshot. */
    private static AuditContext context(AccountSnapshot before, Set<String> criticalBuckets) {
        return new AuditContext(criticalBuckets, Set.of(breakGlass(before)),
                Clock.fixed(before.collectedAt().plusSeconds(600), ZoneOffset.UTC));
    }

    /** A critical directory bucket's object calls are AWS::S3Express::Object data events: the plan's trail logs them. */
    @Test
    void aCriticalDirectoryBucketIsLoggedOnceThePlanIsDeployed() {
        AccountSnapshot before = Situations.NO_TRAIL.snapshot();
        String directory = "trail-evidence--use1-az4--x-s3";
        String breakGlass = breakGlass(before);
        AuditContext context = context(before, Set.of("acme-payroll", directory));
        FixPlan plan = FixPlan.build(before, findings(before, context),
                Situations.NO_TRAIL.options.withCriticalBuckets(List.of("acme-payroll", directory)));
        assertTrue(plan.render(FixPlan.Format.CLI).contains("\"AWS::S3Express::Object\""), plan.summary().toString());
        assertEquals(List.of(), CloudFormationCheck.check(plan.render(FixPlan.Format.CLOUDFORMATION)));
        assertEquals(List.of(), TerraformCheck.check(plan.render(FixPlan.Format.TERRAFORM)));
        List<String> notPassing = findings(AppliedPlan.apply(plan, before, breakGlass), context).stream()
                .filter(f -> f.checkId().equals(CheckIds.S3_READ) || f.checkId().equals(CheckIds.S3_WRITE))
                .filter(f -> f.outcome() != Finding.Outcome.PASS)
                .map(f -> f.checkId() + " " + f.outcome() + " on " + f.resource() + ": " + f.detail()).toList();
        assertEquals(List.of(), notPassing);
    }
}
