package io.trailkeeper.audit.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CLI plans are bash that bash accepts ({@code bash -n}) and that runs to its end against a fake aws; every
 * call it makes is one the AWS CLI has, with options and values its model accepts ({@link AwsCliCheck}), in an
 * order where each resource exists before it is used.
 */
class CliScriptTest {
    private static final Map<String, String> DEPLOYER = Map.of(
            "BREAK_GLASS_ROLE_ARN", "arn:aws:iam::111122223333:role/BreakGlass", "ALERT_EMAIL", "soc@example.com");

    static List<Arguments> scripts() {
        List<Arguments> out = new ArrayList<>();
        for (Situations s : Situations.values()) {
            out.add(Arguments.of(s.name, s.plan()));
        }
        Situations.variants().forEach((name, plan) -> out.add(Arguments.of(name, plan)));
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void bashAcceptsTheSyntax(String name, FixPlan plan, @TempDir Path dir) throws Exception {
        Path file = dir.resolve(name + ".sh");
        Files.writeString(file, plan.render(FixPlan.Format.CLI));
        Processes.Result r = Processes.run(dir, Map.of(), 30, "bash", "-n", file.toString());
        assertEquals(0, r.exitCode(), r.output());
    }

    @TempDir
    static Path runs;
    private static final Map<String, FakeAws.Run> RUNS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The script of the plan run once against the fake aws, with the deployer's values given. */
    private static FakeAws.Run run(String name, FixPlan plan) throws java.io.IOException {
        FakeAws.Run run = RUNS.get(name);
        if (run == null) {
            run = FakeAws.run(Files.createDirectories(runs.resolve(name)), plan.render(FixPlan.Format.CLI),
                    plan.account(), DEPLOYER);
            RUNS.put(name, run);
        }
        return run;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void everyCallIsOneTheAwsCliAccepts(String name, FixPlan plan) throws Exception {
        String script = plan.render(FixPlan.Format.CLI);
        assertTrue(script.contains("\nset -euo pipefail\n"), script);
        FakeAws.Run run = run(name, plan);
        assertEquals(0, run.exitCode(), run.output());
        List<String> problems = new ArrayList<>();
        run.calls().forEach(call -> problems.addAll(AwsCliCheck.check(call)));
        assertEquals(List.of(), problems);
        List<String> commands = commands(run);
        if (plan.nothingToFix()) {
            assertEquals(List.of(), commands, "a plan with nothing to fix calls nothing");
        } else {
            assertEquals("sts get-caller-identity", commands.get(0), "the account is checked first");
            assertTrue(run.output().contains("is in place"), run.output());
        }
    }

    @Test
    void eachResourceExistsBeforeItIsUsed() throws Exception {
        FakeAws.Run run = run(Situations.WEAK_TRAIL.name, Situations.WEAK_TRAIL.plan());
        assertEquals(0, run.exitCode(), run.output());
        List<String> commands = commands(run);
        String bucket = "trailkeeper-444455556666-cloudtrail";
        int policy = commands.indexOf("s3api put-bucket-policy " + bucket);
        // The policy denies changing versioning, Object Lock and the lifecycle: it comes after them.
        for (String before : List.of("s3api create-bucket " + bucket, "s3api put-bucket-versioning " + bucket,
                "s3api put-object-lock-configuration " + bucket, "s3api put-bucket-lifecycle-configuration " + bucket,
                "s3api put-bucket-logging " + bucket, "kms create-key", "iam put-role-policy",
                "logs create-log-group")) {
            assertTrue(commands.indexOf(before) >= 0 && commands.indexOf(before) < commands.indexOf(
                    "cloudtrail create-trail"), before + " before the trail: " + commands);
        }
        assertTrue(policy > commands.indexOf("s3api put-bucket-lifecycle-configuration " + bucket), commands.toString());
        assertTrue(policy < commands.indexOf("cloudtrail create-trail"), commands.toString());
        assertTrue(commands.indexOf("cloudtrail create-trail") < commands.indexOf("cloudtrail put-event-selectors"));
        assertTrue(commands.indexOf("cloudtrail put-event-selectors") < commands.indexOf("cloudtrail start-logging"));
        assertTrue(commands.indexOf("sns create-topic") < commands.indexOf("cloudwatch put-metric-alarm"));
        assertTrue(commands.indexOf("events put-rule") < commands.indexOf("events put-targets"));
    }

    @Test
    void theScriptRefusesAnotherAccount(@TempDir Path dir) throws Exception {
        FixPlan plan = Situations.WEAK_TRAIL.plan();
        FakeAws.Run run = FakeAws.run(dir, plan.render(FixPlan.Format.CLI), "999999999999", Map.of());
        assertEquals(1, run.exitCode(), run.output());
        assertTrue(run.output().contains("These commands are for account 444455556666"), run.output());
        assertEquals(List.of("sts get-caller-identity"), commands(run));
    }

    @Test
    void theScriptWantsTheValuesNobodyGaveBeforeCallingAnything(@TempDir Path dir) throws Exception {
        FixPlan plan = Situations.NO_TRAIL.plan();
        FakeAws.Run run = FakeAws.run(dir, plan.render(FixPlan.Format.CLI), plan.account(), Map.of());
        assertNotEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("set BREAK_GLASS_ROLE_ARN first"), run.output());
        assertEquals(List.of(), run.calls());
    }

    @Test
    void theCheckCatches() {
        assertProblem("an unknown command", "cannot-trail is not a command", "cloudtrail", "cannot-trail");
        assertProblem("an unknown option", "--multi-region is not an option", "cloudtrail", "create-trail",
                "--name", "t", "--s3-bucket-name", "b", "--multi-region");
        assertProblem("a missing required option", "--s3-bucket-name is required", "cloudtrail", "create-trail",
                "--name", "t");
        assertProblem("a JSON member the shape lacks", "Rules[0].Days: is not a member", "s3api",
                "put-bucket-lifecycle-configuration", "--bucket", "b", "--lifecycle-configuration",
                "{\"Rules\":[{\"Status\":\"Enabled\",\"Days\":3}]}");
        assertProblem("a required JSON member missing", "Rules[0].Status: is required", "s3api",
                "put-bucket-lifecycle-configuration", "--bucket", "b", "--lifecycle-configuration",
                "{\"Rules\":[{\"ID\":\"x\"}]}");
        assertProblem("a value outside the enum", "is not one of", "s3api", "put-object-lock-configuration",
                "--bucket", "b", "--object-lock-configuration",
                "{\"Rule\":{\"DefaultRetention\":{\"Mode\":\"COMPLIANT\",\"Days\":1}}}");
        assertProblem("a string where a number goes", "is not a integer", "s3api", "put-object-lock-configuration",
                "--bucket", "b", "--object-lock-configuration",
                "{\"Rule\":{\"DefaultRetention\":{\"Mode\":\"COMPLIANCE\",\"Days\":\"a year\"}}}");
        assertProblem("a shorthand key the shape lacks", "Target: is not a member", "events", "put-targets",
                "--rule", "r", "--targets", "Id=a,Target=b");
        assertProblem("broken JSON", "not JSON", "cloudtrail", "put-event-selectors", "--trail-name", "t",
                "--advanced-event-selectors", "[{\"Name\": }]");
    }

    private static void assertProblem(String mistake, String expected, String... args) {
        List<String> problems = AwsCliCheck.check(java.util.Arrays.stream(args)
                .map(a -> new AwsCliCheck.Arg(a, false)).toList());
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), mistake + ": " + problems);
    }

    /** "service command" and, for s3api, the bucket: what each call did, for order checks. */
    private static List<String> commands(FakeAws.Run run) {
        return run.calls().stream().map(c -> {
            String command = c.get(0).text() + " " + c.get(1).text();
            for (int i = 2; i + 1 < c.size(); i++) {
                if (c.get(i).text() != null && c.get(i).text().equals("--bucket")) {
                    return command + " " + c.get(i + 1).text();
                }
            }
            return command;
        }).toList();
    }
}
