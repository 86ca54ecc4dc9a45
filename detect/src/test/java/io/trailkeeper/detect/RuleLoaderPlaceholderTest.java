package io.trailkeeper.detect;

import static io.trailkeeper.detect.RuleLoaderFixtures.SIGMA;
import static io.trailkeeper.detect.RuleLoaderFixtures.file;
import static io.trailkeeper.detect.RuleLoaderFixtures.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Placeholders ({@code |expand}): configured values, expansion inside a value, and rules whose placeholders have none. */
class RuleLoaderPlaceholderTest {
    private final RuleLoader loader = new RuleLoader();

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
}
