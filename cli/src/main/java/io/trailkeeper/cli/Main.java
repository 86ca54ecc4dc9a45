package io.trailkeeper.cli;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.PrintableText;
import io.trailkeeper.events.TrailKeeperException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine;

/**
 * The command line's entry point: parses, runs one command, maps failures to exit codes. The only code
 * that prints or exits; everything it calls returns values or throws.
 */
public final class Main {
    /** When set, the process prints its peak resident memory on exit (for `bench ingest`). */
    static final String PEAK_RSS_ENV = "TRAILKEEPER_REPORT_PEAK_RSS";

    private Main() {
    }

    public static void main(String[] args) {
        if (System.getenv(PEAK_RSS_ENV) != null) {
            Runtime.getRuntime().addShutdownHook(new Thread(Main::printPeakRss));
        }
        PrintWriter out = new PrintWriter(System.out, true, java.nio.charset.StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, java.nio.charset.StandardCharsets.UTF_8);
        int code = run(args, out, err, Clock.systemUTC());
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the command line with the given streams and clock; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Clock clock) {
        TrailKeeperCommand root = new TrailKeeperCommand(clock);
        CommandLine cli = new CommandLine(root);
        addSubcommands(cli, args);
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setUsageHelpWidth(100);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            return report(e, root.stacktrace, err);
        });
        cli.setParameterExceptionHandler((e, given) -> usageError(e, err));
        return cli.execute(args);
    }

    /**
     * Adds the commands whose names are among the arguments (one, but a value may be a command's name too, as in
     * {@code --store stats query}), or every command when none is: for the help, and for an unknown command, which
     * picocli then answers with the closest names.
     */
    static void addSubcommands(CommandLine cli, String[] args) {
        java.util.Set<String> words = new java.util.HashSet<>(List.of(args));
        List<Class<?>> named = new java.util.ArrayList<>();
        for (Class<?> c : TrailKeeperCommand.SUBCOMMANDS) {
            if (words.contains(c.getAnnotation(CommandLine.Command.class).name())) {
                named.add(c);
            }
        }
        for (Class<?> c : named.isEmpty() ? TrailKeeperCommand.SUBCOMMANDS : named) {
            cli.addSubcommand(new CommandLine(c, cli.getFactory()));
        }
    }

    private static void printPeakRss() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    System.err.println("peak-rss-kib " + line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException e) {
            System.err.println("peak-rss-kib 0");
        }
    }

    /**
     * A command line picocli cannot parse: one error line like every other error's, the closest names for a
     * mistyped one, and the command's synopsis and where the whole help is (not the whole help: it hid the error),
     * or for a command of commands the list of them.
     */
    static int usageError(CommandLine.ParameterException e, PrintWriter err) {
        CommandLine command = e.getCommandLine();
        err.println("error: " + e.getMessage() + " [" + ErrorCode.USAGE.code() + "]");
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        if (!command.getSubcommands().isEmpty()) {
            // a command of commands (trailkeeper, collect, export, bench, rules): the help is the list of them
            command.usage(err);
        } else {
            err.print("Usage: " + command.getHelp().synopsis("Usage: ".length()));
            err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for the options and"
                    + " examples.");
        }
        err.flush();
        return ErrorCode.USAGE.exitCode();
    }

    /** The error on stderr, one line (and the fix); a message may name a file or an S3 key an attacker chose. */
    static int report(Exception e, boolean stacktrace, PrintWriter err) {
        if (e instanceof TrailKeeperException tk) {
            err.println("error: " + PrintableText.line(tk.getMessage()) + " [" + tk.code().code() + "]");
            if (tk.hint() != null) {
                err.println("  to fix: " + PrintableText.line(tk.hint()));
            }
            if (stacktrace) {
                e.printStackTrace(err);
            }
            err.flush();
            return tk.code().exitCode();
        }
        if (e instanceof IllegalArgumentException) {
            err.println("error: " + PrintableText.line(e.getMessage()));
            if (stacktrace) {
                e.printStackTrace(err);
            }
            err.flush();
            return 2;
        }
        err.println("internal error: " + PrintableText.line(e.toString()) + (stacktrace ? ""
                : " (run with -x for the stack trace)"));
        if (stacktrace) {
            e.printStackTrace(err);
        }
        err.flush();
        return 1;
    }
}
