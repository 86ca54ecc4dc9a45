package io.trailkeeper.detect;

import java.util.List;

/**
 * Rules that loaded and passed validation, and the problems of those that did not (a rule with a problem is
 * left out, never run half-understood).
 */
public record RuleSet(List<SigmaRule> rules, List<RuleProblem> problems) {
    public RuleSet {
        rules = List.copyOf(rules);
        problems = List.copyOf(problems);
    }

    /** Both sets together; ids are not re-checked across them (use {@link RuleLoader#load} for that). */
    public RuleSet plus(RuleSet other) {
        List<SigmaRule> all = new java.util.ArrayList<>(rules);
        all.addAll(other.rules);
        List<RuleProblem> allProblems = new java.util.ArrayList<>(problems);
        allProblems.addAll(other.problems);
        return new RuleSet(all, allProblems);
    }
}
