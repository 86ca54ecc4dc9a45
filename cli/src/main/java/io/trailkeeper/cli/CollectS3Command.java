package io.trailkeeper.cli;

import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.aws.s3.S3TrailCollector;
import io.trailkeeper.events.CollectSink;
import io.trailkeeper.events.Coverage;
import io.trailkeeper.events.PrintableText;
import io.trailkeeper.store.CollectWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code trailkeeper collect s3}: a trail's files from its bucket into the store. */
@Command(name = "s3", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Collect a trail's log files from its S3 bucket into the store.",
        description = {"",
            "Finds every account (organization trails too: AWSLogs/o-xxxx/ACCOUNT/), region and day in the",
            "bucket by listing it, lists each day to its end (CloudTrail delivers late and out of order), and",
            "streams the files into the store without copying the bucket. Files loaded before (same key and",
            "ETag) are not fetched again, so a rerun picks up only new and late files. Digest files are told",
            "apart from log files; --keep-raw keeps an evidence copy of every object with its S3 metadata",
            "(the digests' signatures included) for `trailkeeper verify --evidence`.", ""},
        footer = {"", "Examples:",
            "  trailkeeper collect s3 --bucket my-trail-bucket",
            "  trailkeeper collect s3 --bucket org-trail --prefix security --accounts 111111111111 --since 30d",
            "  trailkeeper collect s3 --bucket my-trail-bucket --keep-raw ./evidence", "",
            "Permissions: s3:ListBucket and s3:GetObject on the bucket (and kms:Decrypt for SSE-KMS).",
            "Exit code 4 with --strict when any folder or file could not be read, or a file had errors."})
final class CollectS3Command implements Callable<Integer> {
    @ParentCommand
    CollectCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    AwsOptionsMixin aws;

    @Option(names = "--bucket", required = true, paramLabel = "BUCKET", description = "The trail's bucket.")
    String bucket;

    @Option(names = "--prefix", paramLabel = "PREFIX", description = "The trail's S3 key prefix, if it has one.")
    String prefix;

    @Option(names = "--accounts", paramLabel = "LIST", split = ",", description = "Only these accounts (default: all found).")
    List<String> accounts = new ArrayList<>();

    @Option(names = "--regions", paramLabel = "LIST", split = ",", description = "Only these regions (default: all found).")
    List<String> regions = new ArrayList<>();

    @Option(names = "--since", paramLabel = "TIME", description = "From this day (2024-03-01, or an age: 90d). Default: the first.")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Up to this day, inclusive. Default: the last.")
    String until;

    /** What to do instead of giving --keep-raw a bucket: the evidence copy is local, for verify --evidence. */
    static final String KEEP_RAW_LOCAL = "the evidence copy is kept on this machine, for verify --evidence (copy it"
            + " to a bucket afterwards if you need to: aws s3 sync DIR s3://BUCKET/PREFIX)";

    @Option(names = "--keep-raw", paramLabel = "DIR", description = "Keep an evidence copy of every object and its metadata here.")
    Path keepRaw;

    @Option(names = "--parallel", paramLabel = "N", description = "Objects fetched at once (default: 8).")
    int parallel = S3TrailCollector.DEFAULT_PARALLELISM;

    @Option(names = "--strict", description = "Exit with code 4 when anything could not be read.")
    boolean strict;

    @Option(names = "--request-payer", paramLabel = "requester", description = "Agree to pay for the requests to a"
            + " Requester Pays bucket of another account (as the AWS CLI's --request-payer requester).")
    String requestPayer;

    @Override
    public Integer call() {
        TrailKeeperCommand root = parent.root;
        Output.requireTabular(root.format);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LocalFolder.refuseUrl("--keep-raw", keepRaw, KEEP_RAW_LOCAL);
        S3TrailCollector.Request request = S3TrailCollector.Request.of(bucket).withPrefix(prefix)
                .withAccounts(new HashSet<>(accounts)).withRegions(new HashSet<>(regions))
                .withDays(day(since, root, "--since"), day(until, root, "--until")).withKeepRaw(keepRaw)
                .withParallelism(parallel).withRequesterPays(requesterPays(requestPayer));
        try (AwsClients clients = new AwsClients(aws.toOptions());
             CollectWriter writer = new CollectWriter(root.storePath(), root.storeOptions(), "collect s3",
                     CollectWriter.Options.defaults())) {
            Progress bar = new Progress(err, Terminal.errorsInteractive());
            ProblemPrinter printer = new ProblemPrinter(err, root.verbose);
            ProblemReportingSink sink = ProblemReportingSink.printing(writer, printer, bar);
            S3TrailCollector.Summary s = collect(clients, sink, bar, request, root);
            printer.finish(writer.runId());
            long fresh = writer.totals().newEvents();
            print(root, out, err, s, fresh, sink.filesWithErrors(), request);
            return strict && (!s.complete() || sink.filesWithErrors() > 0) ? 4 : 0;
        }
    }

    static S3TrailCollector.Summary collect(AwsClients clients, CollectSink sink, Progress bar,
                                            S3TrailCollector.Request request, TrailKeeperCommand root) {
        bar.start(0, 0);
        S3TrailCollector.Summary s = new S3TrailCollector(clients.s3(clients.homeRegion()), sink, root.clock)
                .collect(request, p -> {
            synchronized (bar) {
                bar.total(p.objectsListed(), p.bytesListed());
                bar.update(p.objectsLoaded() + p.objectsSkipped() + p.objectsFailed(), p.bytesLoaded(), p.events());
            }
        });
        synchronized (bar) {
            bar.clear();
        }
        return s;
    }

    /** The --request-payer value: only "requester", as S3 and the AWS CLI take it. */
    static boolean requesterPays(String value) {
        if (value == null) {
            return false;
        }
        if (!"requester".equals(value)) {
            throw new IllegalArgumentException("--request-payer takes only 'requester', was '" + value + "'");
        }
        return true;
    }

    static LocalDate day(String text, TrailKeeperCommand root, String option) {
        if (text == null) {
            return null;
        }
        Instant t = TimeArguments.parse(text, root.clock, option);
        return LocalDate.ofInstant(t, ZoneOffset.UTC);
    }

    static void print(TrailKeeperCommand root, PrintWriter out, PrintWriter err, S3TrailCollector.Summary s, long fresh,
                      long filesWithErrors, S3TrailCollector.Request request) {
        if (root.format == TrailKeeperCommand.Format.json || root.format == TrailKeeperCommand.Format.jsonl) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bucket", request.bucket());
            m.put("accounts", s.accounts());
            m.put("regions", s.regions());
            m.put("days_listed", s.daysListed());
            m.put("objects_loaded", s.objectsLoaded());
            m.put("objects_skipped", s.objectsSkipped());
            m.put("objects_failed", s.objectsFailed());
            m.put("digests", s.digests());
            m.put("insight_files", s.insightFiles());
            m.put("events", s.events());
            m.put("new", fresh);
            m.put("problems", s.problems());
            m.put("files_with_errors", filesWithErrors);
            m.put("bytes", s.bytes());
            m.put("complete", s.complete());
            List<Map<String, Object>> cov = new ArrayList<>();
            for (Coverage c : s.coverage()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("scope", c.scope());
                e.put("account", c.account());
                e.put("region", c.region());
                e.put("status", c.status().label());
                e.put("from", c.from() == null ? null : c.from().toString());
                e.put("to", c.to() == null ? null : c.to().toString());
                e.put("reason", c.reason());
                cov.add(e);
            }
            m.put("coverage", cov);
            m.put("folders_passed_over", s.foreignFolders().stream().map(f -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("location", f.location());
                e.put("warning", f.warning());
                return e;
            }).toList());
            Json.printObject(out, m);
        } else {
            Output.sections(root.format, out, Terminal.width(), List.of(CoverageOutput.table(s.coverage(), Map.of())));
            CoverageOutput.warnings(err, s.coverage());
            s.foreignFolders().forEach(f -> err.println("warning: " + PrintableText.line(f.warning())));
            err.flush();
            out.println(summaryLine(request.bucket(), s, fresh, filesWithErrors));
        }
        out.flush();
    }

    /**
     * Day folders are one per account, region and day (a bucket of one day in 3 accounts and 3 regions has 9), so
     * they are not called days. A file read with errors lost events though its folder was read completely: said
     * apart from "complete".
     */
    static String summaryLine(String bucket, S3TrailCollector.Summary s, long fresh, long filesWithErrors) {
        return String.format(Locale.ROOT, "collected s3://%s: %,d accounts, %,d regions, %,d day folders; %,d files"
                        + " loaded (%,d already loaded, %,d failed), %,d digests, %,d events (%,d new), %,.1f MB;"
                        + "%s%s %s", bucket, s.accounts().size(), s.regions().size(), s.daysListed(), s.objectsLoaded(),
                s.objectsSkipped(), s.objectsFailed(), s.digests(), s.events(), fresh, s.bytes() / 1e6,
                ProblemReportingSink.summary(filesWithErrors),
                s.foreignFolders().isEmpty() ? "" : String.format(Locale.ROOT, " %,d %s under AWSLogs/ not in"
                        + " CloudTrail's layout passed over (see above);", s.foreignFolders().size(),
                        s.foreignFolders().size() == 1 ? "folder" : "folders"),
                s.complete() ? "complete" : "INCOMPLETE (see above)");
    }
}
