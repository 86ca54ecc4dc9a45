package io.trailkeeper.detect;

import static io.trailkeeper.detect.RuleLoaderFixtures.SIGMA;
import static io.trailkeeper.detect.RuleLoaderFixtures.SIGMA_PLACEHOLDERS;
import static io.trailkeeper.detect.RuleLoaderFixtures.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.detect.Detection.AllOf;
import io.trailkeeper.detect.Detection.And;
import io.trailkeeper.detect.Detection.Not;
import io.trailkeeper.detect.Detection.OneOf;
import io.trailkeeper.detect.Detection.Or;
import io.trailkeeper.detect.Detection.Ref;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@link RuleLoader} reads from valid rules: the SigmaHQ and bundled rule sets, conditions, global documents,
 * correlations (including the legacy count syntax) and which log sources it takes.
 */
class RuleLoaderParsingTest {
    private final RuleLoader loader = new RuleLoader();

    @Test
    void everySigmaHqCloudTrailRuleLoadsWithoutProblems() {
        RuleSet set = new RuleLoader(SIGMA_PLACEHOLDERS).load(SIGMA.resolve("rules"), SIGMA.resolve("rules-placeholder"));
        assertEquals(List.of(), set.problems().stream().map(RuleProblem::describe).toList());
        assertEquals(58, set.rules().size());
        assertTrue(set.rules().stream().allMatch(r -> r.author() != null && r.detection() != null));
    }

    @Test
    void theBundledPackLoadsWithoutProblems() {
        RuleSet set = loader.bundled();
        assertEquals(List.of(), set.problems().stream().map(RuleProblem::describe).toList());
        assertTrue(set.rules().size() >= 20, "rules: " + set.rules().size());
    }

    @Test
    void conditionsParseWithNotBeforeAndBeforeOr() {
        assertEquals(new Or(List.of(new Ref("a"), new And(List.of(new Ref("b"), new Not(new Ref("c")))))),
                ConditionParser.parse("a or b and not c"));
        assertEquals(new And(List.of(new Or(List.of(new Ref("a"), new Ref("b"))), new Ref("c"))),
                ConditionParser.parse("(a or b) and c"));
        assertEquals(new And(List.of(new OneOf("sel*"), new Not(new AllOf("filter_*")))),
                ConditionParser.parse("1 of sel* and not all of filter_*"));
        assertEquals(new Or(List.of(new OneOf("*"), new AllOf("*"))), ConditionParser.parse("1 of them or all of them"));
        assertEquals(new Not(new Not(new Ref("a"))), ConditionParser.parse("not not a"));
    }

    @Test
    void aListOfConditionsIsTheirOr() {
        RuleSet set = loader.parse(rule("""
                detection:
                    a:
                        eventName: A
                    b:
                        eventName: B
                    condition:
                        - a
                        - b
                """), "t.yml");
        assertEquals(new Or(List.of(new Ref("a"), new Ref("b"))), set.rules().get(0).detection().condition());
    }

    @Test
    void globalDocumentsAreMergedIntoTheRulesAfterThem() {
        RuleSet set = loader.parse("""
                action: global
                title: Shared
                author: someone
                logsource:
                    product: aws
                    service: cloudtrail
                detection:
                    condition: selection
                ---
                id: g1
                detection:
                    selection:
                        eventName: A
                ---
                id: g2
                title: Own title
                detection:
                    selection:
                        eventName: B
                """, "g.yml");
        assertEquals(List.of(), set.problems());
        assertEquals(List.of("g1 Shared someone", "g2 Own title someone"), set.rules().stream()
                .map(r -> r.id() + " " + r.title() + " " + r.author()).toList());
    }

    @Test
    void correlationRulesAreRead() {
        RuleSet set = loader.parse(rule("detection:\n    s:\n        eventName: GetObject\n    condition: s\n")
                + "---\n" + """
                title: Many buckets
                id: c1
                correlation:
                    type: value_count
                    rules: r1
                    group-by: [userIdentity.arn]
                    timespan: 1h
                    generate: true
                    condition:
                        field: requestParameters.bucketName
                        gte: 10
                """, "c.yml");
        assertEquals(List.of(), set.problems());
        Correlation c = set.rules().get(1).correlation();
        assertEquals(new Correlation(Correlation.Type.VALUE_COUNT, List.of("r1"), List.of("userIdentity.arn"),
                Duration.ofHours(1), "requestParameters.bucketName", new Correlation.Threshold("gte", 10), true), c);
        assertNull(set.rules().get(1).detection());
    }

    @Test
    void aLegacyCountOfDistinctValuesIsAValueCount() {
        RuleSet set = loader.parse(rule("""
                detection:
                    selection:
                        eventName: GetObject
                    timeframe: 1h
                    condition: selection | count(requestParameters.bucketName) by userIdentity.arn > 20
                """), "t.yml");
        assertEquals(List.of(), set.problems());
        Correlation c = set.rules().get(1).correlation();
        assertEquals(Correlation.Type.VALUE_COUNT, c.type());
        assertEquals("requestParameters.bucketName", c.field());
        assertEquals(List.of("userIdentity.arn"), c.groupBy());
        assertEquals(Duration.ofHours(1), c.timespan());
        assertEquals(List.of("r1/events"), c.rules());
    }

    @Test
    void rulesForAnotherLogSourceAreSkippedAndCountedNotProblems() {
        RuleSet set = loader.parse("""
                title: Windows
                id: w1
                logsource:
                    product: windows
                    service: security
                detection:
                    selection:
                        CommandLine|base64offset|utf16le|contains: whoami
                    condition: selection
                level: severe
                ---
                title: Okta
                logsource:
                    product: okta
                detection:
                    selection:
                        eventtype: x
                    condition: selection
                ---
                title: Trail
                logsource:
                    product: aws
                    service: cloudtrail
                detection:
                    selection:
                        eventName: StopLogging
                    condition: selection
                """, "w.yml");
        assertEquals(List.of("Trail"), set.rules().stream().map(SigmaRule::title).toList());
        assertEquals(List.of(), set.problems(), "a Windows rule's modifiers and level are not read");
        assertEquals(List.of("w.yml:3: logsource product 'windows' service 'security' is not CloudTrail (product aws,"
                + " service cloudtrail)", "w.yml:13: logsource product 'okta' is not CloudTrail (product aws,"
                + " service cloudtrail)"), set.otherLogsources().stream().map(RuleProblem::describe).toList());
        assertEquals(List.of("n.yml:1: the rule has no logsource (product: aws, service: cloudtrail)"), loader.parse(
                "title: No logsource\ndetection:\n  s:\n    eventName: x\n  condition: s\n", "n.yml").problems()
                .stream().map(RuleProblem::describe).toList());
    }
}
