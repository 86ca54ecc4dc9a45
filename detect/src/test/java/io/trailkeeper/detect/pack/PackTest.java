package io.trailkeeper.detect.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.detect.InMemoryEngine;
import io.trailkeeper.detect.Match;
import io.trailkeeper.detect.RuleLoader;
import io.trailkeeper.detect.RuleSet;
import io.trailkeeper.detect.SigmaRule;
import io.trailkeeper.events.CloudTrailEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each bundled rule fires on its matching sample and not on its non-matching one, run by the in-memory engine
 * with the rules of its own file only (a correlation needs the base rules written beside it). For a detection
 * rule every record of match.jsonl must match; for a correlation it must fire at least once.
 */
class PackTest {
    static Stream<String> ruleFiles() {
        return PackFiles.ruleFiles().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ruleFiles")
    void firesOnItsMatchingSample(String file) {
        List<SigmaRule> rules = rulesOf(file);
        SigmaRule main = main(file, rules);
        List<CloudTrailEvent> events = PackFiles.sample(file, "match.jsonl");
        List<Match> fired = run(rules, events).stream().filter(m -> m.rule().id().equals(main.id())).toList();
        if (main.correlation() == null) {
            Set<String> matched = fired.stream().map(m -> m.event().recordHash().toString()).collect(Collectors.toSet());
            List<String> missed = events.stream().filter(e -> !matched.contains(e.recordHash().toString()))
                    .map(e -> e.eventName() + " " + e.eventId()).toList();
            assertTrue(missed.isEmpty(), file + ": records of match.jsonl the rule did not match: " + missed);
        } else {
            assertTrue(!fired.isEmpty(), file + ": the correlation did not fire on match.jsonl");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ruleFiles")
    void staysQuietOnItsNonMatchingSample(String file) {
        List<SigmaRule> rules = rulesOf(file);
        SigmaRule main = main(file, rules);
        List<Match> fired = run(rules, PackFiles.sample(file, "nomatch.jsonl")).stream()
                .filter(m -> m.rule().id().equals(main.id())).toList();
        assertEquals(List.of(), fired.stream().map(m -> m.event().eventName() + " " + m.event().eventId()).toList(),
                file + ": fired on nomatch.jsonl");
    }

    private static List<SigmaRule> rulesOf(String file) {
        // the trail bucket of the samples, as detect finds it in the store (CreateTrail events, collected buckets)
        RuleSet set = new RuleLoader(java.util.Map.of("trail_buckets", java.util.List.of("acme-cloudtrail-logs")))
                .load(PackFiles.rulesFolder().resolve(file));
        assertTrue(set.problems().isEmpty(), file + ": " + set.problems());
        return set.rules();
    }

    private static SigmaRule main(String file, List<SigmaRule> rules) {
        String id = PackFiles.mainId(file);
        return rules.stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError(file + ": rule " + id + " was not loaded"));
    }

    private static List<Match> run(List<SigmaRule> rules, List<CloudTrailEvent> events) {
        InMemoryEngine engine = new InMemoryEngine(rules);
        List<Match> matches = new ArrayList<>();
        for (CloudTrailEvent event : events) {
            engine.accept(event, matches::add);
        }
        engine.finish(matches::add);
        return matches;
    }
}
