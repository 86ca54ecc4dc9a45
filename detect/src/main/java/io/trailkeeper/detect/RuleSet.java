package io.trailkeeper.detect;

import java.util.List;

/**
 * Rules that loaded and passed validation, and the problems of those that did not (a rule with a problem is
 * left out, never run half-understood); warnings about rules that loaded and run, such as a field no
 * CloudTrail record has (file, line and reason, like problems); and the rules skipped because their logsource
 * is not CloudTrail (file, line of the logsource, what it is).
 */
public record RuleSet(List<SigmaRule> rules, List<RuleProblem> problems, List<RuleProblem> warnings,
                      List<RuleProblem> otherLogsources) {
    public RuleSet {
        rules = List.copyOf(rules);
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
        otherLogsources = List.copyOf(otherLogsources);
    }

    /** Rules, problems and warnings; no rule skipped for its log source. */
    public RuleSet(List<SigmaRule> rules, List<RuleProblem> problems, List<RuleProblem> warnings) {
        this(rules, problems, warnings, List.of());
    }

    /** Rules and problems, no warnings. */
    public RuleSet(List<SigmaRule> rules, List<RuleProblem> problems) {
        this(rules, problems, List.of());
    }

    /** Both sets together; ids are not re-checked across them (use {@link RuleLoader#load} for that). */
    public RuleSet plus(RuleSet other) {
        List<SigmaRule> all = new java.util.ArrayList<>(rules);
        all.addAll(other.rules);
        List<RuleProblem> allProblems = new java.util.ArrayList<>(problems);
        allProblems.addAll(other.problems);
        List<RuleProblem> allWarnings = new java.util.ArrayList<>(warnings);
        allWarnings.addAll(other.warnings);
        List<RuleProblem> allOthers = new java.util.ArrayList<>(otherLogsources);
        allOthers.addAll(other.otherLogsources);
        return new RuleSet(all, allProblems, allWarnings, allOthers);
    }
}
