package io.trailkeeper.detect.pack;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.detect.InMemoryEngine;
import io.trailkeeper.detect.Match;
import io.trailkeeper.detect.RuleLoader;
import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.events.CloudTrailReader;
import io.trailkeeper.events.IngestProblem;
import io.trailkeeper.events.RecordSink;
import io.trailkeeper.events.SourceKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The bundled rule pack as files, read without the loader: the rule folder, its INDEX, each rule file's YAML
 * documents and its two samples ({@code /pack/<rule file name without .yml>/match.jsonl} and
 * {@code nomatch.jsonl}).
 */
final class PackFiles {
    static final String RULES = "/io/trailkeeper/detect/rules/";

    private PackFiles() {
    }

    /** The folder of the bundled rules on the test class path. */
    static Path rulesFolder() {
        URL index = PackFiles.class.getResource(RULES + "INDEX");
        assertNotNull(index, "the bundled rule folder has no INDEX: " + RULES + "INDEX");
        try {
            return Path.of(index.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every .yml file under the rule folder, as a path relative to it with forward slashes, sorted. */
    static List<String> ruleFiles() {
        Path root = rulesFolder();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".yml"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The INDEX lines, blank lines and # comments left out. */
    static List<String> indexEntries() {
        try {
            return Files.readAllLines(rulesFolder().resolve("INDEX"), StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The YAML documents of one rule file, in file order. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> documents(String ruleFile) {
        try {
            String text = Files.readString(rulesFolder().resolve(ruleFile), StandardCharsets.UTF_8);
            List<Map<String, Object>> docs = new ArrayList<>();
            for (Object doc : new Load(LoadSettings.builder().build()).loadAllFromString(text)) {
                if (doc != null) {
                    docs.add((Map<String, Object>) doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The id of the rule a file is about: its only document, or for a correlation written as several documents
     * the last one (the correlation the others feed).
     */
    static String mainId(String ruleFile) {
        List<Map<String, Object>> docs = documents(ruleFile);
        return String.valueOf(docs.get(docs.size() - 1).get("id"));
    }

    /** The sample folder name of a rule file: its path without .yml. */
    static String sampleName(String ruleFile) {
        return ruleFile.substring(0, ruleFile.length() - ".yml".length());
    }

    static String sampleResource(String ruleFile, String which) {
        return "/pack/" + sampleName(ruleFile) + "/" + which;
    }

    /** The matches of the whole bundled pack over the events, in the order the in-memory engine gives them. */
    static List<Match> bundledMatches(List<CloudTrailEvent> events) {
        InMemoryEngine engine = new InMemoryEngine(new RuleLoader().bundled().rules());
        List<Match> matches = new ArrayList<>();
        for (CloudTrailEvent event : events) {
            engine.accept(event, matches::add);
        }
        engine.finish(matches::add);
        return matches;
    }

    /** The records of a sample, read by the CloudTrailReader; a reading problem fails the test. */
    static List<CloudTrailEvent> sample(String ruleFile, String which) {
        return records(sampleResource(ruleFile, which));
    }

    /** The records of a JSON lines resource on the test class path; a reading problem fails the test. */
    static List<CloudTrailEvent> records(String resource) {
        List<CloudTrailEvent> events = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (InputStream in = PackFiles.class.getResourceAsStream(resource)) {
            assertNotNull(in, "missing sample " + resource);
            new CloudTrailReader().read(resource, in, new RecordSink() {
                @Override
                public void event(CloudTrailEvent event, String source, SourceKind kind, long index) {
                    events.add(event);
                }

                @Override
                public void digest(String source) {
                    problems.add(source + ": a digest file, not events");
                }

                @Override
                public void problem(IngestProblem problem) {
                    problems.add(problem.describe());
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(problems.isEmpty(), resource + " is not read cleanly: " + problems);
        assertTrue(!events.isEmpty(), resource + " holds no records");
        return events;
    }
}
