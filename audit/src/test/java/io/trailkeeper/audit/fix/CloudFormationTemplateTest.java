package io.trailkeeper.audit.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CloudFormation plans are valid templates: every one passes the structural check against the resource
 * schemas ({@link CloudFormationCheck}), and cfn-lint where it is installed; the check itself catches the
 * mistakes it is there for.
 */
class CloudFormationTemplateTest {
    static List<Arguments> templates() {
        List<Arguments> out = new ArrayList<>();
        for (Situations s : Situations.values()) {
            if (!s.plan().nothingToFix()) {
                out.add(Arguments.of(s.name, s.plan().render(FixPlan.Format.CLOUDFORMATION)));
            }
        }
        Situations.variants().forEach((name, plan) -> out.add(Arguments.of(name,
                plan.render(FixPlan.Format.CLOUDFORMATION))));
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("templates")
    void templatePassesTheStructuralCheck(String name, String template) {
        assertEquals(List.of(), CloudFormationCheck.check(template), name);
    }

    @Test
    void nothingToFixIsOnlyComments() {
        String text = Situations.ALL_PASS.plan().render(FixPlan.Format.CLOUDFORMATION);
        assertTrue(text.lines().allMatch(l -> l.startsWith("#")), text);
        assertTrue(text.contains("nothing to fix"), text);
    }

    @Test
    void cfnLintFindsNothing(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Processes.available("cfn-lint", "--version"), "cfn-lint is not installed here");
        List<String> command = new ArrayList<>(List.of("cfn-lint", "--format", "parseable", "--include-checks", "I",
                "--regions", "us-east-1", "eu-west-1", "ap-southeast-2", "--"));
        for (Arguments a : templates()) {
            Path file = dir.resolve(a.get()[0] + ".yaml");
            Files.writeString(file, (String) a.get()[1]);
            command.add(file.toString());
        }
        Processes.Result r = Processes.run(dir, Map.of(), 120, command);
        assertEquals("", r.output().strip(), "cfn-lint found problems");
        assertEquals(0, r.exitCode(), r.output());
    }

    /** Each mistake, made in the weak-trail template, is reported with where it is. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void theCheckCatches(String mistake, String from, String to, String expected) {
        String good = Situations.WEAK_TRAIL.plan().render(FixPlan.Format.CLOUDFORMATION);
        assertTrue(good.contains(from), from);
        List<String> problems = CloudFormationCheck.check(good.replace(from, to));
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), mistake + ": " + problems);
    }

    static List<Arguments> mistakes() {
        return List.of(
                Arguments.of("an unknown type", "Type: AWS::CloudTrail::Trail", "Type: AWS::CloudTrail::Trial",
                        "AWS::CloudTrail::Trial is not a resource type"),
                Arguments.of("an unknown property", "IsMultiRegionTrail: true", "IsMultiRegion: true",
                        "Resources.Trail.Properties.IsMultiRegion"),
                Arguments.of("a nested unknown property", "Mode: COMPLIANCE", "Modus: COMPLIANCE",
                        "DefaultRetention.Modus"),
                Arguments.of("a missing required property", "      IsLogging: true\n", "",
                        "Resources.Trail.Properties.IsLogging (line"),
                Arguments.of("a value outside the enum", "Mode: COMPLIANCE", "Mode: COMPLIANT",
                        "COMPLIANT is not one of"),
                Arguments.of("a wrong kind of value", "Days: 365", "Days: a year", "a year is not a integer"),
                Arguments.of("a Ref to nothing", "!Ref AccessLogBucket", "!Ref AccessLogsBucket",
                        "Ref AccessLogsBucket names no resource"),
                Arguments.of("a GetAtt of a missing attribute", "!GetAtt TrailKey.Arn", "!GetAtt TrailKey.Id",
                        "has no attribute Id"),
                Arguments.of("a DependsOn on nothing", "      - TrailBucketPolicy", "      - TrailPolicy",
                        "TrailPolicy is not another resource"),
                Arguments.of("a dependency cycle", "      BucketName: trailkeeper-444455556666-access-logs",
                        "      BucketName: !Ref Trail", "dependency cycle"),
                Arguments.of("a read-only property", "      TrailName: trailkeeper-444455556666",
                        "      TrailName: trailkeeper-444455556666\n      Arn: x", "Properties.Arn (line"),
                Arguments.of("a default outside its pattern", "Default: security@example.com", "Default: security",
                        "does not match its AllowedPattern"));
    }
}
