package io.trailkeeper.cli;

import io.trailkeeper.store.EventStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top command: options every command shares. */
@Command(name = "trailkeeper",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        sortOptions = false,
        
        header = "Keeps an AWS account's CloudTrail record and answers an incident's questions from it.",
        description = {"",
            "Events live in one embedded store (DuckDB): --store PATH, else $TRAILKEEPER_STORE,",
            "else ~/.trailkeeper/store.duckdb. Times are UTC. Commands that call AWS take the AWS CLI's",
            "options and settings: --profile, --region, --role-arn, --endpoint-url, AWS_* variables.", ""},
        footer = {"", "Examples:",
            "  trailkeeper demo                                 a breached account, emulated here, investigated",
            "  trailkeeper collect auto                         the trail's bucket if it works, else every",
            "                                                   region's 90-day event history",
            "  trailkeeper collect lookup --since 30d           every region's event history (LookupEvents)",
            "  trailkeeper collect s3 --bucket my-trail-bucket  a trail's files: all accounts, regions, days",
            "  trailkeeper ingest ./AWSLogs                     load trail files (.json, .json.gz, folders)",
            "  trailkeeper query --event-name DeleteBucket      who deleted buckets, in every region",
            "  trailkeeper query --access-key AKIA... --format jsonl > key.jsonl",
            "  trailkeeper stats                                what the store holds",
            "  trailkeeper verify --bucket my-trail-bucket --since 7d",
            "                                                   prove the trail's files unaltered (its digests)",
            "",
            "Exit codes: 0 ok; 1 internal error; 2 usage error; 3 findings at or above --fail-on;",
            "4 incomplete input with --strict."})
final class TrailKeeperCommand {
    /**
     * The commands, in the order the help lists them. {@link Main} builds only the one a command line names (building
     * all of them, which picocli does by reflection, took 0.3 s of every start), and all of them for the help.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(DemoCommand.class, AuditCommand.class, FixCommand.class,
            CollectCommand.class, DetectCommand.class, WatchCommand.class, RulesCommand.class, EmulatorCommand.class,
            IngestCommand.class, QueryCommand.class, InvestigateCommand.class, CoverageCommand.class,
            ReportCommand.class, StatsCommand.class, VerifyCommand.class, ExportCommand.class, PruneCommand.class,
            RederiveCommand.class, BenchCommand.class);

    @Option(names = "--store", paramLabel = "PATH", scope = ScopeType.INHERIT,
            description = "The store file (default: $TRAILKEEPER_STORE or ~/.trailkeeper/store.duckdb).")
    Path store;

    @Option(names = "--format", paramLabel = "FORMAT", scope = ScopeType.INHERIT,
            description = "Output: table (default), json, jsonl, csv; audit also html; report html, md, json; fix cloudformation, terraform, cli.")
    Format format = Format.table;

    @Option(names = "--wait", paramLabel = "SECONDS", scope = ScopeType.INHERIT,
            description = "How long to wait for a store another command is writing (default: 10).")
    int waitSeconds = 10;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "Say more: every warning, every file passed over.")
    boolean verbose;

    @Option(names = {"-x", "--stacktrace"}, scope = ScopeType.INHERIT, description = "Show the stack trace of an error.")
    boolean stacktrace;

    final Clock clock;

    TrailKeeperCommand(Clock clock) {
        this.clock = clock;
    }

    Path storePath() {
        if (store != null) {
            return store;
        }
        String env = System.getenv("TRAILKEEPER_STORE");
        return env != null && !env.isBlank() ? Path.of(env) : EventStore.defaultPath();
    }

    EventStore.StoreOptions storeOptions() {
        return EventStore.StoreOptions.defaults().withClock(clock)
                .withBusyTimeout(java.time.Duration.ofSeconds(Math.max(0, waitSeconds)));
    }

    /**
     * The output formats. Most commands print table, json, jsonl or csv; audit also html; report html, md or
     * json; fix writes cloudformation, terraform or cli. A command refuses a format it cannot write, naming the
     * ones it can.
     */
    enum Format { table, json, jsonl, csv, html, md, cloudformation, terraform, cli;

        /** Whether this is one of the four formats of tables every command prints. */
        boolean tabular() {
            return this == table || this == json || this == jsonl || this == csv;
        }
    }
}
