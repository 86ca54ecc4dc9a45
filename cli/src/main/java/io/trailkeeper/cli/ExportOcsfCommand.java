package io.trailkeeper.cli;

import io.trailkeeper.events.Table;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.ocsf.OcsfClass;
import io.trailkeeper.store.ocsf.OcsfExport;
import io.trailkeeper.store.ocsf.OcsfMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code trailkeeper export ocsf}: the store's events as OCSF 1.1.0, for Security Lake and other OCSF tools. */
@Command(name = "ocsf", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Write the store's events as OCSF 1.1.0, mapped as Amazon Security Lake maps CloudTrail.",
        description = {"",
            "Each CloudTrail record becomes one OCSF event: console sign-ins (ConsoleLogin, CheckMfa,",
            "SwitchRole, ExitRole) are Authentication (3002); IAM changes to users and roles (CreateUser,",
            "DeleteRole, CreateAccessKey, AttachUserPolicy, UpdateLoginProfile, EnableMFADevice...) are",
            "Account Change (3001); every other call, management or data event, is API Activity (6003),",
            "its activity (Create, Read, Update, Delete) read from the operation's verb. A call with an",
            "errorCode has status Failure, the code as status_code, the message as message. The original",
            "record is kept whole in raw_data, and its fields OCSF has no place for in unmapped.",
            "",
            "Files, one per class, account, region and UTC day:",
            "  OUT/class=api_activity|authentication|account_change/account=ID/region=REGION/",
            "      date=YYYY-MM-DD/ocsf.jsonl (or ocsf.parquet: zstd, the same rows, objects as STRUCTs)",
            "Each file is written under a temporary name and moved into place when complete, replacing the",
            "file of an earlier export; --since and --until are widened to whole UTC days, so every file",
            "holds its whole day. Not exported, and counted with the reason: events without a readable",
            "time, Insight events (a rate of calls, not a call), calls naming no actor or source (a",
            "service's own event, AwsServiceEvent, has the service as both).", ""},
        footer = {"", "Examples:",
            "  trailkeeper export ocsf --out ./ocsf                       every event, as JSON lines",
            "  trailkeeper export ocsf --out ./ocsf --file-format parquet --since 30d",
            "  duckdb -c \"SELECT activity_name, count(*) FROM read_json('ocsf/class=account_change/**/*.jsonl')",
            "            GROUP BY 1\""})
final class ExportOcsfCommand implements Callable<Integer> {
    @ParentCommand
    ExportCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "The folder to write into (created if needed).")
    Path out;

    @Option(names = "--since", paramLabel = "TIME",
            description = "From this day: 2024-03-01, 2024-03-01T12:00:00Z, or an age (90d); from its 00:00 UTC.")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Up to this day (same forms), to its end.")
    String until;

    @Option(names = "--file-format", paramLabel = "FORMAT",
            description = "jsonl (default: one OCSF event per line) or parquet (zstd).")
    String fileFormat = "jsonl";

    @Override
    public Integer call() {
        TrailKeeperCommand root = parent.root;
        Output.requireTabular(root.format);
        OcsfExport.Format format = switch (fileFormat.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "jsonl" -> OcsfExport.Format.JSONL;
            case "parquet" -> OcsfExport.Format.PARQUET;
            default -> throw new IllegalArgumentException("--file-format: '" + fileFormat
                    + "' is not a file format of this command; use jsonl or parquet");
        };
        LocalFolder.refuseUrl("--out", out, "export ocsf writes to a local folder only: write it to one and copy"
                + " that (aws s3 sync ./ocsf s3://BUCKET/PREFIX), or use export parquet, which writes to s3:// itself");
        Instant from = since == null ? null : TimeArguments.parse(since, root.clock, "--since");
        Instant to = until == null ? null : TimeArguments.parseUntil(until, root.clock, "--until");
        // whole days are exported: a range within one day is that day
        if (from != null && to != null && from.truncatedTo(ChronoUnit.DAYS).isAfter(to)) {
            throw new IllegalArgumentException("--since " + since + " is after --until " + until);
        }
        OcsfExport.Result result;
        try (EventStore store = EventStore.openForReading(root.storePath(), root.storeOptions())) {
            result = new OcsfExport(store).run(out, from, to, format);
        }
        Output.sections(root.format, spec.commandLine().getOut(), Terminal.width(), tables(result));
        return 0;
    }

    private List<Table> tables(OcsfExport.Result r) {
        List<List<Object>> written = new ArrayList<>();
        for (OcsfClass c : OcsfClass.values()) {
            written.add(List.of(c.caption(), (long) c.uid(), r.events().getOrDefault(c, 0L)));
        }
        List<List<Object>> notExported = new ArrayList<>();
        notExported.add(List.of("no readable time (OCSF requires one)", r.withoutTime()));
        for (Map.Entry<String, Long> s : r.skipped().entrySet()) {
            notExported.add(List.of(s.getKey(), s.getValue()));
        }
        List<List<Object>> files = List.of(List.of(out.toAbsolutePath().normalize().toString(), (long) r.files().size(),
                r.total(), OcsfMapper.OCSF_VERSION));
        return List.of(new Table("written", List.of("folder", "files", "events", "ocsf_version"), files),
                new Table("ocsf_classes", List.of("class", "class_uid", "events"), written),
                new Table("not_exported", List.of("reason", "records"), notExported));
    }
}
