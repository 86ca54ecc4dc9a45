package io.trailkeeper.detect;

import static io.trailkeeper.detect.RuleLoaderFixtures.SIGMA;
import static io.trailkeeper.detect.RuleLoaderFixtures.file;
import static io.trailkeeper.detect.RuleLoaderFixtures.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The rules {@link RuleLoader} refuses or does not run, each with its file, line and reason: malformed detections,
 * unsupported Sigma forms (near, value aggregations, filters), bad metadata, status, duplicate ids.
 */
class RuleLoaderProblemsTest {
    private final RuleLoader loader = new RuleLoader();

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
    void modifiersThatWouldBeLeftUnappliedAreRefused() {
        String[][] cases = {
            {"sourceIPAddress|cidr|startswith: 10.0.0.0/8", "'sourceIPAddress|cidr|startswith': cidr matches an IP"
                + " address in a network, so it goes with [all] only, not with startswith"},
            {"userAgent|re|startswith: 'aws'", "'userAgent|re|startswith': re matches a regular expression anywhere in"
                + " the value, case-sensitively, so it goes with [all, i, m, s] only, not with startswith"},
            {"userAgent|re|cased: 'aws'", "'userAgent|re|cased': re matches a regular expression anywhere in the value,"
                + " case-sensitively, so it goes with [all, i, m, s] only, not with cased"},
            {"userAgent|exists|contains: true", "'userAgent|exists|contains': exists tells whether the field is there"
                + " (true or false), so it goes with no other modifier, not with contains"},
            {"userAgent|contains: null", "'userAgent|contains': null matches a field that is missing or null, so it"
                + " goes with no modifier but neq (write 'userAgent': null, or 'userAgent|exists': false)"},
            {"userAgent|re:\n            - 'x'\n            - null", "'userAgent|re': null matches a field that is"
                + " missing or null, so it goes with no modifier but neq (write 'userAgent': null, or"
                + " 'userAgent|exists': false)"},
            {"requestParameters.n|gt|contains: 4", "'requestParameters.n|gt|contains': gt compares numbers, so it goes"
                + " with [all] only, not with contains"},
        };
        for (String[] c : cases) {
            assertProblem("detection:\n    selection:\n        " + c[0] + "\n    condition: selection\n", 10, c[1]);
        }
        for (String fine : List.of("sourceIPAddress|cidr|all: 10.0.0.0/8", "userAgent|re|i|m|s: 'aws'",
                "userAgent|exists: true", "requestParameters.n|gte: 4", "userAgent: null", "userAgent|all: [null]",
                "userAgent|neq: null")) {
            RuleSet set = loader.parse(rule("detection:\n    selection:\n        " + fine
                    + "\n    condition: selection\n"), "x.yml");
            assertEquals(List.of(), set.problems(), fine);
        }
    }

    private void assertProblem(String detection, int line, String reason) {
        RuleSet set = loader.parse(rule(detection), "x.yml");
        assertEquals(List.of("x.yml:" + line + ": " + reason), set.problems().stream().map(RuleProblem::describe)
                .collect(Collectors.toList()));
        assertEquals(List.of(), set.rules());
    }
}
