package io.trailkeeper.cli;

import io.trailkeeper.audit.AuditResult;
import io.trailkeeper.audit.Auditor;
import io.trailkeeper.audit.fix.FixOptions;
import io.trailkeeper.audit.fix.FixPlan;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.Finding;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code trailkeeper fix --plan}: the configuration that closes the audit's failed checks, as code. */
@Command(name = "fix", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Write the configuration that closes the audit's failed checks (CloudFormation, Terraform, AWS CLI).",
        description = {"",
            "Audits the account (or a saved snapshot) and writes one coherent configuration for what failed: a",
            "multi-region trail with log file validation and KMS encryption, a log bucket with Object Lock, a",
            "lifecycle of at least 365 days and a protective policy, the chosen data events with their",
            "estimated cost, CloudWatch Logs delivery and the alarms on tampering. It changes nothing itself:",
            "review the plan, then deploy it (aws cloudformation deploy, terraform apply, or run the script).", ""},
        footer = {"", "Examples:",
            "  trailkeeper fix --plan > trailkeeper-fix.yaml           CloudFormation (the default)",
            "  trailkeeper fix --plan --format terraform --out main.tf",
            "  trailkeeper fix --plan --format cli --break-glass-role arn:aws:iam::123456789012:role/BreakGlass \\",
            "      --alert-email soc@example.com --critical-buckets customer-data"})
final class FixCommand implements Callable<Integer> {
    @ParentCommand
    TrailKeeperCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    SnapshotOptions source;

    @Option(names = "--plan", required = true, description = "Write the plan (required: fix never changes the account itself).")
    boolean plan;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the plan to this file instead of the output.")
    Path out;

    @Option(names = "--alert-email", paramLabel = "ADDRESS", description = "Who the tampering alarms notify.")
    String alertEmail;

    @Option(names = "--data-events-per-month", paramLabel = "N",
            description = "Expected data events a month, for the cost estimate (default: the unit price only).")
    Long dataEventsPerMonth;

    @Option(names = "--no-event-bridge", description = "Alarm through CloudWatch metric filters only, without the EventBridge rule.")
    boolean noEventBridge;

    @Override
    public Integer call() throws IOException {
        FixPlan.Format format = switch (root.format) {
            case table, cloudformation -> FixPlan.Format.CLOUDFORMATION;
            case terraform -> FixPlan.Format.TERRAFORM;
            case cli -> FixPlan.Format.CLI;
            default -> throw new IllegalArgumentException("--format " + root.format + " is not an output of fix; use"
                    + " cloudformation (default), terraform or cli");
        };
        PrintWriter err = spec.commandLine().getErr();
        AccountSnapshot snapshot = source.snapshot(root.clock, err);
        AuditResult result = Auditor.standard().run(snapshot, source.context(root.clock));
        List<Finding> findings = new ArrayList<>();
        result.entries().forEach(e -> findings.add(e.finding()));
        FixOptions options = FixOptions.defaults().withCriticalBuckets(source.criticalBuckets)
                .withAlertEmail(alertEmail).withDataEventsPerMonth(dataEventsPerMonth)
                .withEventBridgeRule(!noEventBridge);
        if (!source.breakGlassRoles.isEmpty()) {
            options = options.withBreakGlassRoleArn(source.breakGlassRoles.get(0));
        }
        if (source.aws.region != null) {
            options = options.withRegion(source.aws.region);
        }
        FixPlan fix = FixPlan.build(snapshot, findings, options);
        String text = fix.render(format);
        if (out != null) {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(out, text);
            fix.summary().forEach(err::println);
            err.println("written to " + out);
        } else {
            PrintWriter o = spec.commandLine().getOut();
            o.print(text);
            o.flush();
        }
        err.flush();
        return 0;
    }
}
