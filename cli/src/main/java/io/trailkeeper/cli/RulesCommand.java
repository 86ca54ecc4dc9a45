package io.trailkeeper.cli;

import io.trailkeeper.detect.RuleLoader;
import io.trailkeeper.detect.RuleSet;
import io.trailkeeper.detect.SigmaRule;
import io.trailkeeper.events.PrintableText;
import io.trailkeeper.events.Table;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code trailkeeper rules list|validate}: what the detection rules are, and whether they load. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        header = "List the detection rules, or validate Sigma rule files.",
        subcommands = {RulesCommand.ListRules.class, RulesCommand.Validate.class})
final class RulesCommand {
    @ParentCommand
    TrailKeeperCommand root;

    /**
     * The bundled rules (unless left out) and the rules of the given files and folders, with values for the
     * rules' {@code %placeholders%}.
     */
    static RuleSet load(List<Path> paths, boolean bundled, java.util.Map<String, List<String>> placeholders) {
        requireExisting(paths);
        RuleSet set = bundled ? new RuleLoader(placeholders).bundled() : new RuleSet(List.of(), List.of());
        return paths.isEmpty() ? set : set.plus(new RuleLoader(placeholders).load(paths.toArray(Path[]::new)));
    }

    /**
     * "rule not used" for each problem, "warning" for each warning (a rule that runs), and one line counting the
     * rules skipped for another log source (a SigmaHQ checkout holds thousands), on stderr.
     */
    static void report(RuleSet set, PrintWriter err) {
        lines(set).forEach(err::println);
    }

    /** The lines {@link #report} prints; a rule's title and values come from its file, which anyone may write. */
    static List<String> lines(RuleSet set) {
        List<String> lines = new ArrayList<>();
        set.problems().forEach(p -> lines.add("rule not used: " + PrintableText.line(p.describe())));
        set.warnings().forEach(p -> lines.add("warning: " + PrintableText.line(p.describe())));
        if (!set.otherLogsources().isEmpty()) {
            lines.add(otherLogsources(set) + " ('rules validate' lists them)");
        }
        return lines;
    }

    /** How many rules were skipped for another log source than CloudTrail. */
    static String otherLogsources(RuleSet set) {
        int n = set.otherLogsources().size();
        return "skipped " + n + (n == 1 ? " rule" : " rules") + " for another log source than CloudTrail (logsource"
                + " product aws, service cloudtrail)";
    }

    /** Fails, before any work, when a --rules path does not exist. */
    static void requireExisting(List<Path> paths) {
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new io.trailkeeper.events.TrailKeeperException(io.trailkeeper.events.ErrorCode.INPUT_NOT_FOUND,
                        "there is no rule file or folder " + p, "check the path given to --rules");
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, header = "List the rules: bundled, and from --rules.")
    static final class ListRules implements Callable<Integer> {
        @ParentCommand
        RulesCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--rules", paramLabel = "DIR", description = "More Sigma rules (files or folders, repeatable).")
        List<Path> rules = new ArrayList<>();

        @Option(names = "--no-bundled", description = "Leave out TrailKeeper's bundled rules.")
        boolean noBundled;

        @Mixin
        PlaceholderOptions placeholders;

        @Override
        public Integer call() {
            Output.requireTabular(parent.root.format);
            RuleSet set = load(rules, !noBundled, placeholders.values());
            List<List<Object>> rows = new ArrayList<>();
            for (SigmaRule r : set.rules()) {
                rows.add(List.of(r.level() == null ? "" : r.level(), r.title(), r.author() == null ? "" : r.author(),
                        r.correlation() != null ? "correlation" : "detection", String.join(" ", r.attackTags()),
                        r.source()));
            }
            Output.sections(parent.root.format, spec.commandLine().getOut(), Terminal.width(),
                    List.of(new Table("rules", List.of("level", "title", "author", "kind", "attack", "source"), rows)));
            report(set, spec.commandLine().getErr());
            return 0;
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            header = "Check Sigma rule files: every problem with its file, line and reason.",
            footer = {"", "A warning (a rule names a field CloudTrail records do not have) is listed too: such a rule",
                    "still runs. A rule for another log source than CloudTrail is skipped, listed and counted, not a",
                    "problem. Exit code 2 when any rule cannot be used; warnings alone leave it 0."})
    static final class Validate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "PATH", description = "Rule files or folders.")
        List<Path> paths;

        @Mixin
        PlaceholderOptions placeholders;

        @Override
        public Integer call() {
            RuleSet set = load(paths, false, placeholders.values());
            PrintWriter out = spec.commandLine().getOut();
            set.problems().forEach(p -> out.println(PrintableText.line(p.describe())));
            set.warnings().forEach(p -> out.println("warning: " + PrintableText.line(p.describe())));
            set.otherLogsources().forEach(p -> out.println("skipped: " + PrintableText.line(p.describe())));
            out.println(set.rules().size() + " rules valid, " + set.problems().size() + " problems"
                    + (set.warnings().isEmpty() ? "" : ", " + set.warnings().size() + " warnings")
                    + (set.otherLogsources().isEmpty() ? "" : ", " + set.otherLogsources().size()
                    + " skipped (not CloudTrail)"));
            out.flush();
            return set.problems().isEmpty() ? 0 : 2;
        }
    }
}
