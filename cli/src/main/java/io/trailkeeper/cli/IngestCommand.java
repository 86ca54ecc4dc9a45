package io.trailkeeper.cli;

import io.trailkeeper.events.IngestProblem;
import io.trailkeeper.events.PrintableText;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.Ingest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code trailkeeper ingest PATH...}: loads CloudTrail files into the store. */
@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Load CloudTrail records from files and folders into the store.",
        description = {"",
            "Reads trail files as CloudTrail delivers them to S3 ({\"Records\":[...]}, .json or .json.gz, in the",
            "AWSLogs/[o-xxxx/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/ layout or not), JSON arrays of records,",
            "JSON lines, LookupEvents output (aws cloudtrail lookup-events > file.json), EventBridge",
            "envelopes and zip archives of these. Folders are read recursively (.json .jsonl .ndjson .gz .zip).",
            "",
            "Each record is stored once: loading the same input again adds nothing. Files read completely",
            "before (same size and time) are passed over unless --rescan. CloudTrail-Digest files are counted",
            "and passed over. A damaged file costs only its damaged part: every problem is printed with the",
            "file and place and kept in the store's ingest_problems table.", ""},
        footer = {"", "Examples:",
            "  aws s3 sync s3://my-trail-bucket/AWSLogs ./AWSLogs && trailkeeper ingest ./AWSLogs",
            "  trailkeeper ingest lookup-us-east-1.json lookup-eu-west-1.json",
            "  trailkeeper query --sql \"SELECT * FROM ingest_problems\"   what went wrong, and where"})
final class IngestCommand implements Callable<Integer> {

    @ParentCommand
    TrailKeeperCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders to read.")
    List<Path> paths;

    @Option(names = "--rescan", description = "Read files again even when they were read completely before.")
    boolean rescan;

    @Option(names = "--strict", description = "Exit with code 4 when any input could not be read completely.")
    boolean strict;

    @Option(names = "--threads", paramLabel = "N", description = "Reading threads (default: the number of cores, at most 4).")
    Integer threads;

    @Option(names = "--max-record-size", paramLabel = "BYTES",
            description = "Reject records larger than this (default: 1048576; CloudTrail writes at most 256 KB).")
    Integer maxRecordSize;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Output.requireTabular(root.format);
        PrintWriter err = spec.commandLine().getErr();
        Ingest.Options options = Ingest.Options.defaults().withRescan(rescan);
        if (threads != null) {
            options = options.withThreads(Math.max(1, threads));
        }
        if (maxRecordSize != null) {
            options = options.withMaxRecordBytes(maxRecordSize);
        }
        Path storePath = root.storePath();
        Progress progress = new Progress(err, Terminal.errorsInteractive());
        ProblemPrinter problems = new ProblemPrinter(err, root.verbose);
        Ingest.Summary s;
        long total;
        long lake;
        try (EventStore store = EventStore.openForWriting(storePath, root.storeOptions())) {
            s = new Ingest(store, options, new Ingest.Listener() {
                @Override
                public void started(long files, long bytes, long unchanged, List<Ingest.PassedOver> ignored) {
                    if (root.verbose) {
                        ignored.forEach(p -> err.println(
                                PrintableText.line("passed over (" + p.reason() + "): " + p.path())));
                    }
                    progress.start(files, bytes);
                }

                @Override
                public synchronized void problem(IngestProblem problem) {
                    progress.clear();
                    problems.print(problem);
                }

                @Override
                public synchronized void progress(long filesDone, long bytesDone, long records) {
                    progress.update(filesDone, bytesDone, records);
                }
            }).run(paths);
            total = new io.trailkeeper.store.EventSearch(store).count(io.trailkeeper.store.EventQuery.all());
            lake = io.trailkeeper.store.MovedPartitions.events(store);
        }
        progress.clear();
        problems.finish(s.runId());
        if (root.format == TrailKeeperCommand.Format.json || root.format == TrailKeeperCommand.Format.jsonl) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("run_id", s.runId());
            m.put("files", s.files());
            m.put("files_unchanged", s.unchanged());
            m.put("files_passed_over", s.ignored());
            m.put("records", s.records());
            m.put("new", s.newEvents());
            m.put("duplicates", s.duplicates());
            m.put("digests_skipped", s.digests());
            m.put("files_with_errors", s.filesWithErrors());
            m.put("files_not_cloudtrail", s.filesNotCloudTrail());
            m.put("records_rejected", s.problemsRejected());
            m.put("records_with_warnings", s.problemsStored());
            m.put("elapsed_seconds", s.elapsed().toMillis() / 1000.0);
            m.put("events_per_second", Math.round(s.eventsPerSecond()));
            m.put("store", storePath.toString());
            m.put("store_events", total);
            m.put("lake_events", lake);
            Json.printObject(out, m);
        } else {
            out.println(summaryLine(s, storePath, total, lake));
        }
        out.flush();
        if (s.files() == 0 && s.unchanged() == 0 && s.filesWithErrors() == 0) {
            // a wrong folder must not look like an empty account
            err.println("warning: nothing to read in " + paths.stream().map(Path::toString)
                    .collect(java.util.stream.Collectors.joining(", ")) + ": no " + suffixes() + " file"
                    + (s.ignored() > 0 ? " (" + others(s.ignored()) + " passed over; -v lists them)" : ""));
        }
        boolean incomplete = s.filesWithErrors() > 0 || s.problemsRejected() > 0;
        return strict && incomplete ? 4 : 0;
    }

    static String summaryLine(Ingest.Summary s, Path store, long total, long lake) {
        double seconds = s.elapsed().toMillis() / 1000.0;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "ingested %s: %,d records, %,d new, %,d duplicates",
                files(s.files()), s.records(), s.newEvents(), s.duplicates()));
        b.append(String.format(Locale.ROOT, "; %,d digests skipped; %s with errors", s.digests(),
                files(s.filesWithErrors())));
        if (s.filesNotCloudTrail() > 0) {
            b.append("; ").append(files(s.filesNotCloudTrail())).append(" not CloudTrail");
        }
        if (s.unchanged() > 0) {
            b.append("; ").append(files(s.unchanged())).append(" unchanged since read");
        }
        if (s.ignored() > 0) {
            b.append("; ").append(others(s.ignored())).append(" passed over");
        }
        b.append(String.format(Locale.ROOT, "; %.1f s, %,.0f events/s; store %s holds %,d events", seconds,
                s.eventsPerSecond(), store, total));
        if (lake > 0) {
            // after prune the store's own rows are the hot days only: told alone, a year of evidence looked lost
            b.append(String.format(Locale.ROOT, ", and %,d more in the lake (the days prune moved; %,d in all)", lake,
                    total + lake));
        }
        return b.toString();
    }

    private static String files(long n) {
        return String.format(Locale.ROOT, n == 1 ? "%,d file" : "%,d files", n);
    }

    /** The endings ingest reads inside a folder, as a sentence says them: ".json, ..., .tar or .tgz". */
    private static String suffixes() {
        List<String> all = Ingest.FOLDER_SUFFIXES;
        return String.join(", ", all.subList(0, all.size() - 1)) + " or " + all.get(all.size() - 1);
    }

    private static String others(long n) {
        return String.format(Locale.ROOT, n == 1 ? "%,d other file" : "%,d other files", n);
    }
}
