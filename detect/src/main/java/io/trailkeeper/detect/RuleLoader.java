package io.trailkeeper.detect;

import io.trailkeeper.detect.RuleReader.ReadRule;
import io.trailkeeper.detect.RuleValidators.RuleValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Loads Sigma rules (the SigmaHQ YAML format, unmodified) and validates them. Files may hold several documents
 * ({@code action: global}, a correlation with its rules). A rule that cannot be read or fails a check is left
 * out of the set and reported as a {@link RuleProblem} with file, line and reason; nothing is ignored silently.
 *
 * <p>Only {@code logsource: product aws, service cloudtrail} rules are used; a rule for another log source is
 * skipped and counted in {@link RuleSet#otherLogsources()} (a folder of SigmaHQ's rules holds thousands), not a
 * problem. Sigma's old aggregation
 * syntax ({@code | count() by x > N} with {@code timeframe}) is converted into an equivalent correlation where
 * its meaning is clear and rejected otherwise.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class RuleLoader {
    /** Resource folder of the bundled pack; its {@code INDEX} lists the rule files, one relative path a line. */
    public static final String BUNDLED = "io/trailkeeper/detect/rules/";

    /**
     * TrailKeeper's own placeholder: the buckets known to hold a trail's files. Unless given, none: a rule on
     * it then matches nothing (the bundled rule that uses it says so).
     */
    public static final String TRAIL_BUCKETS = "trail_buckets";

    private final Map<String, List<String>> placeholders;

    /** A loader with no placeholder values but {@link #TRAIL_BUCKETS}'s none. */
    public RuleLoader() {
        this(Map.of());
    }

    /**
     * @param placeholders values for {@code %name%} placeholders of the {@code |expand} modifier, by name (a
     *                     value may hold Sigma wildcards). A rule with a placeholder not given here is not
     *                     used: it is a {@link RuleProblem} naming the placeholder (Sigma: a tool that cannot
     *                     handle a placeholder must reject the rule). One given an empty list matches nothing.
     */
    public RuleLoader(Map<String, List<String>> placeholders) {
        Map<String, List<String>> all = new java.util.HashMap<>();
        placeholders.forEach((k, v) -> all.put(k, List.copyOf(v)));
        all.putIfAbsent(TRAIL_BUCKETS, List.of());
        this.placeholders = Map.copyOf(all);
    }

    /** Rules from files and directories (searched recursively for *.yml and *.yaml, in name order). */
    public RuleSet load(Path... dirsOrFiles) {
        List<ReadRule> rules = new ArrayList<>();
        List<RuleProblem> problems = new ArrayList<>();
        List<RuleProblem> skipped = new ArrayList<>();
        for (Path root : dirsOrFiles) {
            if (!Files.exists(root)) {
                problems.add(new RuleProblem(root.toString(), 0, "no such file or directory"));
                continue;
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(Files::isRegularFile).filter(p -> isRuleFile(p.toString())).sorted().toList();
            } catch (IOException | UncheckedIOException e) {
                problems.add(new RuleProblem(root.toString(), 0, "could not be listed: " + e.getMessage()));
                continue;
            }
            for (Path file : files) {
                try {
                    read(decode(Files.readAllBytes(file)), file.toString(), rules, problems, skipped);
                } catch (IOException e) {
                    problems.add(new RuleProblem(file.toString(), 0, "could not be read: " + e.getMessage()));
                }
            }
        }
        return finish(rules, problems, skipped);
    }

    /** TrailKeeper's own pack, from the class path (works from a jar: the files are listed in INDEX). */
    public RuleSet bundled() {
        List<ReadRule> rules = new ArrayList<>();
        List<RuleProblem> problems = new ArrayList<>();
        List<RuleProblem> skipped = new ArrayList<>();
        ClassLoader loader = RuleLoader.class.getClassLoader();
        String index;
        try (InputStream in = loader.getResourceAsStream(BUNDLED + "INDEX")) {
            if (in == null) {
                return new RuleSet(List.of(), List.of(new RuleProblem("bundled:INDEX", 0,
                        "the bundled rule index is missing from the class path")));
            }
            index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new RuleSet(List.of(), List.of(new RuleProblem("bundled:INDEX", 0, e.getMessage())));
        }
        int lineNo = 0;
        for (String line : index.split("\n")) {
            lineNo++;
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            try (InputStream in = loader.getResourceAsStream(BUNDLED + name)) {
                if (in == null) {
                    problems.add(new RuleProblem("bundled:INDEX", lineNo, "lists '" + name + "', which is missing"));
                    continue;
                }
                read(decode(in.readAllBytes()), "bundled:" + name, rules, problems, skipped);
            } catch (IOException e) {
                problems.add(new RuleProblem("bundled:" + name, 0, "could not be read: " + e.getMessage()));
            }
        }
        return finish(rules, problems, skipped);
    }

    /** The rules of one YAML text; {@code source} names it in problems. */
    public RuleSet parse(String yaml, String source) {
        List<ReadRule> rules = new ArrayList<>();
        List<RuleProblem> problems = new ArrayList<>();
        List<RuleProblem> skipped = new ArrayList<>();
        read(yaml, source, rules, problems, skipped);
        return finish(rules, problems, skipped);
    }

    private void read(String yaml, String source, List<ReadRule> rules, List<RuleProblem> problems,
                      List<RuleProblem> skipped) {
        if (yaml == null) {
            problems.add(new RuleProblem(source, 0, "not UTF-8 text"));
            return;
        }
        new RuleReader(placeholders).read(yaml, source, rules, problems, skipped);
    }

    private static RuleSet finish(List<ReadRule> read, List<RuleProblem> problems, List<RuleProblem> skipped) {
        List<RuleProblem> all = new ArrayList<>(problems);
        Set<ReadRule> rejected = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (ReadRule r : read) {
            List<RuleProblem> own = new ArrayList<>();
            for (RuleValidator v : RuleValidators.ALL) {
                v.validate(r, own);
            }
            if (!own.isEmpty()) {
                rejected.add(r);
                all.addAll(own);
            }
        }
        // a converted legacy rule is one document read as several rules: they stand or fall together
        Set<YamlDocument> rejectedDocs = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        rejected.forEach(r -> rejectedDocs.add(r.yaml()));
        List<ReadRule> valid = read.stream().filter(r -> !rejectedDocs.contains(r.yaml())).toList();
        Set<ReadRule> rejectedInSet = RuleValidators.validateSet(valid, all);
        rejectedInSet.forEach(r -> rejectedDocs.add(r.yaml()));
        List<ReadRule> used = valid.stream().filter(r -> !rejectedDocs.contains(r.yaml())).toList();
        // a legacy rule read as several rules has one YAML: its warnings once
        java.util.LinkedHashSet<RuleProblem> warnings = new java.util.LinkedHashSet<>();
        for (ReadRule r : used) {
            List<RuleProblem> own = new ArrayList<>();
            for (RuleValidator v : RuleValidators.WARNINGS) {
                v.validate(r, own);
            }
            warnings.addAll(own);
        }
        return new RuleSet(CorrelationCredits.credit(used.stream().map(ReadRule::rule).toList()), all,
                List.copyOf(warnings), skipped);
    }

    private static boolean isRuleFile(String name) {
        return name.endsWith(".yml") || name.endsWith(".yaml");
    }

    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
