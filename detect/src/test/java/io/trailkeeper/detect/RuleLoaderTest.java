package io.trailkeeper.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.detect.Detection.AllOf;
import io.trailkeeper.detect.Detection.And;
import io.trailkeeper.detect.Detection.Not;
import io.trailkeeper.detect.Detection.OneOf;
import io.trailkeeper.detect.Detection.Or;
import io.trailkeeper.detect.Detection.Ref;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RuleLoaderTest {
    private static final Path SIGMA = Events.shared().resolve("sigma");
    private final RuleLoader loader = new RuleLoader();

    /** Values for the placeholders of SigmaHQ's rules-placeholder folder. */
    static final Map<String, List<String>> SIGMA_PLACEHOLDERS = Map.of("Legitimate_Countries", List.of("DE", "FR"),
            "Legitimate_IP_Ranges", List.of("203.0.113.*"));

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
    void unsupportedRulesBecomeCorrelationsOrAreRejectedWithAReason() {
        RuleSet set = loader.load(SIGMA.resolve("unsupported"));
        Map<String, String> outcome = new TreeMap<>();
        for (SigmaRule r : set.rules()) {
            if (r.correlation() != null) {
                Correlation c = r.correlation();
                outcome.put(file(r.source()), c.type() + " " + c.groupBy() + " " + c.field() + " "
                        + (c.condition() == null ? "" : c.condition().operator() + " " + c.condition().value()) + " "
                        + c.timespan().toMinutes() + "m");
            }
        }
        for (RuleProblem p : set.problems()) {
            outcome.put(file(p.source()), "rejected at line " + p.line() + ": " + p.reason());
        }
        Map<String, String> expected = new TreeMap<>(Map.of(
                "aws_ec2_download_userdata.yml", "EVENT_COUNT [] null gt 10 30m",
                "aws_enum_backup.yml", "EVENT_COUNT [] null gt 5 10m",
                "aws_enum_listing.yml", "EVENT_COUNT [] null gt 50 10m",
                "aws_enum_network.yml", "EVENT_COUNT [] null gt 5 10m",
                "aws_enum_storage.yml", "EVENT_COUNT [] null gt 5 10m",
                "aws_lambda_function_created_or_invoked.yml",
                "rejected at line 23: 'near' is not supported: write a temporal correlation rule",
                "aws_macic_evasion.yml", "EVENT_COUNT [sourceIPAddress] null gt 5 10m",
                "aws_ses_messaging_enabled.yml", "TEMPORAL [] null gte 2 5m"));
        assertEquals(expected, outcome);
        // each converted rule brings the detection rule its correlation counts, which emits nothing by itself
        assertEquals(15, set.rules().size());
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
    void problemsNameTheFileTheLineAndTheReason() {
        assertProblem("""
                detection:
                    selection:
                        eventName|startwith: Stop
                    condition: selection
                """, 10, "unknown modifier 'startwith' in 'eventName|startwith'");
        assertProblem("""
                detection:
                    selection:
                        eventName: Stop
                    condition: selection and (filter
                """, 11, "the condition 'selection and (filter' does not parse: missing ')'");
        assertProblem("""
                detection:
                    selection:
                        eventName: Stop
                    condition: selection and not filter
                """, 11, "the condition names 'filter', which the detection does not define");
        assertProblem("""
                detection:
                    selection:
                        eventName: Stop
                    condition: selection and not 1 of filter_*
                """, 11, "the condition's pattern 'filter_*' matches no search identifier");
        assertProblem("""
                detection:
                    selection:
                        eventName: Stop
                """, 8, "the detection has no condition");
        assertProblem("""
                detection:
                    selection:
                        sourceIPAddress|cidr: 10.0.0.0/33
                    condition: selection
                """, 10, "'sourceIPAddress|cidr': '10.0.0.0/33' is not an IPv4 or IPv6 network");
        assertProblem("""
                detection:
                    selection:
                        eventName|re: '(unclosed'
                    condition: selection
                """, 10, "'eventName|re': the regular expression does not compile: Unclosed group");
        assertProblem("""
                detection:
                    selection:
                        eventName: [a, b
                    condition: selection
                """, 11, "not valid YAML: expected ',' or ']', but got :");
        assertProblem("""
                detection:
                    selection:
                        eventName: A
                    selection:
                        eventName: B
                    condition: selection
                """, 11, "duplicate key 'selection'");
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

    @Test
    void sigma21ValueAggregationsAreRefusedByName() {
        RuleSet set = loader.parse("""
                title: Sum
                correlation:
                    type: value_sum
                    rules:
                        - base
                    group-by:
                        - awsRegion
                    timespan: 1h
                    condition:
                        gte: 100
                        field: requestParameters.durationSeconds
                """, "s.yml");
        assertEquals(List.of("s.yml:3: correlation type 'value_sum' is not supported (TrailKeeper runs event_count,"
                + " value_count, temporal and temporal_ordered; Sigma 2.1's value_sum, value_avg, value_percentile and"
                + " value_median not)"), set.problems().stream().map(RuleProblem::describe).toList());
    }

    @Test
    void sigmaFiltersAreSaidToBeUnsupportedNotToLackADetection() {
        RuleSet set = loader.parse("""
                title: Not the admins
                logsource:
                    product: aws
                    service: cloudtrail
                filter:
                    rules:
                        - some-rule
                    selection:
                        userIdentity.userName: admin
                    condition: not selection
                """, "f.yml");
        assertEquals(List.of("f.yml:5: Sigma filters ('filter:') are not supported: this one is not applied, so the"
                + " rules it names run unfiltered; write its condition into them as a 'not' search identifier"),
                set.problems().stream().map(RuleProblem::describe).toList());
    }

    @Test
    void metadataIsChecked() {
        RuleSet set = loader.parse("""
                title: Levels
                id: w1
                logsource:
                    product: aws
                    service: cloudtrail
                detection:
                    selection:
                        eventName: ConsoleLogin
                    condition: selection
                level: severe
                """, "w.yml");
        assertEquals(List.of("w.yml:10: level 'severe' is not one of informational, low, medium, high, critical"),
                set.problems().stream().map(RuleProblem::describe).toList());
        assertEquals(List.of(), set.rules());
        assertEquals(List.of("n.yml:1: the rule has no title"), loader.parse("id: x\ndetection: {}\n", "n.yml")
                .problems().stream().map(RuleProblem::describe).toList());
    }

    @Test
    void anUnsupportedRuleIsNotRunButADeprecatedOneIs() {
        String plain = rule("detection:\n    s:\n        eventName: A\n    condition: s\n");
        RuleSet unsupported = loader.parse(plain.replace("level: high\n", "level: high\nstatus: unsupported\n"), "u.yml");
        assertEquals(List.of("u.yml:5: status 'unsupported': its authors say the rule cannot be used in its current"
                + " state (Sigma), so it is not run"), unsupported.problems().stream().map(RuleProblem::describe).toList());
        assertEquals(List.of(), unsupported.rules());
        RuleSet deprecated = loader.parse(plain.replace("level: high\n", "level: high\nstatus: deprecated\n"), "d.yml");
        assertEquals(List.of(), deprecated.problems());
        assertEquals(1, deprecated.rules().size());
        // unsupported for the old aggregation syntax, which becomes a correlation here: it runs
        RuleSet legacy = loader.parse(rule("""
                status: unsupported
                detection:
                    selection:
                        eventName: GetObject
                    timeframe: 1h
                    condition: selection | count() by userIdentity.arn > 20
                """), "l.yml");
        assertEquals(List.of(), legacy.problems());
        assertEquals(2, legacy.rules().size());
    }

    @Test
    void duplicateIdsAndUnknownCorrelatedRulesAreProblems() {
        String one = rule("detection:\n    s:\n        eventName: A\n    condition: s\n");
        RuleSet set = loader.parse(one + "---\n" + one + "---\n" + """
                title: C
                id: c1
                correlation:
                    type: event_count
                    rules: [nope]
                    timespan: 5m
                    condition: {gte: 2}
                """, "d.yml");
        assertEquals(List.of("d.yml:14: duplicate rule id or name 'r1', first in d.yml",
                "d.yml:29: the correlation names rule 'nope', which is not loaded"),
                set.problems().stream().map(RuleProblem::describe).toList());
        assertEquals(1, set.rules().size());
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
    void placeholdersTakeConfiguredValues() {
        String yaml = rule("""
                detection:
                    filter:
                        sourceIPAddress|expand: '%trusted%'
                    condition: filter
                """);
        assertEquals(List.of("10.0.0.1", "10.0.0.*"), values(new RuleLoader(Map.of("trusted", List.of("10.0.0.1",
                "10.0.0.*"))).parse(yaml, "p.yml")));
        // %trail_buckets% is TrailKeeper's: none unless given, and then nothing to match
        assertEquals(List.of(), values(loader.parse(yaml.replace("%trusted%", "%trail_buckets%"), "p.yml")));
    }

    @Test
    void placeholdersExpandInsideAValueAndAnEscapedPercentIsPlain() {
        String yaml = rule("""
                detection:
                    filter:
                        userIdentity.arn|expand: 'arn:aws:iam::%account%:user/%user%'
                    condition: filter
                """);
        RuleLoader given = new RuleLoader(Map.of("account", List.of("111122223333", "444455556666"),
                "user", List.of("alice")));
        assertEquals(List.of("arn:aws:iam::111122223333:user/alice", "arn:aws:iam::444455556666:user/alice"),
                values(given.parse(yaml, "p.yml")));
        assertEquals(List.of("100%account%", "%plain111122223333:user/alice", "%plain444455556666:user/alice",
                "a\\*b"), values(given.parse(yaml.replace("'arn:aws:iam::%account%:user/%user%'",
                "['100\\%account\\%', '\\%plain%account%:user/%user%', 'a\\*b']"), "p.yml")));
        // without |expand a percent is plain text
        assertEquals(List.of("%account%"), values(loader.parse(yaml.replace("|expand: 'arn:aws:iam::%account%:user/%user%'",
                ": '%account%'"), "p.yml")));
    }

    @Test
    void aRuleWithAPlaceholderThatHasNoValuesIsNotUsed() {
        String yaml = rule("""
                detection:
                    selection:
                        eventName: ConsoleLogin
                    filter:
                        userIdentity.userName|expand: '%admins%'
                    condition: selection and not filter
                """);
        RuleSet set = loader.parse(yaml, "p.yml");
        assertEquals(List.of("p.yml:12: the placeholder %admins% has no values, so the rule 'Test rule' cannot run:"
                + " give them with --placeholder admins=VALUE[,VALUE...]"), set.problems().stream()
                .map(RuleProblem::describe).toList());
        assertEquals(List.of(), set.rules());
        // SigmaHQ's rule that would otherwise fire on every successful console sign-in
        RuleSet sigma = loader.load(SIGMA.resolve("rules-placeholder"));
        assertEquals(List.of(), sigma.rules());
        assertEquals(List.of("aws_cloudtrail_console_login_success_from_susp_locations.yml:25: the placeholders"
                + " %Legitimate_Countries%, %Legitimate_IP_Ranges% have no values, so the rule 'AWS Console Login"
                + " Monitoring' cannot run: give them with --placeholder Legitimate_Countries=VALUE[,VALUE...]"
                + " --placeholder Legitimate_IP_Ranges=VALUE[,VALUE...]"), sigma.problems().stream()
                .map(p -> file(p.source()) + ":" + p.line() + ": " + p.reason()).toList());
        // given, the filter excludes the admins
        RuleSet admins = new RuleLoader(Map.of("admins", List.of("alice"))).parse(yaml, "p.yml");
        InMemoryEngine engine = new InMemoryEngine(admins);
        List<String> matched = new java.util.ArrayList<>();
        for (String user : List.of("alice", "carol")) {
            engine.accept(Events.one("""
                    {"eventVersion":"1.08","eventTime":"2024-03-01T10:00:00Z","eventSource":"signin.amazonaws.com",\
                    "eventName":"ConsoleLogin","awsRegion":"us-east-1","userIdentity":{"type":"IAMUser",\
                    "userName":"%s"}}""".formatted(user)), m -> matched.add(m.event().userName()));
        }
        assertEquals(List.of("carol"), matched);
    }

    private static List<Object> values(RuleSet set) {
        assertEquals(List.of(), set.problems());
        return set.rules().get(0).detection().searches().get("filter").alternatives().get(0).matches().get(0)
                .values();
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

    private void assertProblem(String detection, int line, String reason) {
        RuleSet set = loader.parse(rule(detection), "x.yml");
        assertEquals(List.of("x.yml:" + line + ": " + reason), set.problems().stream().map(RuleProblem::describe)
                .collect(Collectors.toList()));
        assertEquals(List.of(), set.rules());
    }

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

    private static String file(String source) {
        return Path.of(source).getFileName().toString();
    }
}
