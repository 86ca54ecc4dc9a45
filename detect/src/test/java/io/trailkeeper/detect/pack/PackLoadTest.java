package io.trailkeeper.detect.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.detect.RuleLoader;
import io.trailkeeper.detect.RuleProblem;
import io.trailkeeper.detect.RuleSet;
import io.trailkeeper.detect.SigmaRule;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The bundled pack loads through {@link RuleLoader#bundled()} without a problem, every document of every file. */
class PackLoadTest {
    @Test
    void theBundledPackLoadsWithoutProblems() {
        RuleSet pack = new RuleLoader().bundled();
        assertTrue(pack.problems().isEmpty(), pack.problems().stream().map(RuleProblem::describe)
                .collect(Collectors.joining("\n", "the bundled pack has problems:\n", "")));
        Set<String> loaded = pack.rules().stream().map(SigmaRule::id).collect(Collectors.toSet());
        for (String file : PackFiles.ruleFiles()) {
            for (Map<String, Object> doc : PackFiles.documents(file)) {
                assertTrue(loaded.contains(String.valueOf(doc.get("id"))),
                        file + ": rule " + doc.get("id") + " (" + doc.get("title") + ") was not loaded");
            }
        }
    }

    @Test
    void eachRuleFileLoadsAloneWithoutProblems() {
        for (String file : PackFiles.ruleFiles()) {
            RuleSet one = new RuleLoader().load(PackFiles.rulesFolder().resolve(file));
            assertTrue(one.problems().isEmpty(), file + ": " + one.problems());
            List<String> ids = one.rules().stream().map(SigmaRule::id).toList();
            assertEquals(PackFiles.documents(file).stream().map(d -> String.valueOf(d.get("id"))).toList(), ids, file);
            assertTrue(one.rules().stream().allMatch(r -> "TrailKeeper".equals(r.author())), file + ": author");
        }
    }
}
