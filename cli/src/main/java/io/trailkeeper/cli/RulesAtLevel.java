package io.trailkeeper.cli;

import io.trailkeeper.detect.SigmaRule;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The rules --min-level keeps: those at the level or above, and the rules their correlations refer to, whatever their
 * level (directly or through a correlation of correlations). A correlation's base rules are most often informational
 * or low and raise nothing of their own (unless a correlation says {@code generate: true}); dropped, they left every
 * correlation they feed silently unable to fire.
 */
final class RulesAtLevel {
    private RulesAtLevel() {
    }

    static List<SigmaRule> choose(List<SigmaRule> rules, int min) {
        Set<SigmaRule> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<SigmaRule> toFollow = new ArrayDeque<>();
        for (SigmaRule r : rules) {
            if (DetectCommand.rank(r.level()) >= min) {
                kept.add(r);
                toFollow.add(r);
            }
        }
        while (!toFollow.isEmpty()) {
            SigmaRule r = toFollow.pop();
            if (r.correlation() == null) {
                continue;
            }
            for (SigmaRule base : rules) {
                if (r.correlation().reads(base) && kept.add(base)) {
                    toFollow.add(base);
                }
            }
        }
        return rules.stream().filter(kept::contains).toList();
    }
}
