package io.trailkeeper.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code trailkeeper bench query}: each investigation on a large store against jq over the same raw files. */
@Command(name = "query", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Measure each investigation against jq answering the same question over the raw files.",
        description = {"",
            "Generates realistic trail files (gzipped, as CloudTrail delivers them) with an incident planted",
            "among them: a bucket created in eu-central-1 and deleted from ap-southeast-2 by a leaked access",
            "key from an unusual IP, console sign-ins with failures, S3 data events, an actor working through",
            "AssumeRole sessions. Ingests them into a store, then, for each question, measures in this run:",
            "  - the investigation: once as `trailkeeper investigate` in a new JVM (what a user waits for);",
            "    then in this JVM, which has run every investigation once before: the first run on a freshly",
            "    opened store (cold: DuckDB's cache empty; the operating system's file cache is not emptied)",
            "    and the median of the other runs (warm);",
            "  - jq answering the same question over the .json.gz files: `gzip -dc | jq` on each of --threads",
            "    shares of the files at once, then one jq merging their output (the programs are written to",
            "    DIR/jq, where they can be run by hand; each says what it answers);",
            "and checks that both give the same answer. Prints a table and a verdict per target: each",
            "investigation at least 100x faster than jq, who-deleted and key under a second (both judged on",
            "the cold run; the new process's time is printed beside it).",
            "Exit code 1 when an answer differs.",
            "",
            "Generating and ingesting 10 million events takes a while: with --keep the folder is kept, and a",
            "later run with the same --events and --seed reuses it.", ""},
        footer = {"", "Examples:", "  trailkeeper bench query --keep",
            "  trailkeeper bench query --events 200000 --only who-deleted --only key"})
final class BenchQueryCommand implements Callable<Integer> {
    @ParentCommand
    BenchCommand bench;

    @Spec
    CommandSpec spec;

    @Option(names = "--events", paramLabel = "N", description = "Events to generate (default: 10000000).")
    long events = 10_000_000;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Work folder: trail files, store, jq programs (default:"
                    + " trailkeeper-bench-query-N-SEED in the temp dir).")
    Path dir;

    @Option(names = "--keep", description = "Keep the work folder after the run, for the next run to reuse.")
    boolean keep;

    @Option(names = "--runs", paramLabel = "N",
            description = "Runs of each investigation: one cold, the rest warm (default: 5).")
    int runs = 5;

    @Option(names = "--only", paramLabel = "NAME", description = "Measure only this one (repeatable): who-deleted,"
            + " key, logins, actor, s3, regions, timeline.")
    List<String> only = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads of the generator and the ingest, and jq processes (default: cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--seed", paramLabel = "N", description = "Generator seed (default: 7).")
    long seed = 7;

    @Override
    public Integer call() throws Exception {
        PrintWriter result = spec.commandLine().getOut();
        // progress goes with the table; beside json or csv it goes to standard error
        PrintWriter out = bench.root.format == TrailKeeperCommand.Format.table ? result : spec.commandLine().getErr();
        List<BenchQueryQuestion> questions = BenchQueryQuestion.select(only);
        if (events < 1 || runs < 2 || threads < 1) {
            throw new IllegalArgumentException("--events and --threads must be at least 1, --runs at least 2");
        }
        String jqVersion = BenchQueryJq.version();
        Path work = dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir"),
                "trailkeeper-bench-query-" + events + "-" + seed);
        boolean created = !Files.exists(work);
        Files.createDirectories(work);
        try {
            BenchQueryData.Prepared data = BenchQueryData.prepare(work, events, seed, threads,
                    bench.root.storeOptions(), out);
            out.printf(Locale.ROOT, "input: %,d trail files, %,d events (%,d generated + %,d planted), %,.1f MB"
                    + " gzipped; %s, %d processes%n%s%n", data.files().size(), data.generated() + data.planted(),
                    data.generated(), data.planted(), data.gzipBytes() / 1e6, jqVersion, Math.min(threads, data.files().size()),
                    BenchQueryFigures.machine());
            BenchQueryJq jq = new BenchQueryJq(work.resolve("jq"), data.files(), threads);
            List<BenchQueryFigures.Row> rows = new ArrayList<>();
            BenchQueryInvestigations investigations = new BenchQueryInvestigations(data.store(),
                    bench.root.storeOptions(), runs);
            out.println("warming this JVM up: every investigation once, unmeasured ...");
            out.flush();
            investigations.warmUp(questions);
            for (BenchQueryQuestion q : questions) {
                rows.add(measure(out, q, investigations, jq));
            }
            boolean table = bench.root.format == TrailKeeperCommand.Format.table;
            if (table) {
                out.println();
            }
            Output.sections(bench.root.format, result, Terminal.width(), BenchQueryFigures.tables(rows));
            if (table) {
                BenchQueryFigures.verdicts(out, rows);
            }
            return rows.stream().allMatch(BenchQueryFigures.Row::agree) ? 0 : 1;
        } finally {
            BenchQueryData.cleanUp(out, work, created, keep);
        }
    }

    private BenchQueryFigures.Row measure(PrintWriter out, BenchQueryQuestion q,
                                          BenchQueryInvestigations investigations, BenchQueryJq jq) throws Exception {
        out.printf(Locale.ROOT, "%s: trailkeeper ...", q.label());
        out.flush();
        BenchQueryInvestigations.Timing tk = investigations.time(q);
        out.printf(Locale.ROOT, " %.2f s as a new process, %.3f s cold, %.3f s warm; jq ...", tk.processSeconds(),
                tk.coldSeconds(), tk.warmMedianSeconds());
        out.flush();
        BenchQueryJq.Answer baseline = jq.answer(q.name(), q.jqArgs());
        BenchQueryFigures.Row row = new BenchQueryFigures.Row(q, tk, baseline,
                BenchQueryAnswers.differences(baseline.answer(), tk.answer()));
        out.printf(Locale.ROOT, " %.1f s; %,.0fx faster (cold); %s%n", baseline.seconds(), row.speedUp(),
                row.agree() ? String.format(Locale.ROOT, "same answer (%,d events)", row.events()) : "ANSWERS DIFFER");
        for (String difference : row.differences()) {
            out.println("  MISMATCH " + q.name() + ": " + difference);
        }
        out.flush();
        return row;
    }

}
