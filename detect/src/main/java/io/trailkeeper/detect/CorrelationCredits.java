package io.trailkeeper.detect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A correlation's match shows the events its rules matched, so it credits their authors too (the Detection Rule
 * License asks for the author in every view that shows a rule's matches): its author becomes
 * {@code "own; correlating rules by A, B"}, through chains of correlations, when theirs differ from its own.
 */
final class CorrelationCredits {
    private CorrelationCredits() {
    }

    /** The rules, each correlation with its rules' authors added to its own. */
    static List<SigmaRule> credit(List<SigmaRule> rules) {
        Map<String, SigmaRule> byName = new HashMap<>();
        for (SigmaRule r : rules) {
            for (String key : new String[] {r.id(), r.name()}) {
                if (key != null) {
                    byName.putIfAbsent(key, r);
                }
            }
        }
        List<SigmaRule> out = new ArrayList<>(rules.size());
        for (SigmaRule r : rules) {
            if (r.correlation() == null) {
                out.add(r);
                continue;
            }
            Set<String> others = new LinkedHashSet<>();
            baseAuthors(r, byName, new java.util.HashSet<>(), others);
            others.remove(r.author());
            others.remove(null);
            out.add(others.isEmpty() ? r : withAuthor(r, (r.author() == null ? "" : r.author() + "; ")
                    + "correlating rules by " + String.join(", ", others)));
        }
        return out;
    }

    private static void baseAuthors(SigmaRule r, Map<String, SigmaRule> byName, Set<SigmaRule> seen,
                                    Set<String> out) {
        for (String name : r.correlation().rules()) {
            SigmaRule base = byName.get(name);
            if (base == null || !seen.add(base)) {
                continue;
            }
            out.add(base.author());
            if (base.correlation() != null) {
                baseAuthors(base, byName, seen, out);
            }
        }
    }

    private static SigmaRule withAuthor(SigmaRule r, String author) {
        return new SigmaRule(r.id(), r.name(), r.title(), r.status(), r.level(), author, r.description(),
                r.references(), r.tags(), r.falsePositives(), r.source(), r.detection(), r.correlation());
    }
}
