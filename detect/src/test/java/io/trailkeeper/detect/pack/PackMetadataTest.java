package io.trailkeeper.detect.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every bundled rule must carry, checked from the files themselves (no loader needed): INDEX lists
 * exactly the rule files, ids are fixed UUIDs unique in the pack, the author is TrailKeeper (shown beside
 * every match), a level, ATT&CK tags, references, a description naming the failure the rule guards, and both
 * samples.
 */
class PackMetadataTest {
    /** The three failures TrailKeeper exists for; every rule's description names at least one. */
    static final List<String> FAILURES = List.of(
            "logs gone after 90 days", "data events never logged", "a region nobody collected");
    private static final Set<String> LEVELS = Set.of("informational", "low", "medium", "high", "critical");
    private static final Pattern TECHNIQUE = Pattern.compile("attack\\.t\\d{4}(\\.\\d{3})?");
    private static final Pattern TAG = Pattern.compile("attack\\.([a-z]+(-[a-z]+)*|t\\d{4}(\\.\\d{3})?)");

    static Stream<String> ruleFiles() {
        return PackFiles.ruleFiles().stream();
    }

    @Test
    void indexListsEveryRuleFileOnce() {
        List<String> index = PackFiles.indexEntries();
        List<String> files = PackFiles.ruleFiles();
        assertFalse(files.isEmpty(), "the pack has no rules");
        assertEquals(new HashSet<>(index).size(), index.size(), "INDEX lists a file twice: " + index);
        List<String> unlisted = files.stream().filter(f -> !index.contains(f)).toList();
        assertTrue(unlisted.isEmpty(), "rule files missing from INDEX: " + unlisted);
        List<String> missing = index.stream().filter(f -> f.endsWith(".yml") && !files.contains(f)).toList();
        assertTrue(missing.isEmpty(), "INDEX lists files that do not exist: " + missing);
    }

    @Test
    void idsAndNamesAreUniqueInThePack() {
        Map<String, String> ids = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        List<String> clashes = new ArrayList<>();
        for (String file : PackFiles.ruleFiles()) {
            for (Map<String, Object> doc : PackFiles.documents(file)) {
                String id = String.valueOf(doc.get("id"));
                String before = ids.put(id, file);
                if (before != null) {
                    clashes.add("id " + id + " in " + before + " and " + file);
                }
                if (doc.get("name") != null) {
                    String other = names.put(String.valueOf(doc.get("name")), file);
                    if (other != null) {
                        clashes.add("name " + doc.get("name") + " in " + other + " and " + file);
                    }
                }
            }
        }
        assertTrue(clashes.isEmpty(), String.join("\n", clashes));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ruleFiles")
    void everyDocumentCarriesTheMetadataAMatchShows(String file) {
        List<Map<String, Object>> docs = PackFiles.documents(file);
        assertFalse(docs.isEmpty(), file + " is empty");
        Set<String> namesHere = new HashSet<>();
        for (Map<String, Object> doc : docs) {
            if (doc.get("name") != null) {
                namesHere.add(String.valueOf(doc.get("name")));
            }
        }
        for (Map<String, Object> doc : docs) {
            String where = file + " (" + doc.get("title") + ")";
            assertTrue(doc.get("title") instanceof String t && !t.isBlank(), where + ": no title");
            String id = String.valueOf(doc.get("id"));
            assertEquals(id, UUID.fromString(id).toString(), where + ": id is not a lower-case UUID");
            assertEquals("TrailKeeper", doc.get("author"), where + ": author");
            assertTrue(LEVELS.contains(String.valueOf(doc.get("level"))), where + ": level " + doc.get("level"));
            assertTrue(doc.get("date") != null, where + ": no date");
            assertTrue(doc.get("falsepositives") instanceof List<?> fp && !fp.isEmpty(), where + ": no falsepositives");
            assertTrue(doc.get("references") instanceof List<?> refs && !refs.isEmpty()
                    && refs.stream().allMatch(u -> String.valueOf(u).startsWith("https://")),
                    where + ": references must list the documentation the rule is built on (https URLs)");
            assertTrue(doc.get("tags") instanceof List<?>, where + ": no tags");
            List<?> tags = (List<?>) doc.get("tags");
            assertTrue(tags.stream().allMatch(t -> TAG.matcher(String.valueOf(t)).matches()),
                    where + ": tags must be attack.<tactic> or attack.tNNNN[.NNN]: " + tags);
            assertTrue(tags.stream().anyMatch(t -> TECHNIQUE.matcher(String.valueOf(t)).matches()),
                    where + ": no ATT&CK technique tag: " + tags);
            String description = String.valueOf(doc.get("description"));
            assertTrue(FAILURES.stream().anyMatch(description::contains),
                    where + ": the description does not name the failure it guards, one of " + FAILURES);
            boolean detection = doc.containsKey("detection");
            boolean correlation = doc.containsKey("correlation");
            assertTrue(detection != correlation, where + ": needs a detection or a correlation, exactly one");
            if (detection) {
                assertEquals(Map.of("product", "aws", "service", "cloudtrail"), doc.get("logsource"),
                        where + ": logsource");
            } else {
                Map<?, ?> corr = (Map<?, ?>) doc.get("correlation");
                for (Object referenced : (List<?>) corr.get("rules")) {
                    assertTrue(namesHere.contains(String.valueOf(referenced)),
                            where + ": correlates " + referenced + ", which no document of this file names");
                }
            }
        }
        assertTrue(docs.size() == 1 || docs.get(docs.size() - 1).containsKey("correlation"),
                file + ": a file of several documents ends with the correlation it is about");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ruleFiles")
    void everyRuleHasAMatchingAndANonMatchingSample(String file) {
        PackFiles.sample(file, "match.jsonl");
        PackFiles.sample(file, "nomatch.jsonl");
    }
}
