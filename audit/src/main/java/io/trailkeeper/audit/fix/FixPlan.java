package io.trailkeeper.audit.fix;

import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.Finding;
import io.trailkeeper.events.TrailKeeperException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One coherent configuration that closes an audit's failed checks, and only those: {@code trailkeeper fix --plan}.
 *
 * <p>Checks of the trail or its bucket (retention, Object Lock, public access, policy, validation, regions, KMS,
 * CloudWatch Logs delivery, data events, Insights) are closed by a trail and bucket of the plan's own, named after
 * the account, with every one of those settings right: CloudFormation and Terraform can only configure what they
 * manage, and Object Lock exists only on a bucket created with it. The existing trail's bucket is never reused.
 * Alarm checks are closed by metric filters and alarms on the plan's log group (or, when only alarms failed, on
 * the existing trail's), an SNS topic, and an EventBridge rule for trail tampering. A trail beside the best one
 * that is not logging builds nothing: a step names it and the two commands (start it, or delete it), since which
 * is right is its owner's call; nor does one that logs but fails its own checks beside a best trail that passes them
 * (the plan's trail deployed beside the one it replaces): a step tells to delete it, or fix it in place, instead of a
 * third trail. A trail that passes its own checks is never told to be deleted. An account whose
 * record is a CloudTrail Lake event data store gets no trail beside it: the store is changed in place where it falls
 * short (retention, regions, selectors, stopped ingestion; {@link LakePlan}), by the CLI script, CloudFormation and
 * Terraform being able to change it only once it is imported. UNKNOWN findings are not planned for; they are listed
 * in {@link #notes()}.
 *
 * <p>The plan is a pure function of its inputs, and {@link #render(Format)} returns the same text for the same
 * inputs (no times, no random ids), so renderings can be golden-tested and diffed.
 */
public final class FixPlan {
    /** The syntaxes a plan is written in. */
    public enum Format {
        /** A CloudFormation template (YAML). */
        CLOUDFORMATION,
        /** Terraform configuration (HCL) for the hashicorp/aws provider v5. */
        TERRAFORM,
        /** A bash script of AWS CLI commands. */
        CLI;

        /** The format named as {@code --format} takes it: cloudformation, terraform or cli. */
        public static Format of(String name) {
            for (Format f : values()) {
                if (f.name().equalsIgnoreCase(name.trim())) {
                    return f;
                }
            }
            throw new TrailKeeperException(ErrorCode.USAGE, "there is no plan format " + name,
                    "use cloudformation, terraform or cli");
        }

        /** The usual file name extension: yaml, tf or sh. */
        public String extension() {
            return switch (this) {
                case CLOUDFORMATION -> "yaml";
                case TERRAFORM -> "tf";
                case CLI -> "sh";
            };
        }
    }

    /**
     * One thing the plan does, in words.
     *
     * @param closes the failed checks it closes (empty for a part the others need)
     */
    public record Step(String what, List<String> closes) {
        public Step {
            closes = List.copyOf(closes);
        }
    }

    private final Design design;
    private final Map<String, Step> steps;
    private final List<String> notes;
    private final DataEventEstimate dataEventCost;

    private FixPlan(Design design, Map<String, Step> steps, List<String> notes, DataEventEstimate dataEventCost) {
        this.design = design;
        this.steps = steps;
        this.notes = List.copyOf(notes);
        this.dataEventCost = dataEventCost;
    }

    /**
     * The plan that closes the findings' FAILs.
     *
     * @param snapshot the account as audited (its id names what the plan creates; existing names are not reused)
     * @param findings the audit's findings, of any outcome; only FAILs are planned for
     * @throws TrailKeeperException (USAGE) when the snapshot names no account
     */
    public static FixPlan build(AccountSnapshot snapshot, List<Finding> findings, FixOptions options) {
        Design design;
        try {
            design = Design.from(snapshot, List.copyOf(findings), options == null ? FixOptions.defaults() : options);
        } catch (IllegalArgumentException e) {
            throw new TrailKeeperException(ErrorCode.USAGE, e.getMessage(),
                    "plan from a snapshot written by `trailkeeper audit --save-snapshot FILE`");
        }
        PlanWords words = new PlanWords(design, snapshot, findings);
        return new FixPlan(design, words.steps(), words.notes(), words.dataEventCost());
    }

    /** True when no check failed that the plan can close: every format then says there is nothing to fix. */
    public boolean nothingToFix() {
        return design.nothingToFix();
    }

    /** What the plan does, in deployment order. */
    public List<Step> steps() {
        return List.copyOf(steps.values());
    }

    /** The step describing one part of the design ("key", "trail", "alarm:root-usage"...), for the renderers. */
    Step step(String part) {
        Step step = steps.get(part);
        if (step == null) {
            throw new IllegalStateException("the plan has no step for " + part);
        }
        return step;
    }

    /** What the plan does not do and the deployer should know: replaced trails, manual work, UNKNOWN findings. */
    public List<String> notes() {
        return notes;
    }

    /** The failed checks the plan closes, sorted. */
    public List<String> closes() {
        Set<String> out = new TreeSet<>();
        steps.values().forEach(s -> out.addAll(s.closes()));
        return List.copyOf(out);
    }

    /** The cost of the data events the plan turns on. */
    public DataEventEstimate dataEventCost() {
        return dataEventCost;
    }

    /** What the plan builds, for tests that apply it to a snapshot. */
    Design design() {
        return design;
    }

    /** The account the plan is for. */
    public String account() {
        return design.account();
    }

    /** The region the plan deploys to. */
    public String region() {
        return design.region();
    }

    /** The whole configuration in the given syntax, ready to save and deploy. */
    public String render(Format format) {
        return switch (format) {
            case CLOUDFORMATION -> new CloudFormationRenderer(design, this).render();
            case TERRAFORM -> new TerraformRenderer(design, this).render();
            case CLI -> new CliRenderer(design, this).render();
        };
    }

    /** The plan in words, as the header of every rendering shows it: one line each, no comment markers. */
    public List<String> summary() {
        List<String> lines = new java.util.ArrayList<>();
        if (nothingToFix()) {
            lines.add("TrailKeeper fix plan for account " + design.account() + ": nothing to fix.");
            lines.add("No failed check is one this plan can close.");
        } else {
            lines.add("TrailKeeper fix plan for account " + design.account() + ", region " + design.region() + ".");
            lines.add("Closes: " + String.join(", ", closes()) + ".");
            lines.add("");
            int i = 0;
            for (Step step : steps.values()) {
                lines.add(String.format(Locale.ROOT, "%d. %s", ++i, step.what()));
            }
            if (design.core() != null) {
                lines.add("");
                lines.add("Data-event cost: " + dataEventCost.describe() + ".");
            }
        }
        if (!notes.isEmpty()) {
            lines.add("");
            notes.forEach(n -> lines.add("Note: " + n));
        }
        return lines;
    }
}
