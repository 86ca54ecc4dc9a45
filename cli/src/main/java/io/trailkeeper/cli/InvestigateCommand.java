package io.trailkeeper.cli;

import io.trailkeeper.events.Table;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.investigate.InvestigationArgs;
import io.trailkeeper.store.investigate.InvestigationResult;
import io.trailkeeper.store.investigate.InvestigationSpec;
import io.trailkeeper.store.investigate.Investigations;
import io.trailkeeper.store.investigate.Investigator;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code trailkeeper investigate}: the named investigations of the store's catalogue, with their answer in words. */
@Command(name = "investigate", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = InvestigateCommand.Catalogue.class,
        header = "Run a named investigation: who deleted it, what a key or user did, who signed in.",
        description = {"",
            "Runs a named investigation over the store (each a documented SQL query, listed below and by",
            "--list) and prints its tables, then the answer in plain sentences (notes): what happened, and",
            "what cannot be told from the store and what would have told it. Every answer ends with what the",
            "store did not collect for the window, as one line: \"warning: this answer may be incomplete: ...\"",
            "(on stdout with --format table; on stderr with json and csv, so that the data stays clean).",
            "Lists show at most --limit rows; the notes say when there were more. Times are UTC.", ""})
final class InvestigateCommand implements Callable<Integer> {
    @ParentCommand
    TrailKeeperCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The investigation (see below).")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ARG",
            description = "Its argument: RESOURCE, ACCESS_KEY_ID, ARN|USER or BUCKET.")
    String subject;

    @Option(names = "--list", description = "List the investigations (also when NAME is left out).")
    boolean list;

    @Option(names = "--since", paramLabel = "TIME", description = "From this time: 2024-03-01, 2024-03-01T12:00:00Z, or an age (90d, 12h). Default: all time.")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Up to this time (same forms; a date means to its end). Default: all time.")
    String until;

    @Option(names = "--actor", paramLabel = "ARN|USER", description = "Only a principal, as query --user takes it: part of its ARN, name or role, or the person behind a session; a whole ARN is that principal only (timeline, logins, s3).")
    String actor;

    @Option(names = "--key", paramLabel = "ACCESS_KEY_ID", description = "Only an access key (timeline).")
    String key;

    @Option(names = "--ip", paramLabel = "IP", description = "Only a source IP, a glob ('203.0.113.*') or an IPv4 CIDR block (198.51.100.0/24) (timeline, logins, s3).")
    String ip;

    @Option(names = "--limit", paramLabel = "N", description = "At most N rows in each list (default 100; timeline 1000).")
    Integer limit;

    @Override
    public Integer call() {
        Output.requireTabular(root.format);
        PrintWriter out = spec.commandLine().getOut();
        if (list || name == null) {
            Output.sections(root.format, out, Terminal.width(), List.of(catalogue()));
            return 0;
        }
        InvestigationSpec investigation = Investigations.bundled().get(name);
        Instant from = since == null ? null : TimeArguments.parse(since, root.clock, "--since");
        Instant to = until == null ? null : TimeArguments.parseUntil(until, root.clock, "--until");
        InvestigationArgs args = new InvestigationArgs(subject, from, to, actor, key, ip, limit);
        InvestigationResult result;
        try (EventStore store = EventStore.openForReading(root.storePath(), root.storeOptions())) {
            result = new Investigator(store, root.clock).run(investigation.name(), args);
        }
        print(result, out);
        return 0;
    }

    private void print(InvestigationResult result, PrintWriter out) {
        boolean table = root.format == TrailKeeperCommand.Format.table;
        List<Table> tables = new ArrayList<>(result.sections());
        List<List<Object>> notes = new ArrayList<>();
        result.notes().forEach(n -> notes.add(List.of(n)));
        if (!table) {
            tables.add(new Table("notes", List.of("note"), notes));
        }
        Output.sections(root.format, out, Terminal.width(), tables);
        if (table && !result.notes().isEmpty()) {
            out.println();
            out.println("notes");
            result.notes().forEach(n -> out.println("  " + n));
        }
        incomplete(result.warnings(), table, out, spec.commandLine().getErr());
        out.flush();
    }

    /**
     * The coverage warnings of an answer as one line: after a table on stdout, else on stderr so that the data stays
     * clean. Nothing when there are none.
     */
    static void incomplete(List<String> warnings, boolean table, PrintWriter out, PrintWriter err) {
        if (!warnings.isEmpty()) {
            afterAnswer("warning: this answer may be incomplete: " + String.join("; ", warnings), table, out, err);
        }
    }

    /** A line after the answer: after a table, on stdout below a blank line; else on stderr, the data staying clean. */
    static void afterAnswer(String line, boolean table, PrintWriter out, PrintWriter err) {
        PrintWriter to = table ? out : err;
        if (table) {
            out.println();
        }
        to.println(line);
        to.flush();
    }

    private static Table catalogue() {
        List<List<Object>> rows = new ArrayList<>();
        for (InvestigationSpec s : Investigations.bundled().all()) {
            rows.add(List.of(s.name(), s.usage(), s.title(), s.examples().get(0)));
        }
        return new Table("investigations", List.of("name", "usage", "answers", "example"), rows);
    }

    /** Writes the help's list of investigations from the catalogue, so that help and catalogue cannot disagree. */
    static final class Catalogue implements CommandLine.IModelTransformer {
        private static final int WIDTH = 99;

        @Override
        public CommandSpec transform(CommandSpec command) {
            List<String> lines = new ArrayList<>();
            lines.add("");
            lines.add("Investigations:");
            for (InvestigationSpec s : Investigations.bundled().all()) {
                lines.add("");
                lines.add("  " + s.name() + (s.subject() == null ? "" : " " + s.subject()));
                wrap(lines, s.title() + ".");
                if (s.subject() != null) {
                    wrap(lines, s.subject() + ": " + s.subjectDescription() + ".");
                }
                List<String> options = s.options().stream().filter(o -> !o.equals("limit")).map(o -> "--" + o).toList();
                if (!options.isEmpty()) {
                    wrap(lines, "Also takes " + String.join(", ", options) + ".");
                }
                s.examples().forEach(e -> wrap(lines, e));
            }
            lines.add("");
            lines.add("Every investigation takes --since, --until and --limit; `trailkeeper investigate --list` lists");
            lines.add("them as a table. Exit codes: 0 answered (also when nothing was found: the notes say so);");
            lines.add("2 an unknown investigation, a missing or unwanted argument, an option it does not take.");
            command.usageMessage().footer(lines.toArray(String[]::new));
            return command;
        }

        /** Adds text as indented lines of at most the help's width (picocli would wrap a footer line unindented). */
        private static void wrap(List<String> lines, String text) {
            String indent = "      ";
            StringBuilder line = new StringBuilder(indent);
            for (String word : text.split(" ")) {
                if (line.length() > indent.length() && line.length() + 1 + word.length() > WIDTH) {
                    lines.add(line.toString());
                    line = new StringBuilder(indent + "  ");
                }
                if (line.length() > indent.length() && !line.toString().isBlank()) {
                    line.append(' ');
                }
                line.append(word);
            }
            lines.add(line.toString());
        }
    }
}
